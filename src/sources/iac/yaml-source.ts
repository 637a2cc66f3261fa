/**
 * YAML (and JSON, which is YAML) read with the `yaml` package's Document API, keeping the line of
 * every key so findings can point at the attribute. CloudFormation's short-form tags (`!Ref`,
 * `!GetAtt`, `!Sub` …) become their long forms (`{ "Ref": … }`, `{ "Fn::GetAtt": … }`), as
 * CloudFormation reads them. Problems are reported by line, column and kind only: the parser's
 * own messages quote the text, which may hold secrets.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

export interface SourceText {
  value: unknown;
  /** the line of the key (or item) at a path such as `Resources/Cluster/Properties/Version` */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

export type SourceRead = { ok: true; source: SourceText } | { ok: false; line?: number; column?: number; problem: string };

export interface YamlLimits {
  maxDepth: number;
  maxAliases: number;
  maxNodes: number;
}

export const YAML_LIMITS: YamlLimits = { maxDepth: 64, maxAliases: 100, maxNodes: 1_000_000 };

class TooLarge extends Error {}

const SEPARATOR = '\u0000';

function shortForm(tag: string, value: unknown): unknown {
  const name = tag.slice(1);
  if (name === 'Ref') return { Ref: value };
  if (name === 'Condition') return { Condition: value };
  // `!GetAtt Resource.Attribute` is the scalar form of `[Resource, Attribute]`
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

class Walker {
  readonly lines = new Map<string, number>();
  private nodes = 0;
  private aliases = 0;
  private readonly doc: Document;
  private readonly counter: LineCounter;
  private readonly limits: YamlLimits;
  private readonly recordLines: boolean;

  constructor(doc: Document, counter: LineCounter, limits: YamlLimits, recordLines: boolean) {
    this.doc = doc;
    this.counter = counter;
    this.limits = limits;
    this.recordLines = recordLines;
  }

  private line(node: { range?: [number, number, number] | null } | null | undefined): number | undefined {
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : this.counter.linePos(offset).line;
  }

  value(node: Node | null | undefined, path: string, depth: number): unknown {
    if (++this.nodes > this.limits.maxNodes) throw new TooLarge(`more than ${this.limits.maxNodes} values`);
    if (depth > this.limits.maxDepth) throw new TooLarge(`nested deeper than ${this.limits.maxDepth} levels`);
    if (!node) return null;
    let resolved: Node | undefined = node;
    if (isAlias(node)) {
      if (++this.aliases > this.limits.maxAliases) throw new TooLarge(`more than ${this.limits.maxAliases} aliases`);
      resolved = node.resolve(this.doc) as Node | undefined;
      if (!resolved) return null;
    }
    let out: unknown;
    if (isMap(resolved)) {
      const map: Record<string, unknown> = {};
      for (const pair of resolved.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(this.value(pair.key as Node, path, depth + 1));
        const child = path ? `${path}${SEPARATOR}${key}` : key;
        if (this.recordLines) {
          const line = this.line(pair.key as Node);
          if (line !== undefined) this.lines.set(child, line);
        }
        Object.defineProperty(map, key, { value: this.value(pair.value as Node, child, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      out = map;
    } else if (isSeq(resolved)) {
      out = resolved.items.map((item, index) => {
        const child = `${path}${SEPARATOR}${index}`;
        if (this.recordLines) {
          const line = this.line(item as Node);
          if (line !== undefined) this.lines.set(child, line);
        }
        return this.value(item as Node, child, depth + 1);
      });
    } else if (isScalar(resolved)) out = resolved.value;
    else out = null;
    const tag = resolved.tag;
    return tag && tag.startsWith('!') && !tag.startsWith('!!') ? shortForm(tag, out) : out;
  }
}

/** Parses one YAML or JSON document; the first problem is returned with its position, never with the text around it. */
export function readYamlSource(text: string, limits: YamlLimits = YAML_LIMITS, recordLines = true): SourceRead {
  const counter = new LineCounter();
  let doc: Document;
  try {
    // CloudFormation and eksctl read YAML 1.1 scalars (yes/no, on/off are booleans there)
    doc = parseDocument(text, { lineCounter: counter, version: '1.1', uniqueKeys: true, prettyErrors: false, strict: false });
  } catch {
    return { ok: false, problem: 'cannot be parsed as YAML' };
  }
  const first = doc.errors[0];
  if (first) {
    const position = first.linePos?.[0] ?? (first.pos?.[0] !== undefined ? counter.linePos(first.pos[0]) : undefined);
    return { ok: false, ...(position ? { line: position.line, column: position.col } : {}), problem: `not valid YAML (${first.code.toLowerCase().replace(/_/g, ' ')})` };
  }
  const walker = new Walker(doc, counter, limits, recordLines);
  let value: unknown;
  try {
    value = walker.value(doc.contents as Node, '', 0);
  } catch (error) {
    if (error instanceof TooLarge) return { ok: false, problem: `refused: ${error.message}` };
    if (error instanceof RangeError) return { ok: false, problem: `refused: nested too deeply` };
    throw error;
  }
  return { ok: true, source: { value, lineOf: (path) => walker.lines.get(path.join(SEPARATOR)) } };
}
