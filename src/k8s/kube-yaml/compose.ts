import { Composer, LineCounter, Parser, isAlias, isMap, isScalar, isSeq, type Alias, type Document, type ErrorCode, type Node, type Scalar, type YAMLMap } from 'yaml';
import { yamlNestingProblem } from '../../core/yaml-nesting.js';
import { MAX_KEY_LENGTH } from './block.js';
import { badAnchorToken, badDoubleQuotedEscape, isRefusedFlowPlain, refusedTab, type BlockScalarSpan } from './divergences.js';
import { describeYamlError } from './errors.js';
import { reindentFlowContinuations } from './flow-indent.js';
import { isMergeKey, jsonKey, jsonValue, resolveScalar, YamlRefusal, type JsonKey } from './scalars.js';

/**
 * Any YAML document, read to the JSON value sigs.k8s.io/yaml gives: the `yaml` package parses
 * (failsafe schema, so every scalar keeps its text) and this module composes the value the way
 * go-yaml v2's decoder does — scalars resolved as YAML 1.1, aliases expanded, merge keys applied
 * in document order (a `<<` overrides the keys before it; in a list of maps, earlier maps win),
 * duplicate keys keeping the last value — then converted to JSON as sigs.k8s.io/yaml does.
 * Where Go's result would depend on map iteration order (two keys of different types that become
 * the same JSON key), the document is refused.
 */

export interface ComposeLimits {
  maxDepth: number;
  /** values composed, aliases expanded each time they are reached */
  maxNodes: number;
}

/** A problem at a place in the document: `offset` into the text. */
export class YamlProblem extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

type Content = Node | null;

/** libyaml's anchor names: letters, digits, `_` and `-` (the `yaml` package takes more). */
const GO_ANCHOR_NAME = /^[0-9A-Za-z_-]+$/;
const ANCHOR_NAME_PROBLEM = "an anchor or alias name that Kubernetes' YAML reader refuses (only letters, digits, _ and -, then a space)";

const PARSE_OPTIONS = { schema: 'failsafe', uniqueKeys: false, merge: false, version: '1.1', strict: false, prettyErrors: false } as const;

/** go-yaml v2's alias ratio limit (decode.go allowedAliasRatio). */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}

function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let at = 1; at < line && offset >= 0; at += 1) offset = text.indexOf('\n', offset) + 1;
  return Math.max(offset, 0);
}

function offsetOf(node: Content | undefined): number {
  return node?.range?.[0] ?? 0;
}

function implicitOf(scalar: Scalar): boolean {
  return (scalar.type === 'PLAIN' && !scalar.tag) || scalar.tag === '!';
}

function containsNonFinite(root: unknown): boolean {
  const stack = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return true;
    } else if (value !== null && typeof value === 'object') {
      for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push(child);
    }
  }
  return false;
}

/** The entries of one Go map as go-yaml fills it: by key identity, the last assignment's key and value. */
type MapEntries = Map<string, { key: string; value: unknown; offset: number }>;

/** sigs.k8s.io/yaml's conversion to a JSON object; two Go keys that print alike make Go's result random. */
function toJsonObject(entries: MapEntries): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const offsets = new Map<string, number>();
  for (const { key, value, offset } of entries.values()) {
    if (offsets.has(key)) {
      throw new YamlProblem('two keys of one mapping read as the same key (for example 1 and 1.0, or yes and "true"); Kubernetes would keep either at random', offset);
    }
    offsets.set(key, offset);
    if (key === '__proto__') Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
    else result[key] = value;
  }
  return result;
}

class DocumentComposer {
  private readonly aliasTargets = new Map<Alias, Node>();
  private readonly expanding = new Set<Alias>();
  private readonly nonFinite: number[] = [];
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;

  private readonly limits: ComposeLimits;

  constructor(limits: ComposeLimits) {
    this.limits = limits;
  }

  /**
   * One pass over the syntax tree in document order: anchors (go-yaml registers one when its node
   * starts, so an alias names the last one defined before it), and the constructs go-yaml reads
   * differently from the `yaml` package, which are refused.
   */
  prepare(root: Content, text: string): void {
    const anchors = new Map<string, Node>();
    const blockScalars: BlockScalarSpan[] = [];
    let anchored = false;
    const stack: { node: Content; isKey: boolean; inFlow: boolean }[] = [{ node: root, isKey: false, inFlow: false }];
    while (stack.length > 0) {
      const { node, isKey, inFlow } = stack.pop()!;
      if (!node) continue;
      if (isAlias(node)) {
        anchored = true;
        if (!GO_ANCHOR_NAME.test(node.source)) throw new YamlProblem(ANCHOR_NAME_PROBLEM, offsetOf(node));
        const target = anchors.get(node.source);
        if (!target) throw new YamlProblem('an alias refers to an anchor that is not defined before it', offsetOf(node));
        this.aliasTargets.set(node, target);
        continue;
      }
      if ('anchor' in node && typeof node.anchor === 'string') {
        anchored = true;
        if (!GO_ANCHOR_NAME.test(node.anchor)) throw new YamlProblem(ANCHOR_NAME_PROBLEM, offsetOf(node));
        anchors.set(node.anchor, node);
      }
      if (isScalar(node)) this.checkScalarSource(node, text, isKey, inFlow, blockScalars);
      if (isMap(node)) {
        const flow = inFlow || Boolean(node.flow);
        for (let i = node.items.length - 1; i >= 0; i -= 1) {
          stack.push({ node: node.items[i]!.value as Content, isKey: false, inFlow: flow });
          stack.push({ node: node.items[i]!.key as Content, isKey: true, inFlow: flow });
        }
      } else if (isSeq(node)) {
        const flow = inFlow || Boolean(node.flow);
        for (let i = node.items.length - 1; i >= 0; i -= 1) stack.push({ node: node.items[i] as Content, isKey: false, inFlow: flow });
      }
    }
    const anchor = anchored ? badAnchorToken(text) : undefined;
    if (anchor !== undefined) throw new YamlProblem(ANCHOR_NAME_PROBLEM, anchor);
    const tab = refusedTab(text, blockScalars);
    if (tab !== undefined) throw new YamlProblem('a tab where Kubernetes\' YAML reader refuses one (in indentation, on a blank line, or after - ? :)', tab);
  }

  private checkScalarSource(node: Scalar, text: string, isKey: boolean, inFlow: boolean, blockScalars: BlockScalarSpan[]): void {
    const [start, end] = node.range ?? [0, 0];
    if (inFlow && node.type === 'PLAIN' && isRefusedFlowPlain(text, start, end)) {
      throw new YamlProblem('a plain value in a flow collection with ? or a leading :, which Kubernetes\' YAML reader reads differently', start);
    }
    if (node.type === 'QUOTE_DOUBLE') {
      const escape = badDoubleQuotedEscape(text, start, end);
      if (escape !== undefined) throw new YamlProblem('an escape sequence that Kubernetes\' YAML reader refuses (such as \\/ or a surrogate code point)', escape);
    } else if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      blockScalars.push({ start, end });
    }
    if (!isKey) return;
    if (end - start > MAX_KEY_LENGTH) throw new YamlProblem(`a key longer than ${MAX_KEY_LENGTH} characters (Kubernetes' YAML reader stops at 1024)`, start);
    if (text.slice(start, end).includes('\n')) throw new YamlProblem('a key spans several lines, which Kubernetes\' YAML reader refuses', start);
  }

  private count(node: Content, depth: number): void {
    this.decodeCount += 1;
    if (this.aliasDepth > 0) this.aliasCount += 1;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      throw new YamlProblem('document contains excessive aliasing (a YAML alias bomb?)', offsetOf(node));
    }
    if (this.decodeCount > this.limits.maxNodes) {
      throw new YamlProblem(`document expands to more than ${this.limits.maxNodes} values, more than its text can hold (a YAML alias bomb?)`, offsetOf(node));
    }
    if (depth > this.limits.maxDepth) throw new YamlProblem(`document is nested deeper than ${this.limits.maxDepth} levels`, offsetOf(node));
  }

  private target(alias: Alias): Node {
    if (this.expanding.has(alias)) throw new YamlProblem('an anchor contains an alias to itself', offsetOf(alias));
    return this.aliasTargets.get(alias)!;
  }

  private withAlias<T>(alias: Alias, compose: (target: Node) => T): T {
    const target = this.target(alias);
    this.expanding.add(alias);
    this.aliasDepth += 1;
    try {
      return compose(target);
    } finally {
      this.aliasDepth -= 1;
      this.expanding.delete(alias);
    }
  }

  value(node: Content, depth: number): unknown {
    this.count(node, depth);
    if (node === null) return null;
    if (isAlias(node)) return this.withAlias(node, (target) => this.value(target, depth));
    if (isScalar(node)) return this.scalar(node);
    if (isSeq(node)) return node.items.map((item) => this.value(item as Content, depth + 1));
    if (isMap(node)) {
      const entries: MapEntries = new Map();
      this.mapInto(node, entries, depth + 1);
      return toJsonObject(entries);
    }
    throw new YamlProblem('unsupported YAML node', offsetOf(node));
  }

  /** NaN and infinities may be overwritten by a later merge: only those left in the result are refused. */
  private scalar(node: Scalar): unknown {
    const value = jsonValue(this.resolve(node));
    if (typeof value === 'number' && !Number.isFinite(value)) this.nonFinite.push(offsetOf(node));
    return value;
  }

  /** Throws when a NaN or infinity is left in the composed value. */
  refuseNonFinite(value: unknown): void {
    if (this.nonFinite.length === 0 || !containsNonFinite(value)) return;
    throw new YamlProblem('a value is NaN or infinite (.nan, .inf), which Kubernetes cannot encode as JSON', this.nonFinite[0]!);
  }

  private resolve(node: Scalar): ReturnType<typeof resolveScalar> {
    try {
      return resolveScalar(String(node.value), node.tag ?? '', implicitOf(node));
    } catch (error) {
      if (error instanceof YamlRefusal) throw new YamlProblem(error.message, offsetOf(node));
      throw error;
    }
  }

  private key(node: Content, depth: number): JsonKey {
    this.count(node, depth);
    if (node === null) throw new YamlProblem('a mapping key is empty (null), which Kubernetes cannot decode', 0);
    if (isAlias(node)) return this.withAlias(node, (target) => this.key(target, depth));
    if (!isScalar(node)) throw new YamlProblem('a mapping key is a mapping or a list, which Kubernetes cannot decode', offsetOf(node));
    try {
      return jsonKey(this.resolve(node));
    } catch (error) {
      if (error instanceof YamlRefusal) throw new YamlProblem(error.message, offsetOf(node));
      throw error;
    }
  }

  /** go-yaml's decoder.mapping into an existing map: merges write into the same map, in order. */
  private mapInto(node: YAMLMap, entries: MapEntries, depth: number): void {
    for (const pair of node.items) {
      const keyNode = pair.key as Content;
      if (isScalar(keyNode) && isMergeKey(String(keyNode.value), keyNode.tag ?? '', implicitOf(keyNode))) {
        this.merge(pair.value as Content, entries, depth);
        continue;
      }
      const key = this.key(keyNode, depth);
      const value = this.value(pair.value as Content, depth);
      const existing = entries.get(key.identity);
      if (existing) {
        existing.key = key.key;
        existing.value = value;
      } else {
        entries.set(key.identity, { key: key.key, value, offset: offsetOf(keyNode) });
      }
    }
  }

  private mergeMapping(node: Content, entries: MapEntries, depth: number, where: Content): void {
    if (isAlias(node)) {
      const target = this.target(node);
      if (!isMap(target)) throw new YamlProblem('a merge key (<<) needs a mapping or a list of mappings', offsetOf(where));
      this.count(node, depth);
      this.withAlias(node, (aliased) => {
        this.count(aliased, depth);
        this.mapInto(aliased as YAMLMap, entries, depth);
      });
      return;
    }
    if (!isMap(node)) throw new YamlProblem('a merge key (<<) needs a mapping or a list of mappings', offsetOf(where));
    this.count(node, depth);
    this.mapInto(node, entries, depth);
  }

  private merge(node: Content, entries: MapEntries, depth: number): void {
    if (isSeq(node)) {
      // earlier maps take precedence: they are merged last
      for (let i = node.items.length - 1; i >= 0; i -= 1) this.mergeMapping(node.items[i] as Content, entries, depth, node);
      return;
    }
    this.mergeMapping(node, entries, depth, node);
  }
}

/** The first document of a chunk (go-yaml v2's Unmarshal reads no further), or undefined for an empty one. */
function firstDocument(text: string, lineCounter: LineCounter): Document.Parsed | undefined {
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer(PARSE_OPTIONS);
  for (const document of composer.compose(parser.parse(text))) return document;
  return undefined;
}

/** Composes the first document of `text`; a problem throws YamlProblem with its offset. */
export function composeDocument(text: string, limits: ComposeLimits): unknown {
  // the parser recurses once per level: refuse what is far too deep before it starts (the estimate
  // counts at most twice the real depth, so nothing within the limit is refused here)
  const tooDeep = yamlNestingProblem(text, limits.maxDepth * 4);
  if (tooDeep) throw new YamlProblem(`document is nested deeper than ${limits.maxDepth} levels`, offsetOfLine(text, tooDeep.line));
  const parsed = parsedOrProblem(text);
  if ('problem' in parsed) {
    const { code, offset } = parsed.problem;
    // go-yaml reads continuation lines of flow and quoted nodes at any indentation (see flow-indent.ts)
    const repaired = code === 'BAD_INDENT' || code === 'MISSING_CHAR' ? reindentFlowContinuations(text, (candidate) => firstDocument(candidate, new LineCounter())) : undefined;
    if (!repaired) throw new YamlProblem(describeYamlError(code), offset);
    try {
      return composeParsed(repaired.document, repaired.text, limits);
    } catch (problem) {
      if (problem instanceof YamlProblem) throw new YamlProblem(problem.message, repaired.originalOffset(problem.offset));
      throw problem;
    }
  }
  return composeParsed(parsed.document, text, limits);
}

/** The first document, or its first problem alone: a refused document's tree (large for a large text) is not kept while it is read again. */
function parsedOrProblem(text: string): { document: Document.Parsed | undefined } | { problem: { code: ErrorCode; offset: number } } {
  const document = firstDocument(text, new LineCounter());
  const error = document?.errors[0];
  return error ? { problem: { code: error.code, offset: error.pos[0] } } : { document };
}

function composeParsed(document: Document.Parsed | undefined, text: string, limits: ComposeLimits): unknown {
  const composer = new DocumentComposer(limits);
  const root = (document?.contents ?? null) as Content;
  // even an empty document can hold what go-yaml refuses (a tab before a comment)
  composer.prepare(root, text);
  if (root === null) return null;
  const value = composer.value(root, 0);
  composer.refuseNonFinite(value);
  return value;
}
