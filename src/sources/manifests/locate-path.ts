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

export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(path))) {
    if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[1] !== undefined) segments.push(match[1]);
  }
  return segments;
}

interface Line {
  /** column where the content starts, after any `- ` sequence markers that precede it */
  indent: number;
  /** columns of the `-` markers on this line, outermost first */
  dashes: number[];
  content: string;
  /** the mapping key the content starts with, if any */
  key: string | undefined;
}

function analyse(raw: string): Line | undefined {
  let column = 0;
  while (column < raw.length && raw[column] === ' ') column += 1;
  const dashes: number[] = [];
  while (raw[column] === '-' && (raw[column + 1] === ' ' || column + 1 === raw.length)) {
    dashes.push(column);
    column += 1;
    while (raw[column] === ' ') column += 1;
  }
  const content = raw.slice(column);
  if (content === '' && dashes.length === 0) return undefined;
  if (content.startsWith('#')) return dashes.length ? { indent: column, dashes, content: '', key: undefined } : undefined;
  return { indent: column, dashes, content, key: keyOf(content) };
}

function keyOf(content: string): string | undefined {
  const quoted = /^(["'])((?:\\.|(?!\1).)*)\1\s*:(\s|$)/.exec(content);
  if (quoted) return quoted[2];
  const plain = /^([^\s#:][^:#]*?)\s*:(\s|$)/.exec(content);
  return plain?.[1];
}

interface Node {
  /** 0-based line of the key or the `-` of a sequence item; -1 for the document root */
  line: number;
  /** first line after the node's block */
  end: number;
  isItem: boolean;
}

/** 0-based line of `path` in `text`, or of its deepest ancestor found; undefined when not even the first segment is found. */
export function locatePathLine(text: string, path: string): number | undefined {
  const lines = analysedLines(text);
  let node: Node = { line: -1, end: lines.length, isItem: false };
  let found: number | undefined;
  for (const segment of cachedPath(path)) {
    const next = typeof segment === 'number' ? findItem(lines, node, segment) : findKey(lines, node, segment);
    if (!next) break;
    found = next.line;
    node = next;
  }
  return found;
}

// Findings are located object by object, so remembering the last text analysed avoids re-reading it per finding.
let lastText: string | undefined;
let lastLines: (Line | undefined)[] = [];

function analysedLines(text: string): (Line | undefined)[] {
  if (text !== lastText) {
    lastLines = text.split('\n').map((raw) => analyse(raw.replace(/\r$/, '')));
    lastText = text;
  }
  return lastLines;
}

function startColumn(line: Line): number {
  return line.dashes[0] ?? line.indent;
}

function findKey(lines: (Line | undefined)[], parent: Node, key: string): Node | undefined {
  let column: number | undefined;
  for (let i = parent.isItem ? parent.line : parent.line + 1; i < parent.end; i += 1) {
    const line = lines[i];
    if (!line || line.content === '') continue;
    const isItemStart = parent.isItem && i === parent.line;
    if (!isItemStart && line.dashes.length > 0) continue;
    column ??= line.indent;
    if (line.indent !== column) continue;
    if (line.key === key) return { line: i, end: endOfKey(lines, i, parent.end, column), isItem: false };
  }
  return undefined;
}

function endOfKey(lines: (Line | undefined)[], start: number, to: number, column: number): number {
  for (let i = start + 1; i < to; i += 1) {
    const line = lines[i];
    if (!line) continue;
    if (line.dashes.length > 0 ? line.dashes[0]! < column : line.indent <= column) return i;
  }
  return to;
}

function findItem(lines: (Line | undefined)[], parent: Node, index: number): Node | undefined {
  let column: number | undefined;
  let count = -1;
  for (let i = parent.line + 1; i < parent.end; i += 1) {
    const line = lines[i];
    if (!line || line.dashes.length === 0) continue;
    const dash = line.dashes[0]!;
    column ??= dash;
    if (dash !== column) continue;
    count += 1;
    if (count === index) return { line: i, end: endOfItem(lines, i, parent.end, dash), isItem: true };
  }
  return undefined;
}

function endOfItem(lines: (Line | undefined)[], start: number, to: number, column: number): number {
  for (let i = start + 1; i < to; i += 1) {
    const line = lines[i];
    if (line && startColumn(line) <= column) return i;
  }
  return to;
}
