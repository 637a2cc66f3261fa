/**
 * Constructs on which the `yaml` package (YAML 1.2) and go-yaml v2 (libyaml, YAML 1.1) read the
 * same text differently, found by the differential test against kubectl's reader. The full reader
 * refuses a document that holds one rather than guess which value Kubernetes would see.
 */

/** Escapes libyaml reads in double-quoted scalars (scannerc.go); `\/` is YAML 1.2 only. */
const GO_ESCAPES = new Set(['0', 'a', 'b', 't', '\t', 'n', 'v', 'f', 'r', 'e', ' ', '"', "'", '\\', 'N', '_', 'L', 'P', '\n']);
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Offset of the first escape in a double-quoted scalar's source that go-yaml refuses, if any. */
export function badDoubleQuotedEscape(text: string, start: number, end: number): number | undefined {
  for (let at = start + 1; at < end - 1; at += 1) {
    if (text.charCodeAt(at) !== 92) continue;
    const escape = text[at + 1]!;
    const hexLength = HEX_ESCAPES[escape];
    if (hexLength !== undefined) {
      const code = parseInt(text.slice(at + 2, at + 2 + hexLength), 16);
      if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return at;
      at += 1 + hexLength;
    } else if (!GO_ESCAPES.has(escape) && !(escape === '\r' && text[at + 2] === '\n')) {
      return at;
    } else {
      at += 1;
    }
  }
  return undefined;
}

export interface BlockScalarSpan {
  /** offset of the `|` or `>` header */
  start: number;
  end: number;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

function spaces(text: string, from: number, to: number): number {
  let at = from;
  while (at < to && text.charCodeAt(at) === 32) at += 1;
  return at - from;
}

/** Whether a tab at `offset` is content of a block scalar: past the indentation of its first content line. */
function isBlockScalarContent(text: string, offset: number, spans: readonly BlockScalarSpan[]): boolean {
  const span = spans.find((candidate) => offset > candidate.start && offset < candidate.end);
  if (!span) return false;
  const header = text.slice(span.start, lineEnd(text, span.start));
  if (/^[|>][-+]?[1-9]|^[|>][1-9]/.test(header)) return false;
  let line = lineEnd(text, span.start) + 1;
  while (line < span.end) {
    const end = lineEnd(text, line);
    const indent = spaces(text, line, end);
    if (line + indent < end) {
      const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
      return line + indent !== end && text.charCodeAt(line + indent) !== 9 && offset - lineStart >= indent;
    }
    line = end + 1;
  }
  return false;
}

/**
 * Offset of a tab that go-yaml refuses where the `yaml` package reads on: a tab in a line's
 * indentation or on an otherwise blank line, or right after a block indicator (`-`, `?`, or `:`
 * opening a line). A tab in block scalar content, past its indentation, is text to both.
 */
export function refusedTab(text: string, blockScalars: readonly BlockScalarSpan[]): number | undefined {
  for (let tab = text.indexOf('\t'); tab >= 0; tab = text.indexOf('\t', tab + 1)) {
    const lineStart = text.lastIndexOf('\n', tab - 1) + 1;
    const before = text.slice(lineStart, tab);
    const inIndentation = /^[ ]*$/.test(before) || /^[ ]*(?:[-?:][ ]+)*[-?:][ ]*$/.test(before);
    if (inIndentation && !isBlockScalarContent(text, tab, blockScalars)) return tab;
  }
  return undefined;
}

const ANCHOR_NAME_CHAR = /[0-9A-Za-z_-]/;
const AFTER_ANCHOR = new Set(['?', ':', ',', ']', '}', '%', '@', '`', ' ', '\t', '\n']);
const BEFORE_TOKEN = new Set([' ', '\t', '\n', '[', '{', ',']);

/**
 * Offset of an anchor or alias that go-yaml refuses: its name may hold only letters, digits, `_`
 * and `-`, and must be followed by a space, the line's end or an indicator; the `yaml` package
 * takes wider names (`&a.b`) and no separation (`&a"x"`).
 */
export function badAnchorToken(text: string): number | undefined {
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at];
    if ((char !== '&' && char !== '*') || (at > 0 && !BEFORE_TOKEN.has(text[at - 1]!))) continue;
    let end = at + 1;
    while (end < text.length && ANCHOR_NAME_CHAR.test(text[end]!)) end += 1;
    if (end === at + 1) continue;
    if (end < text.length && !AFTER_ANCHOR.has(text[end]!)) return at;
  }
  return undefined;
}

/**
 * Whether go-yaml ends, extends or refuses a plain scalar of a flow collection where the `yaml`
 * package reads it otherwise: in flow context go-yaml's plain scalars cannot start with `?` or `:`,
 * a `?` ends them, and a `:` that is not followed by a space belongs to them (`{b:}` has the key
 * `b:`).
 */
export function isRefusedFlowPlain(text: string, start: number, end: number): boolean {
  const source = text.slice(start, end);
  if (source.startsWith('?') || source.startsWith(':') || source.includes('?')) return true;
  let after = end;
  while (after < text.length && text[after] === ' ') after += 1;
  return after === end && text[end] === ':' && end + 1 < text.length && !' \t\n'.includes(text[end + 1]!);
}
