import { isMap, isScalar, isSeq, visit, type Document } from 'yaml';

/**
 * go-yaml (kubectl's reader) takes the continuation lines of a flow collection or of a quoted
 * scalar at any indentation:
 *
 *     args: ["
 *       cd /src && make
 *     "]
 *
 * The `yaml` package wants them indented past the block that holds the node and refuses the
 * document otherwise. Inside such a node indentation means nothing (flow context ignores it, a
 * quoted scalar drops a continuation line's leading white space), so the document is read again
 * with those lines indented past the node's first character. The repair is kept only when the
 * document then parses and every line it moved lies inside a flow collection or a quoted scalar
 * of the result: a guess that moved any other line changes nothing.
 */

/** A document read again costs a second syntax tree (the full reader takes ~300 bytes per character): only documents this small are. */
const MAX_TEXT = 1024 * 1024;

interface Shift {
  /** where the line starts in the original text */
  readonly lineStart: number;
  readonly spaces: number;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end === -1 ? text.length : end;
}

/** The end (just past the closing character) of a quoted scalar starting at `at`; -1 when it never closes. */
function quotedEnd(text: string, at: number): number {
  const quote = text.charCodeAt(at);
  for (let i = at + 1; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (quote === 34 && code === 92) {
      i += 1;
      continue;
    }
    if (code !== quote) continue;
    // '' is a quote inside a single-quoted scalar
    if (quote === 39 && text.charCodeAt(i + 1) === 39) {
      i += 1;
      continue;
    }
    return i + 1;
  }
  return -1;
}

/** The end (just past the closing bracket) of a flow collection starting at `at`; -1 when it never closes. */
function flowEnd(text: string, at: number): number {
  let depth = 0;
  let tokenStart = true;
  for (let i = at; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 91 || code === 123) {
      depth += 1;
      tokenStart = true;
    } else if (code === 93 || code === 125) {
      depth -= 1;
      if (depth === 0) return i + 1;
      tokenStart = false;
    } else if (code === 44) {
      tokenStart = true;
    } else if ((code === 34 || code === 39) && tokenStart) {
      const end = quotedEnd(text, i);
      if (end === -1) return -1;
      i = end - 1;
      tokenStart = false;
    } else if (code === 35 && (i === 0 || isBlank(text.charCodeAt(i - 1)) || text.charCodeAt(i - 1) === 10)) {
      i = lineEnd(text, i) - 1;
    } else if (code === 58 || code === 10 || isBlank(code)) {
      // after a `:` or white space a quote may open a value
      tokenStart = true;
    } else {
      tokenStart = false;
    }
  }
  return -1;
}

/** The lines inside the node [start, end) that begin left of `column`, and how far to move each. */
function shiftsInside(text: string, start: number, end: number, column: number, out: Shift[]): void {
  for (let at = text.indexOf('\n', start); at !== -1 && at + 1 < end; at = text.indexOf('\n', at + 1)) {
    const lineStart = at + 1;
    let indent = 0;
    while (text.charCodeAt(lineStart + indent) === 32) indent += 1;
    if (indent < column) out.push({ lineStart, spaces: column - indent });
  }
}

/** Where each flow collection and quoted scalar that spans lines starts, read in block context. */
function findShifts(text: string): Shift[] {
  const shifts: Shift[] = [];
  /** the indentation of the line that opened a block scalar, while its content lines are skipped */
  let blockScalarParent = -1;
  let lineStart = 0;
  let lineIndent = 0;
  let tokenStart = true;
  let i = 0;
  let atLineStart = true;
  while (i < text.length) {
    if (atLineStart) {
      let indent = 0;
      while (text.charCodeAt(i + indent) === 32) indent += 1;
      const blank = i + indent === lineEnd(text, i);
      if (blockScalarParent >= 0 && (blank || indent > blockScalarParent)) {
        i = lineEnd(text, i) + 1;
        continue;
      }
      blockScalarParent = -1;
      lineStart = i;
      lineIndent = indent;
      i += indent;
      tokenStart = true;
      atLineStart = false;
      continue;
    }
    const code = text.charCodeAt(i);
    if (code === 10) {
      atLineStart = true;
      i += 1;
    } else if (code === 35 && (i === lineStart + lineIndent || isBlank(text.charCodeAt(i - 1)))) {
      i = lineEnd(text, i);
    } else if (tokenStart && (code === 34 || code === 39 || code === 91 || code === 123)) {
      const close = code === 34 || code === 39 ? quotedEnd(text, i) : flowEnd(text, i);
      if (close === -1) return shifts;
      if (close > lineEnd(text, i)) {
        shiftsInside(text, i, close, i - lineStart + 1, shifts);
        // what follows the node is read on the line the node ends on
        lineStart = text.lastIndexOf('\n', close - 1) + 1;
      }
      i = close;
      tokenStart = false;
    } else if (tokenStart && (code === 124 || code === 62)) {
      blockScalarParent = lineIndent;
      i = lineEnd(text, i);
    } else if (tokenStart && (code === 38 || code === 33)) {
      // an anchor or a tag: the node follows it
      while (i < text.length && !isBlank(text.charCodeAt(i)) && text.charCodeAt(i) !== 10) i += 1;
    } else if ((code === 45 || code === 63 || code === 58) && (i + 1 === text.length || isBlank(text.charCodeAt(i + 1)) || text.charCodeAt(i + 1) === 10)) {
      // `- `, `? ` and `: ` open a node (a `:` inside a plain scalar without a space after it does not)
      tokenStart = code === 58 || tokenStart;
      i += 1;
    } else {
      if (!isBlank(code)) tokenStart = false;
      i += 1;
    }
  }
  return shifts;
}

/** The text with each shifted line moved right, and where the moved lines now start (past their added spaces). */
function applyShifts(text: string, shifts: readonly Shift[]): { text: string; moved: number[] } {
  const parts: string[] = [];
  const moved: number[] = [];
  let from = 0;
  let added = 0;
  for (const { lineStart, spaces } of shifts) {
    parts.push(text.slice(from, lineStart), ' '.repeat(spaces));
    added += spaces;
    moved.push(lineStart + added);
    from = lineStart;
  }
  parts.push(text.slice(from));
  return { text: parts.join(''), moved };
}

/** The ranges of the flow collections and quoted scalars of a parsed document. */
function flowRanges(document: Document.Parsed): [number, number][] {
  const ranges: [number, number][] = [];
  visit(document, (_key, node) => {
    if ((isMap(node) || isSeq(node)) && node.flow && node.range) ranges.push([node.range[0], node.range[1]]);
    else if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && node.range) ranges.push([node.range[0], node.range[1]]);
  });
  return ranges;
}

/** Whether every offset (ascending) lies strictly inside one of the ranges: one sweep over the merged ranges, never offsets × ranges. */
function allInside(offsets: readonly number[], ranges: [number, number][]): boolean {
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of ranges) {
    const last = merged[merged.length - 1];
    // nested or overlapping nodes: an offset strictly inside the inner one is inside the outer one
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  let at = 0;
  for (const offset of offsets) {
    while (at < merged.length && merged[at]![1] <= offset) at += 1;
    const range = merged[at];
    if (!range || offset <= range[0]) return false;
  }
  return true;
}

/**
 * The document re-indented as above and parsed, when that reads it; undefined when nothing was
 * moved, when it still does not parse, or when a moved line falls outside the flow and quoted nodes.
 */
export function reindentFlowContinuations(
  text: string,
  parse: (text: string) => Document.Parsed | undefined,
): { text: string; document: Document.Parsed; originalOffset: (offset: number) => number } | undefined {
  if (text.length > MAX_TEXT) return undefined;
  const shifts = findShifts(text);
  if (shifts.length === 0) return undefined;
  const repaired = applyShifts(text, shifts);
  const document = parse(repaired.text);
  if (!document || document.errors.length > 0) return undefined;
  if (!allInside(repaired.moved, flowRanges(document))) return undefined;
  // an offset in the repaired text, less the spaces added before it
  const originalOffset = (offset: number): number => {
    let added = 0;
    shifts.forEach((shift, index) => {
      if (repaired.moved[index]! - shift.spaces <= offset) added += Math.min(shift.spaces, offset - (repaired.moved[index]! - shift.spaces));
    });
    return offset - added;
  };
  return { text: repaired.text, document, originalOffset };
}
