import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';

/**
 * Reads one aws-auth value the way the EKS authenticator does: YAML 1.1
 * (Go's gopkg.in/yaml.v2: `yes`/`no`/`on`/`off` are booleans, merge keys work,
 * a repeated key keeps its last value, only the first document counts),
 * converted to JSON values as sigs.k8s.io/yaml does before Go's
 * encoding/json decodes it. Records the line of every path inside the text so
 * that findings point into the ConfigMap.
 */

export type YamlReadResult =
  | { readonly ok: true; readonly value: unknown; readonly lines: ReadonlyMap<string, number> }
  | { readonly ok: false; readonly message: string; readonly line?: number };

export interface YamlReadOptions {
  /**
   * Plain scalars keep their source text (yaml.v2 decoding into a Go string
   * does this: `012345678901` stays `012345678901`, not a number).
   */
  readonly rawScalars?: boolean;
}

const MAX_NODES = 100_000;
const MAX_DEPTH = 64;

class ConversionError extends Error {
  readonly offset: number | undefined;
  constructor(message: string, offset?: number) {
    super(message);
    this.offset = offset;
  }
}

interface Walk {
  readonly doc: Document;
  readonly counter: LineCounter;
  readonly lines: Map<string, number>;
  readonly raw: boolean;
  /** Alias.resolve searches the document: once per alias node is enough */
  readonly aliases: Map<unknown, Node | null>;
  nodes: number;
}

function lineAt(walk: Walk, offset: number | undefined): number | undefined {
  if (offset === undefined) return undefined;
  return walk.counter.linePos(offset).line - 1;
}

function startOf(node: Node | null | undefined): number | undefined {
  return node?.range?.[0];
}

function scalarValue(node: Node & { value: unknown; source?: string; type?: string }, raw: boolean): unknown {
  const value = node.value;
  const source = typeof node.source === 'string' ? node.source : undefined;
  if (raw) {
    if (value === null || value === undefined) return null;
    if (node.type === 'PLAIN' && source !== undefined) return source;
    return typeof value === 'string' ? value : String(value);
  }
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') return value ?? null;
  if (typeof value === 'number') {
    // yaml.v2 has no sexagesimal numbers: `12:30` is a string there
    if (source?.includes(':')) return source;
    if (!Number.isFinite(value)) throw new ConversionError(`unsupported value ${source ?? String(value)} (JSON has no infinity or NaN)`, startOf(node));
    return value;
  }
  // timestamps, binary and other 1.1 types reach Go as their text
  return source ?? String(value);
}

function keyString(walk: Walk, key: unknown): string {
  if (isScalar(key)) {
    const value = scalarValue(key as never, false);
    return value === null ? 'null' : String(value);
  }
  throw new ConversionError('a mapping key is itself a collection, which JSON cannot hold', startOf(key as Node));
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || (key.source === '<<' && key.type === 'PLAIN'));
}

function convert(walk: Walk, input: unknown, path: string, depth: number): unknown {
  walk.nodes += 1;
  if (walk.nodes > MAX_NODES) throw new ConversionError(`more than ${MAX_NODES} values (a YAML alias bomb?)`);
  if (depth > MAX_DEPTH) throw new ConversionError(`nested deeper than ${MAX_DEPTH} levels`);
  let node = input as Node | null | undefined;
  if (isAlias(node)) {
    const alias = node;
    let target = walk.aliases.get(alias);
    if (target === undefined) walk.aliases.set(alias, (target = alias.resolve(walk.doc) ?? null));
    node = target;
  }
  if (node === null || node === undefined) return null;
  if (isScalar(node)) return scalarValue(node as never, walk.raw);
  if (isSeq(node)) {
    return node.items.map((item, index) => {
      const itemPath = `${path}[${index}]`;
      const line = lineAt(walk, startOf(item as Node));
      if (line !== undefined) walk.lines.set(itemPath, line);
      return convert(walk, item, itemPath, depth + 1);
    });
  }
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    const merged: Record<string, unknown>[] = [];
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        const value = convert(walk, pair.value, path, depth + 1);
        for (const source of Array.isArray(value) ? value : [value]) {
          if (source !== null && typeof source === 'object' && !Array.isArray(source)) merged.push(source as Record<string, unknown>);
        }
        continue;
      }
      const key = keyString(walk, pair.key);
      const keyPath = path === '' ? key : `${path}.${key}`;
      const line = lineAt(walk, startOf(pair.key as Node));
      if (line !== undefined) walk.lines.set(keyPath, line);
      out[key] = convert(walk, pair.value, keyPath, depth + 1);
    }
    // explicit keys win over merged ones; earlier merge sources win over later ones
    for (const source of merged) for (const [key, value] of Object.entries(source)) if (!(key in out)) out[key] = value;
    return out;
  }
  throw new ConversionError('unsupported YAML node', startOf(node));
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).trim();
}

export function readYaml11(text: string, options: YamlReadOptions = {}): YamlReadResult {
  const counter = new LineCounter();
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: false, prettyErrors: false, lineCounter: counter });
  } catch (error) {
    return { ok: false, message: `invalid YAML: ${firstLine(error instanceof Error ? error.message : String(error))}` };
  }
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (!doc) return { ok: true, value: null, lines: new Map() };
  const error = doc.errors[0];
  if (error) {
    const line = counter.linePos(error.pos[0]).line - 1;
    return { ok: false, message: `invalid YAML: ${firstLine(error.message)}`, line };
  }
  const walk: Walk = { doc, counter, lines: new Map(), raw: options.rawScalars ?? false, aliases: new Map(), nodes: 0 };
  try {
    return { ok: true, value: convert(walk, doc.contents, '', 0), lines: walk.lines };
  } catch (failure) {
    if (failure instanceof ConversionError) {
      const line = lineAt(walk, failure.offset);
      return { ok: false, message: failure.message, ...(line !== undefined ? { line } : {}) };
    }
    if (failure instanceof RangeError) return { ok: false, message: 'nested too deeply to read' };
    throw failure;
  }
}
