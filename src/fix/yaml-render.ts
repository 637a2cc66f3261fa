import type { JsonValue } from '../core/patch.js';
import { plainScalar } from '../k8s/kube-yaml/scalars.js';

/**
 * Writes new values the way Kubernetes will read them back: YAML 1.1 as go-yaml resolves it
 * (`false`, never `no`; a string that YAML 1.1 would type is double-quoted), in the style of the
 * place it goes (block lines, a flow collection, or JSON).
 */

/** How new lines are laid out: inferred from the document (see yaml-style.ts). */
export interface BlockStyle {
  /** spaces per nesting level */
  readonly indent: number;
  /** whether a list under a key is indented (`key:\n  - a`) or not (`key:\n- a`) */
  readonly indentSequences: boolean;
}

const PLAIN_SAFE = /^[A-Za-z0-9_/][A-Za-z0-9_./-]*$/;

/** A string written plain when YAML 1.1 reads it back as that string, else double-quoted (a JSON string is a YAML one). */
export function renderString(value: string): string {
  return value !== '' && PLAIN_SAFE.test(value) && plainScalar(value) === value ? value : JSON.stringify(value);
}

function isMap(value: JsonValue): value is { readonly [key: string]: JsonValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function renderScalar(value: null | boolean | number | string): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('a value that is not finite cannot be written');
    return String(value);
  }
  return renderString(value);
}

/** `{a: 1, b: [x]}` in YAML, or JSON. */
export function renderFlow(value: JsonValue, json: boolean): string {
  if (json) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => renderFlow(item, false)).join(', ')}]`;
  if (isMap(value)) return `{${Object.entries(value).map(([key, item]) => `${renderString(key)}: ${renderFlow(item, false)}`).join(', ')}}`;
  return renderScalar(value as null | boolean | number | string);
}

/** A value that fits on the line of its key or dash: a scalar or an empty collection. */
function isInline(value: JsonValue): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (isMap(value)) return Object.keys(value).length === 0;
  return true;
}

/** Lines of `key: value` at `column` (the first line included). */
export function blockPairLines(key: string, value: JsonValue, column: number, style: BlockStyle): string[] {
  const pad = ' '.repeat(column);
  const head = `${pad}${renderString(key)}:`;
  if (isInline(value)) return [`${head} ${renderFlow(value, false)}`];
  return [head, ...blockValueLines(value, column, style)];
}

/** The lines under a key at `keyColumn` that hold a map or a non-empty list. */
export function blockValueLines(value: JsonValue, keyColumn: number, style: BlockStyle): string[] {
  if (Array.isArray(value)) {
    const dash = keyColumn + (style.indentSequences ? style.indent : 0);
    return value.flatMap((item) => blockItemLines(item, dash, style));
  }
  return Object.entries(value as Record<string, JsonValue>).flatMap(([key, item]) => blockPairLines(key, item, keyColumn + style.indent, style));
}

/** Lines of `- item` with the dash at `dashColumn`: a map item starts on the dash's line. */
export function blockItemLines(value: JsonValue, dashColumn: number, style: BlockStyle): string[] {
  const pad = ' '.repeat(dashColumn);
  if (isInline(value)) return [`${pad}- ${renderFlow(value, false)}`];
  if (Array.isArray(value)) return [`${pad}-`, ...value.flatMap((item) => blockItemLines(item, dashColumn + style.indent, style))];
  const lines = Object.entries(value as Record<string, JsonValue>).flatMap(([key, item]) => blockPairLines(key, item, dashColumn + 2, style));
  lines[0] = `${pad}- ${lines[0]!.slice(dashColumn + 2)}`;
  return lines;
}

/** A flow or JSON member `key: value`, `"key": value`. */
export function flowPair(key: string, value: JsonValue, json: boolean): string {
  return `${json ? JSON.stringify(key) : renderString(key)}: ${renderFlow(value, json)}`;
}

/**
 * A JSON value laid out over lines as `JSON.stringify(value, null, unit)` does, every line after
 * the first prefixed with `indent` (the member's own indentation).
 */
export function prettyJson(value: JsonValue, indent: string, unit: string): string {
  return JSON.stringify(value, null, unit).split('\n').join(`\n${indent}`);
}
