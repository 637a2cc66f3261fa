import { isDeepStrictEqual } from 'node:util';
import { Composer, Parser, isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { JsonValue } from '../core/patch.js';
import { isMergeKey, jsonKey, resolveScalar } from '../k8s/kube-yaml/scalars.js';
import { LineIndex, type TextEdit } from './text-edits.js';
import { inferBlockStyle } from './yaml-style.js';
import { blockItemLines, blockPairLines, blockValueLines, flowPair, prettyJson, renderFlow, renderString, type BlockStyle } from './yaml-render.js';

/**
 * The smallest text edits that turn one YAML (or JSON) document from the value it decodes to
 * into another. The document is read with the `yaml` package's Document API only to find where
 * things are; the edits touch only the nodes that change, so comments, key order, quoting,
 * indentation and anchors stay the author's:
 *
 * - a changed scalar is replaced where it stands;
 * - a missing key is a new line after the last key of its block map (at that map's indentation,
 *   after any merge key `<<`, so it wins as go-yaml reads it), or a new member of a flow map or
 *   JSON object;
 * - an item added to a list is a new `- item` line, or a new member of a flow list;
 * - a map that comes from an alias (`securityContext: *defaults`) is not edited at its anchor,
 *   which other places share: the alias becomes `<<: *defaults` plus the keys that change.
 *
 * Whatever the edits, fix/ decodes the new text as kubectl does and compares it with the value
 * it meant (file-edits.ts): an edit that reads back differently is never written.
 */

export class EditProblem extends Error {}

/** Where a node stands: the pair whose value it is, the list it is an item of, or the document. */
type Owner = { kind: 'root' } | { kind: 'pair'; pair: Pair; keyColumn: number; flow: boolean } | { kind: 'item'; flow: boolean };

interface Editor {
  readonly text: string;
  readonly lines: LineIndex;
  readonly style: BlockStyle;
  readonly json: boolean;
  readonly edits: TextEdit[];
}

const PARSE_OPTIONS = { schema: 'failsafe', uniqueKeys: false, merge: false, version: '1.1', strict: false, prettyErrors: false } as const;

function isObject(value: unknown): value is Record<string, JsonValue> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Edits of `text` (one document of a kubectl stream, or one JSON value) that make it decode to `after`. */
export function documentEdits(text: string, before: unknown, after: unknown, options: { json: boolean }): TextEdit[] {
  const composer = new Composer(PARSE_OPTIONS);
  let document;
  for (const parsed of composer.compose(new Parser().parse(text))) {
    document = parsed;
    break;
  }
  if (!document || document.errors.length > 0) throw new EditProblem('the document could not be read for editing');
  const lines = new LineIndex(text);
  const root = document.contents as Node | null;
  const editor: Editor = { text, lines, style: inferBlockStyle(root, lines), json: options.json, edits: [] };
  editValue(editor, root, before, after, { kind: 'root' });
  return editor.edits;
}

function rangeOf(node: Node): [number, number, number] {
  const range = node.range;
  if (!range) throw new EditProblem('a node has no position');
  return range;
}

function editValue(editor: Editor, node: Node | null, before: unknown, after: unknown, owner: Owner): void {
  if (isDeepStrictEqual(before, after)) return;
  if (node && isAlias(node)) {
    if (isObject(before) && isObject(after) && owner.kind !== 'root') mergeOverride(editor, node, before, after, owner);
    else replaceValue(editor, node, after as JsonValue, owner);
    return;
  }
  if (node && isMap(node) && isObject(before) && isObject(after)) return editMap(editor, node, before, after);
  if (node && isSeq(node) && Array.isArray(before) && Array.isArray(after)) return editSeq(editor, node, before, after);
  replaceValue(editor, node, after as JsonValue, owner);
}

/** The key go-yaml reads from a key node, or undefined for keys this editor does not follow (aliases, collections). */
function keyOf(pair: Pair): string | undefined {
  const key = pair.key as Node | null;
  if (!key || !isScalar(key)) return undefined;
  try {
    return jsonKey(resolveScalar(String(key.value), key.tag ?? '', implicit(key))).key;
  } catch {
    return undefined;
  }
}

function implicit(node: Node): boolean {
  return isScalar(node) && ((node.type === 'PLAIN' && !node.tag) || node.tag === '!');
}

function isMergePair(pair: Pair): boolean {
  const key = pair.key as Node | null;
  return !!key && isScalar(key) && isMergeKey(String(key.value), key.tag ?? '', implicit(key));
}

function keyStart(pair: Pair): number {
  const key = pair.key as Node | null;
  if (!key) throw new EditProblem('a mapping entry without a key');
  return rangeOf(key)[0];
}

/** Offset after the last character of the pair's value (or key, when the value is empty). */
function pairEnd(pair: Pair): number {
  const value = pair.value as Node | null;
  return value?.range ? value.range[1] : rangeOf(pair.key as Node)[1];
}

/** Offset after the last non-blank character before `end`. */
function contentEnd(text: string, end: number): number {
  let at = end;
  while (at > 0 && /\s/.test(text[at - 1]!)) at -= 1;
  return at;
}

/** The offset right after the `:` that ends a pair's key. */
function afterColon(editor: Editor, pair: Pair): number {
  let at = rangeOf(pair.key as Node)[1];
  const text = editor.text;
  while (at < text.length && (text[at] === ' ' || text[at] === '\t')) at += 1;
  if (text[at] !== ':') throw new EditProblem('a key written in a form this editor does not change (explicit ? key)');
  return at + 1;
}

function editMap(editor: Editor, map: YAMLMap, before: Record<string, JsonValue>, after: Record<string, JsonValue>): void {
  const flow = editor.json || !!map.flow;
  // the pair that writes each key as go-yaml reads the map: a merge key can override the keys before it
  const writers = new Map<string, Pair>();
  for (const item of map.items) {
    if (!isPair(item)) throw new EditProblem('a mapping entry this editor does not read');
    if (isMergePair(item)) {
      writers.clear();
      continue;
    }
    const key = keyOf(item);
    if (key !== undefined) writers.set(key, item);
  }
  const additions: [string, JsonValue][] = [];
  for (const key of Object.keys(after)) {
    const had = Object.hasOwn(before, key);
    if (had && isDeepStrictEqual(before[key], after[key])) continue;
    const writer = writers.get(key);
    if (writer && had) {
      editValue(editor, writer.value as Node | null, before[key], after[key], { kind: 'pair', pair: writer, keyColumn: editor.lines.column(keyStart(writer)), flow });
    } else if (writer) {
      throw new EditProblem(`key ${JSON.stringify(key)} is in the text but not in the value read from it`);
    } else {
      additions.push([key, after[key]!]);
    }
  }
  for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) throw new EditProblem(`a fix would remove ${JSON.stringify(key)}, which fixes never do`);
  if (additions.length > 0) insertPairs(editor, map, additions, flow);
}

/** The indentation of members of a multi-line flow collection and one level of it (for JSON written with tabs or spaces). */
function memberIndent(editor: Editor, open: number, firstMember: number): { indent: string; unit: string } {
  const lines = editor.lines;
  const indent = lines.leadingWhitespace(lines.lineOf(firstMember));
  const outer = lines.leadingWhitespace(lines.lineOf(open));
  const unit = indent.startsWith(outer) && indent.length > outer.length ? indent.slice(outer.length) : '  ';
  return { indent, unit };
}

function flowMember(editor: Editor, key: string | undefined, value: JsonValue, layout: { indent: string; unit: string } | undefined): string {
  if (!layout) return key === undefined ? renderFlow(value, editor.json) : flowPair(key, value, editor.json);
  const rendered = editor.json ? prettyJson(value, layout.indent, layout.unit) : renderFlow(value, false);
  if (key === undefined) return rendered;
  return `${editor.json ? JSON.stringify(key) : renderString(key)}: ${rendered}`;
}

function insertPairs(editor: Editor, map: YAMLMap, additions: readonly [string, JsonValue][], flow: boolean): void {
  const [open] = rangeOf(map);
  const items = map.items as Pair[];
  if (flow) {
    if (items.length === 0) {
      editor.edits.push({ start: open + 1, end: open + 1, text: additions.map(([key, value]) => flowMember(editor, key, value, undefined)).join(', ') });
      return;
    }
    const first = keyStart(items[0]!);
    const multiline = editor.lines.lineOf(first) !== editor.lines.lineOf(open);
    const layout = multiline ? memberIndent(editor, open, first) : undefined;
    const separator = layout ? `,\n${layout.indent}` : ', ';
    const end = pairEnd(items[items.length - 1]!);
    editor.edits.push({ start: end, end, text: additions.map(([key, value]) => separator + flowMember(editor, key, value, layout)).join('') });
    return;
  }
  const column = editor.lines.column(keyStart(items[0]!));
  const lines = additions.flatMap(([key, value]) => blockPairLines(key, value, column, editor.style));
  insertLines(editor, contentEnd(editor.text, pairEnd(items[items.length - 1]!)), lines);
}

/** New lines after the line that holds the character before `end`. */
function insertLines(editor: Editor, end: number, lines: readonly string[]): void {
  const at = editor.lines.nextLineStart(Math.max(end - 1, 0));
  const text = editor.text;
  const lastLineOpen = at === text.length && !text.endsWith('\n');
  editor.edits.push({ start: at, end: at, text: lastLineOpen ? `\n${lines.join('\n')}` : `${lines.join('\n')}\n` });
}

function editSeq(editor: Editor, seq: YAMLSeq, before: readonly unknown[], after: readonly unknown[]): void {
  if (after.length < before.length) throw new EditProblem('a fix would remove a list item, which fixes never do');
  if (seq.items.length !== before.length) throw new EditProblem('a list whose items this editor cannot match to the value read');
  const flow = editor.json || !!seq.flow;
  before.forEach((item, index) => editValue(editor, seq.items[index] as Node | null, item, after[index], { kind: 'item', flow }));
  const appended = after.slice(before.length) as JsonValue[];
  if (appended.length === 0) return;
  const [open] = rangeOf(seq);
  const items = seq.items as Node[];
  if (flow) {
    if (items.length === 0) {
      editor.edits.push({ start: open + 1, end: open + 1, text: appended.map((value) => flowMember(editor, undefined, value, undefined)).join(', ') });
      return;
    }
    const first = rangeOf(items[0]!)[0];
    const multiline = editor.lines.lineOf(first) !== editor.lines.lineOf(open);
    const layout = multiline ? memberIndent(editor, open, first) : undefined;
    const separator = layout ? `,\n${layout.indent}` : ', ';
    const end = rangeOf(items[items.length - 1]!)[1];
    editor.edits.push({ start: end, end, text: appended.map((value) => separator + flowMember(editor, undefined, value, layout)).join('') });
    return;
  }
  const dash = editor.lines.column(open);
  const lines = appended.flatMap((value) => blockItemLines(value, dash, editor.style));
  insertLines(editor, contentEnd(editor.text, rangeOf(items[items.length - 1]!)[1]), lines);
}

function isInline(value: JsonValue): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.keys(value).length === 0;
  return true;
}

/** Replaces a whole value (a scalar, an alias, a collection of another type) with `value`. */
function replaceValue(editor: Editor, node: Node | null, value: JsonValue, owner: Owner): void {
  if (owner.kind === 'root') throw new EditProblem('the document itself would be replaced');
  const flow = editor.json || owner.flow;
  if (flow || isInline(value)) {
    const text = renderFlow(value, editor.json);
    if (node?.range && !(isScalar(node) && node.source === '' && node.range[0] === node.range[1])) {
      editor.edits.push({ start: node.range[0], end: node.range[1], text });
    } else if (owner.kind === 'pair') {
      // an empty value (`key:`): the new one goes right after the colon
      const at = afterColon(editor, owner.pair);
      editor.edits.push({ start: at, end: node?.range ? Math.max(at, node.range[1]) : at, text: ` ${text}` });
    } else {
      throw new EditProblem('an empty list item this editor does not fill');
    }
    return;
  }
  if (owner.kind === 'pair') {
    const at = afterColon(editor, owner.pair);
    const end = node?.range ? node.range[1] : at;
    editor.edits.push({ start: at, end: Math.max(at, end), text: `\n${blockValueLines(value, owner.keyColumn, editor.style).join('\n')}` });
    return;
  }
  if (!node?.range) throw new EditProblem('an empty list item this editor does not fill');
  const dash = editor.lines.column(node.range[0]) - 2;
  const lines = blockItemLines(value, Math.max(dash, 0), editor.style);
  lines[0] = lines[0]!.slice(Math.max(dash, 0) + 2);
  editor.edits.push({ start: node.range[0], end: node.range[1], text: lines.join('\n') });
}

/** `key: *anchor` that must change: `key: {<<: *anchor, changed: …}`, so the anchor others share stays as it is. */
function mergeOverride(editor: Editor, alias: Alias, before: Record<string, JsonValue>, after: Record<string, JsonValue>, owner: Exclude<Owner, { kind: 'root' }>): void {
  for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) throw new EditProblem(`a fix would remove ${JSON.stringify(key)}, which fixes never do`);
  const overrides = Object.keys(after).filter((key) => !Object.hasOwn(before, key) || !isDeepStrictEqual(before[key], after[key]));
  const [start, end] = rangeOf(alias);
  const reference = editor.text.slice(start, end);
  if (editor.json || owner.flow) {
    const members = overrides.map((key) => flowPair(key, after[key]!, false));
    editor.edits.push({ start, end, text: `{<<: ${reference}, ${members.join(', ')}}` });
    return;
  }
  if (owner.kind === 'pair') {
    const column = owner.keyColumn + editor.style.indent;
    const lines = [`${' '.repeat(column)}<<: ${reference}`, ...overrides.flatMap((key) => blockPairLines(key, after[key]!, column, editor.style))];
    editor.edits.push({ start: afterColon(editor, owner.pair), end, text: `\n${lines.join('\n')}` });
    return;
  }
  const column = editor.lines.column(start);
  const lines = [`<<: ${reference}`, ...overrides.flatMap((key) => blockPairLines(key, after[key]!, column, editor.style))];
  editor.edits.push({ start, end, text: lines.join('\n') });
}
