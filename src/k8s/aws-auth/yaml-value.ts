import { createRequire } from 'node:module';
import jsYaml from 'js-yaml';
import type { Node } from 'yaml';
import { decodeYamlDocument, YamlProblem } from '../kube-yaml/document.js';

// `yaml` (some 80 modules) is loaded the first time a finding needs a line inside aws-auth, not at start-up.
const requireCommonJs = createRequire(import.meta.url);
let yamlModule: typeof import('yaml') | undefined;
function yamlLibrary(): typeof import('yaml') {
  yamlModule ??= requireCommonJs('yaml') as typeof import('yaml');
  return yamlModule;
}

/**
 * Reads one aws-auth value the way the EKS authenticator does: `mapRoles` and `mapUsers` through
 * apimachinery's ToJSON (sigs.k8s.io/yaml, go-yaml v2: YAML 1.1 scalars, merge keys, a repeated
 * key keeps its last value), with the same reader that decodes manifests (k8s/kube-yaml);
 * `mapAccounts` straight into Go strings (`rawScalars`).
 *
 * The line of each path inside the text is worked out only when a finding asks for it
 * (`yamlLines`), with the `yaml` package's syntax tree, which is slower but keeps positions.
 */

export type YamlReadResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string; readonly line?: number };

export interface YamlReadOptions {
  /**
   * Every scalar is read as its text, as yaml.v2 does when it decodes into a
   * Go string: `012345678901` stays `012345678901`, not a number.
   */
  readonly rawScalars?: boolean;
}

const MERGE = (jsYaml as unknown as { types: { merge: jsYaml.Type } }).types.merge;

/** Every scalar as its text, as yaml.v2 decodes into Go strings; merge keys work. */
const TEXT_SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [MERGE] });

/** The manifest reader's limits for one aws-auth value. */
const VALUE_LIMITS = { maxDepth: 64, maxNodesPerDocument: 250_000 };

function lineOfOffset(text: string, offset: number): number {
  let line = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}

function readValue(text: string): YamlReadResult {
  try {
    // the reader takes text as kubectl hands it over: every line ends with a line break
    return { ok: true, value: decodeYamlDocument(text.endsWith('\n') ? text : `${text}\n`, VALUE_LIMITS) ?? null };
  } catch (error) {
    if (error instanceof YamlProblem) return { ok: false, message: `invalid YAML: ${error.message}`, line: lineOfOffset(text, error.offset) };
    throw error;
  }
}

/** js-yaml shares aliased nodes but copies merged keys: many merges of a large map could exhaust memory. */
const MAX_MERGES = 200;

function load(text: string, schema: jsYaml.Schema): unknown {
  const options = { schema, json: true };
  try {
    return jsYaml.load(text, options);
  } catch (error) {
    // yaml.v2 decodes only the first document of a stream
    if (error instanceof jsYaml.YAMLException && /single document/.test(error.reason ?? '')) return jsYaml.loadAll(text, undefined, options)[0] ?? null;
    throw error;
  }
}

/** Plain scalars that yaml.v2 decodes as null (a Go zero value), read as text by the failsafe schema. */
function nullText(value: unknown): boolean {
  return value === null || value === '~' || value === 'null' || value === 'Null' || value === 'NULL';
}

function normaliseRaw(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' && nullText(item) ? null : item));
  return typeof value === 'string' && nullText(value) ? null : value;
}

export function readYaml11(text: string, options: YamlReadOptions = {}): YamlReadResult {
  const merges = text.match(/<<\s*:/g)?.length ?? 0;
  if (merges > MAX_MERGES) return { ok: false, message: `more than ${MAX_MERGES} merge keys (<<), refused as a possible YAML bomb` };
  if (!options.rawScalars) return readValue(text);
  let value: unknown;
  try {
    value = load(text, TEXT_SCHEMA);
  } catch (error) {
    if (error instanceof jsYaml.YAMLException) {
      const line = error.mark?.line;
      // the parser's own message can quote the text (an alias or tag name): say where, in our words
      return { ok: false, message: 'invalid YAML', ...(typeof line === 'number' ? { line } : {}) };
    }
    if (error instanceof RangeError) return { ok: false, message: 'nested too deeply to read' };
    throw error;
  }
  return { ok: true, value: normaliseRaw(value ?? null) };
}

const MAX_LINE_NODES = 200_000;

/**
 * The 0-based line of every path inside the text: `[1]`, `[1].groups`,
 * `[1].groups[0]`. Keys as written. Empty when the text does not parse.
 */
export function yamlLines(text: string): ReadonlyMap<string, number> {
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = yamlLibrary();
  const lines = new Map<string, number>();
  const counter = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: false, lineCounter: counter });
  } catch {
    return lines;
  }
  const lineOf = (node: unknown): number | undefined => {
    const offset = (node as Node | null)?.range?.[0];
    return offset === undefined ? undefined : counter.linePos(offset).line - 1;
  };
  // aliases are not followed: a path through an alias has no line of its own
  const stack: { node: unknown; path: string }[] = [{ node: doc.contents, path: '' }];
  let visited = 0;
  while (stack.length > 0 && visited < MAX_LINE_NODES) {
    const { node, path } = stack.pop()!;
    visited += 1;
    if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const itemPath = `${path}[${index}]`;
        const line = lineOf(item);
        if (line !== undefined) lines.set(itemPath, line);
        stack.push({ node: item, path: itemPath });
      });
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.source ?? pair.key.value);
        const keyPath = path === '' ? key : `${path}.${key}`;
        const line = lineOf(pair.key);
        if (line !== undefined) lines.set(keyPath, line);
        stack.push({ node: pair.value, path: keyPath });
      }
    }
  }
  return lines;
}
