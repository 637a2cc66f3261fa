/**
 * Finds the line of a field path (`spec.containers[0].image`) in the text of one
 * block-style YAML document, by indentation alone: linear in the document and
 * far cheaper than building a syntax tree. Returns the line of the deepest
 * segment it could follow, so a flow-style or unusual document still points at
 * the nearest enclosing field.
 */

type Segment = string | number;

const parsedPaths = new Map<string, Segment[]>();

/** Paths repeat across objects (`spec.template.spec.containers[0]…`), so each is parsed once. */
function cachedPath(path: string): Segment[] {
  let segments = parsedPaths.get(path);
  if (!segments) {
    if (parsedPaths.size > 10_000) parsedPaths.clear();
    segments = parsePath(path);
    parsedPaths.set(path, segments);
  }
  return segments;
}

/**
 * `spec.containers[0].image`; a map key that holds `.`, `[`, `]` or `"` is written as a JSON
 * string in brackets: `data["tls.key"]`, `metadata.annotations["example.com/owner"]`.
 */
export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = /([^.[\]"]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(path))) {
    if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(JSON.parse(match[3]) as string);
    else if (match[1] !== undefined) segments.push(match[1]);
  }
  return segments;
}

export function keyOf(content: string): string | undefined {
  const quoted = /^(["'])((?:\\.|(?!\1).)*)\1\s*:(\s|$)/.exec(content);
  if (quoted) return quoted[2];
  const plain = /^([^\s#:][^:#]*?)\s*:(\s|$)/.exec(content);
  return plain?.[1];
}

/** What `\s` matches in a JavaScript regular expression. */
function isRegexSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return code === 160 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/**
 * Whether keyOf can only read `key` as the text up to a following `\s*:(\s|$)`: a plain key
 * with no `:` or `#`, not starting with a space or `#` and not ending with a space. Its lazy
 * match cannot then stop earlier, so comparing the text is the same as reading the key.
 */
export function isPlainKey(key: string): boolean {
  if (key === '' || isRegexSpace(key.charCodeAt(0)) || isRegexSpace(key.charCodeAt(key.length - 1))) return false;
  for (let i = 0; i < key.length; i += 1) {
    const code = key.charCodeAt(i);
    if (code === 58 || code === 35) return false;
  }
  return true;
}

const FIELDS = 5;
const INDENT = 0;
const FIRST_DASH = 1;
const BARE = 2;
const CONTENT_START = 3;
const CONTENT_END = 4;

/**
 * The lines of one document, read only as far as finding paths needs: where content starts
 * after any `- ` markers, the column of the first marker; the key a line starts with is read
 * only when a search reaches that line.
 */
class AnalysedLines {
  readonly count: number;
  /** per line, FIELDS numbers at the offsets INDENT to CONTENT_END: one array per document, as most are read once */
  private readonly fields: Int32Array;
  /** keys read so far, by line; created when a key must be read in full */
  private keys: (string | undefined)[] | undefined;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
    let count = 1;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1;
    this.count = count;
    this.fields = new Int32Array(count * FIELDS);
    let start = 0;
    for (let line = 0; line < count; line += 1) start = this.analyse(line, start);
  }

  /** reads one line; returns where the next one starts */
  private analyse(line: number, start: number): number {
    const text = this.text;
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const next = end + 1;
    if (end > start && text.charCodeAt(end - 1) === 13) end -= 1;
    let at = start;
    while (at < end && text.charCodeAt(at) === 32) at += 1;
    let firstDash = -1;
    while (at < end && text.charCodeAt(at) === 45 && (at + 1 === end || text.charCodeAt(at + 1) === 32)) {
      if (firstDash === -1) firstDash = at - start;
      at += 1;
      while (at < end && text.charCodeAt(at) === 32) at += 1;
    }
    const bare = at === end || text.charCodeAt(at) === 35;
    const base = line * FIELDS;
    this.fields[base + INDENT] = bare && firstDash === -1 ? -1 : at - start;
    this.fields[base + FIRST_DASH] = firstDash;
    this.fields[base + BARE] = bare ? 1 : 0;
    this.fields[base + CONTENT_START] = at;
    this.fields[base + CONTENT_END] = end;
    return next;
  }

  /** column where the content starts, after any `- ` markers; -1 for a blank or comment line without markers */
  indent(line: number): number {
    return this.fields[line * FIELDS + INDENT]!;
  }

  /** column of the outermost `-` marker, or -1 */
  firstDash(line: number): number {
    return this.fields[line * FIELDS + FIRST_DASH]!;
  }

  /** nothing but markers (and perhaps a comment) is on the line */
  bare(line: number): boolean {
    return this.fields[line * FIELDS + BARE] === 1;
  }

  present(line: number): boolean {
    return this.indent(line) !== -1;
  }

  /** column where the line's block starts: its first marker, else its content */
  startColumn(line: number): number {
    const dash = this.firstDash(line);
    return dash === -1 ? this.indent(line) : dash;
  }

  key(line: number): string | undefined {
    if (this.bare(line)) return undefined;
    this.keys ??= [];
    if (line in this.keys) return this.keys[line];
    const base = line * FIELDS;
    const key = keyOf(this.text.slice(this.fields[base + CONTENT_START], this.fields[base + CONTENT_END]));
    this.keys[line] = key;
    return key;
  }

  /** `key(line) === key`, without reading the line's key when the key is plain */
  hasKey(line: number, key: string, plain: boolean): boolean {
    const base = line * FIELDS;
    const start = this.fields[base + CONTENT_START]!;
    const first = this.text.charCodeAt(start);
    if (!plain || first === 34 || first === 39) return this.key(line) === key;
    return startsWithPlainKey(this.text, start, this.fields[base + CONTENT_END]!, key);
  }
}

/** For a plain key (see isPlainKey) and content that does not open with a quote: `keyOf(text.slice(start, end)) === key`. */
export function startsWithPlainKey(text: string, start: number, end: number, key: string): boolean {
  if (!text.startsWith(key, start) || start + key.length > end) return false;
  let at = start + key.length;
  while (at < end && isRegexSpace(text.charCodeAt(at))) at += 1;
  if (at === end || text.charCodeAt(at) !== 58) return false;
  return at + 1 === end || isRegexSpace(text.charCodeAt(at + 1));
}

interface Node {
  /** 0-based line of the key or the `-` of a sequence item; -1 for the document root */
  line: number;
  /** first line after the node's block */
  end: number;
  isItem: boolean;
  /** lines of the sequence items directly below, found on the first item search (a dump's List has many) */
  items?: number[];
}

/** What a search found for one path prefix, with the searches made below it. */
interface Step {
  /** undefined when the prefix is not in the text */
  readonly node: Node | undefined;
  /** searches by key below this prefix */
  readonly below: Map<string, Step>;
  /**
   * the last search by index below this prefix: findings are located object by object, and a
   * dump's List has 100,000 items, whose searches kept all at once would hold gigabytes
   */
  item?: { index: number; step: Step };
}

/**
 * 0-based line of `path` in `text`, or of its deepest ancestor found; undefined when not even the
 * first segment is found. `document`, when given, stands for the text (compared by identity: texts
 * of one length would otherwise be compared character by character on every call).
 */
export function locatePathLine(text: string, path: string, document: object | string = text): number | undefined {
  const { lines, root } = analysed(text, document);
  let step = root;
  let found: number | undefined;
  for (const segment of cachedPath(path)) {
    let next = typeof segment === 'number' ? (step.item?.index === segment ? step.item.step : undefined) : step.below.get(segment);
    if (!next) {
      const parent = step.node!;
      if (typeof segment === 'number') {
        next = { node: findItem(lines, parent, segment), below: new Map() };
        step.item = { index: segment, step: next };
      } else {
        next = { node: findKey(lines, parent, segment), below: new Map() };
        step.below.set(segment, next);
      }
    }
    if (!next.node) break;
    found = next.node.line;
    step = next;
  }
  return found;
}

// Findings are located object by object, so the last text's lines and searches are kept: the
// paths of one object share their prefixes (`spec.template.spec.containers[0]…`).
let lastDocument: object | string | undefined;
let lastAnalysis: { lines: AnalysedLines; root: Step } | undefined;

function analysed(text: string, document: object | string): { lines: AnalysedLines; root: Step } {
  if (document !== lastDocument || !lastAnalysis) {
    const lines = new AnalysedLines(text);
    lastAnalysis = { lines, root: { node: { line: -1, end: lines.count, isItem: false }, below: new Map() } };
    lastDocument = document;
  }
  return lastAnalysis;
}

function findKey(lines: AnalysedLines, parent: Node, key: string): Node | undefined {
  const plain = isPlainKey(key);
  let column: number | undefined;
  for (let i = parent.isItem ? parent.line : parent.line + 1; i < parent.end; i += 1) {
    if (!lines.present(i) || lines.bare(i)) continue;
    const isItemStart = parent.isItem && i === parent.line;
    if (!isItemStart && lines.firstDash(i) !== -1) continue;
    const indent = lines.indent(i);
    column ??= indent;
    if (indent !== column) continue;
    if (lines.hasKey(i, key, plain)) return { line: i, end: endOfKey(lines, i, parent.end, column), isItem: false };
  }
  return undefined;
}

function endOfKey(lines: AnalysedLines, start: number, to: number, column: number): number {
  for (let i = start + 1; i < to; i += 1) {
    if (!lines.present(i)) continue;
    const dash = lines.firstDash(i);
    if (dash !== -1 ? dash < column : lines.indent(i) <= column) return i;
  }
  return to;
}

function findItem(lines: AnalysedLines, parent: Node, index: number): Node | undefined {
  parent.items ??= itemLines(lines, parent);
  const line = parent.items[index];
  if (line === undefined) return undefined;
  return { line, end: endOfItem(lines, line, parent.end, lines.firstDash(line)), isItem: true };
}

/** The line of every item of the sequence that starts below `parent`, in one pass. */
function itemLines(lines: AnalysedLines, parent: Node): number[] {
  const items: number[] = [];
  let column: number | undefined;
  for (let i = parent.line + 1; i < parent.end; i += 1) {
    const dash = lines.firstDash(i);
    if (!lines.present(i) || dash === -1) continue;
    column ??= dash;
    if (dash === column) items.push(i);
  }
  return items;
}

function endOfItem(lines: AnalysedLines, start: number, to: number, column: number): number {
  for (let i = start + 1; i < to; i += 1) {
    if (lines.present(i) && lines.startColumn(i) <= column) return i;
  }
  return to;
}
