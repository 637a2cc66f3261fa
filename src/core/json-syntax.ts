/**
 * Where and why a text is not JSON, in words of our own. `JSON.parse`'s messages come from the
 * JavaScript engine and are unfit for a report: they differ between Node.js lines (22 and later
 * add "(line L column C)" to what 20 says), an unexpected token gets no position at all, and they
 * quote a dozen characters of the input around the fault, which may be part of a secret
 * (`Unexpected token 'h', ..."assword": hunter2}" is not valid JSON`). So after `JSON.parse` has
 * failed, this scanner finds the first offending character itself and never quotes the input.
 */

export interface JsonSyntaxProblem {
  reason: string;
  /** 1-based */
  line: number;
  /** 1-based, in UTF-16 code units */
  column: number;
}

type Expecting = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'after-value';

interface Fault {
  offset: number;
  reason: string;
}

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const LITERALS = ['true', 'false', 'null'];

const isWhitespace = (code: number): boolean => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
const isHex = (code: number): boolean => isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);

/** The offset after the string that starts at `start` (a quote), or the fault in it. */
function scanString(text: string, start: number): number | Fault {
  for (let i = start + 1; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) return i + 1;
    if (code < 0x20) return { offset: i, reason: 'control character in a string (escape it)' };
    if (code === BACKSLASH) {
      const escaped = text.charCodeAt(i + 1);
      if (escaped === 0x75) {
        for (let h = i + 2; h < i + 6; h += 1) if (!isHex(text.charCodeAt(h))) return { offset: Math.min(h, text.length), reason: 'invalid \\u escape in a string' };
        i += 5;
      } else if ('"\\/bfnrt'.includes(text[i + 1] ?? '')) {
        i += 1;
      } else {
        return { offset: Math.min(i + 1, text.length), reason: 'invalid escape in a string' };
      }
    }
  }
  return { offset: start, reason: 'string without its closing quote' };
}

/** The offset after the number that starts at `start`, or the fault in it. */
function scanNumber(text: string, start: number): number | Fault {
  let i = start;
  const fault = (): Fault => ({ offset: i, reason: 'invalid number' });
  if (text.charCodeAt(i) === MINUS) i += 1;
  if (text.charCodeAt(i) === 0x30) i += 1;
  else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i += 1;
  else return fault();
  if (text.charCodeAt(i) === 0x2e) {
    i += 1;
    if (!isDigit(text.charCodeAt(i))) return fault();
    while (isDigit(text.charCodeAt(i))) i += 1;
  }
  if (text.charCodeAt(i) === 0x65 || text.charCodeAt(i) === 0x45) {
    i += 1;
    if (text.charCodeAt(i) === 0x2b || text.charCodeAt(i) === MINUS) i += 1;
    if (!isDigit(text.charCodeAt(i))) return fault();
    while (isDigit(text.charCodeAt(i))) i += 1;
  }
  return i;
}

/** The offset after the value that starts at `start` when it is a string, number or literal. */
function scanScalar(text: string, start: number): number | Fault {
  const code = text.charCodeAt(start);
  if (code === QUOTE) return scanString(text, start);
  if (code === MINUS || isDigit(code)) return scanNumber(text, start);
  const literal = LITERALS.find((word) => word[0] === text[start]);
  if (!literal) return { offset: start, reason: 'expected a value (an object, array, string, number, true, false or null)' };
  for (let k = 1; k < literal.length; k += 1) {
    if (text[start + k] !== literal[k]) return { offset: Math.min(start + k, text.length), reason: `invalid literal (expected ${literal})` };
  }
  return start + literal.length;
}

/** The first fault of a text that is not JSON; undefined for valid JSON. Iterative: any depth. */
function findFault(text: string): Fault | undefined {
  const open: number[] = [];
  let expecting: Expecting = 'value';
  let i = 0;
  for (;;) {
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i += 1;
    if (i >= text.length) return expecting === 'after-value' && open.length === 0 ? undefined : { offset: i, reason: 'unexpected end of the text' };
    const code = text.charCodeAt(i);
    const container = open.at(-1);
    const closes = (container === OPEN_OBJECT && code === CLOSE_OBJECT) || (container === OPEN_ARRAY && code === CLOSE_ARRAY);
    if (expecting === 'after-value') {
      if (container === undefined) return { offset: i, reason: 'more text after the JSON value' };
      if (code === COMMA) expecting = container === OPEN_OBJECT ? 'key' : 'value';
      else if (closes) open.pop();
      else return { offset: i, reason: container === OPEN_OBJECT ? "expected ',' or '}' after a property value" : "expected ',' or ']' after an array element" };
      i += 1;
    } else if (expecting === 'colon') {
      if (code !== COLON) return { offset: i, reason: "expected ':' after a property name" };
      expecting = 'value';
      i += 1;
    } else if ((expecting === 'key-or-close' || expecting === 'value-or-close') && closes) {
      open.pop();
      expecting = 'after-value';
      i += 1;
    } else if (expecting === 'key' || expecting === 'key-or-close') {
      if (code !== QUOTE) return { offset: i, reason: 'expected a property name in double quotes' };
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      expecting = 'colon';
      i = end;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      open.push(code);
      expecting = code === OPEN_OBJECT ? 'key-or-close' : 'value-or-close';
      i += 1;
    } else {
      const end = scanScalar(text, i);
      if (typeof end !== 'number') return end;
      expecting = 'after-value';
      i = end;
    }
  }
}

/** Why and where `text` is not JSON; undefined when it is. */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  const fault = findFault(text);
  if (!fault) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < fault.offset; i += 1) {
    if (text.charCodeAt(i) === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { reason: fault.reason, line, column: fault.offset - lineStart + 1 };
}

/**
 * For an error message: `expected ':' after a property name at line 3, column 9`, and the line.
 * Call it once `JSON.parse` has refused the text.
 */
export function explainJsonSyntaxError(text: string): { detail: string; line?: number } {
  const problem = findJsonSyntaxProblem(text);
  // the scanner and JSON.parse agree on what JSON is (a differential test holds them to it)
  if (!problem) return { detail: 'refused by the JSON parser' };
  return { detail: `${problem.reason} at line ${problem.line}, column ${problem.column}`, line: problem.line };
}
