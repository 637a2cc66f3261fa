/**
 * JSON text read with a problem report that quotes nothing. V8's own messages repeat the input
 * (`Unexpected token 'p', "password=hunter2" is not valid JSON`), and the files eksguard reads
 * (baselines, AWS snapshots) can hold secrets: a problem is its line, its column and what is
 * wrong, in fixed words. One pass without recursion also bounds the nesting before JSON.parse
 * builds the value, so no later walk over it can overflow the stack.
 */

export interface JsonProblem {
  line: number;
  column: number;
  problem: string;
}

export type JsonRead = { ok: true; value: unknown } | { ok: false; error: JsonProblem };

type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';

const OBJECT = 1;
const ARRAY = 0;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX = /^[0-9a-fA-F]{4}$/;

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

class Scanner {
  private at = 0;
  private line = 1;
  private lineStart = 0;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  problem(problem: string, at = this.at): JsonProblem {
    return { line: this.line, column: at - this.lineStart + 1, problem };
  }

  skipWhitespace(): void {
    const { text } = this;
    while (this.at < text.length && WHITESPACE.has(text.charCodeAt(this.at))) {
      if (text.charCodeAt(this.at) === 0x0a) {
        this.line += 1;
        this.lineStart = this.at + 1;
      }
      this.at += 1;
    }
  }

  done(): boolean {
    return this.at >= this.text.length;
  }

  peek(): string {
    return this.text[this.at]!;
  }

  advance(): void {
    this.at += 1;
  }

  string(): JsonProblem | undefined {
    const { text } = this;
    const start = this.at;
    this.at += 1;
    while (this.at < text.length) {
      const code = text.charCodeAt(this.at);
      if (code === 0x22) {
        this.at += 1;
        return undefined;
      }
      if (code < 0x20) return this.problem('control character inside a string (escape it)');
      if (code === 0x5c) {
        const escape = text[this.at + 1];
        if (escape === 'u') {
          if (!HEX.test(text.slice(this.at + 2, this.at + 6))) return this.problem('invalid \\u escape sequence');
          this.at += 6;
          continue;
        }
        if (escape === undefined || !ESCAPES.has(escape)) return this.problem('invalid escape sequence');
        this.at += 2;
        continue;
      }
      this.at += 1;
    }
    return this.problem('string not closed before the end of the input', start);
  }

  number(): JsonProblem | undefined {
    const { text } = this;
    const start = this.at;
    const digits = (): boolean => {
      const from = this.at;
      while (this.at < text.length && isDigit(text.charCodeAt(this.at))) this.at += 1;
      return this.at > from;
    };
    if (text[this.at] === '-') this.at += 1;
    if (text[this.at] === '0') this.at += 1;
    else if (!digits()) return this.problem('invalid number', start);
    if (text[this.at] === '.') {
      this.at += 1;
      if (!digits()) return this.problem('invalid number', start);
    }
    if (text[this.at] === 'e' || text[this.at] === 'E') {
      this.at += 1;
      if (text[this.at] === '+' || text[this.at] === '-') this.at += 1;
      if (!digits()) return this.problem('invalid number', start);
    }
    return undefined;
  }

  literal(): boolean {
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return true;
      }
    }
    return false;
  }
}

/** The first syntax problem of a JSON text, or nesting deeper than `maxDepth`; undefined when it is valid JSON. */
export function jsonTextProblem(text: string, maxDepth: number): JsonProblem | undefined {
  const scanner = new Scanner(text);
  const stack: number[] = [];
  let expect: Expect = 'value';
  const afterValue = () => (stack.length === 0 ? 'end' : 'comma-or-close');
  for (;;) {
    scanner.skipWhitespace();
    if (scanner.done()) return expect === 'end' ? undefined : scanner.problem('unexpected end of the input');
    const char = scanner.peek();
    if (expect === 'end') return scanner.problem('more text after the end of the JSON value');
    if (expect === 'colon') {
      if (char !== ':') return scanner.problem('expected ":" after a key');
      scanner.advance();
      expect = 'value';
    } else if (expect === 'comma-or-close') {
      const top = stack[stack.length - 1];
      if (char === ',') expect = top === OBJECT ? 'key' : 'value';
      else if ((char === ']' && top === ARRAY) || (char === '}' && top === OBJECT)) stack.pop();
      else return scanner.problem(top === OBJECT ? 'expected "," or "}"' : 'expected "," or "]"');
      scanner.advance();
      if (char !== ',') expect = afterValue();
    } else if (expect === 'key' || expect === 'key-or-close') {
      if (char === '}' && expect === 'key-or-close') {
        stack.pop();
        scanner.advance();
        expect = afterValue();
      } else if (char === '"') {
        const problem = scanner.string();
        if (problem) return problem;
        expect = 'colon';
      } else {
        return scanner.problem('expected a key in double quotes');
      }
    } else if (char === ']' && expect === 'value-or-close') {
      stack.pop();
      scanner.advance();
      expect = afterValue();
    } else if (char === '{' || char === '[') {
      if (stack.length >= maxDepth) return scanner.problem(`nested deeper than ${maxDepth} levels`);
      stack.push(char === '{' ? OBJECT : ARRAY);
      scanner.advance();
      expect = char === '{' ? 'key-or-close' : 'value-or-close';
    } else if (char === '"') {
      const problem = scanner.string();
      if (problem) return problem;
      expect = afterValue();
    } else if (char === '-' || isDigit(char.charCodeAt(0))) {
      const problem = scanner.number();
      if (problem) return problem;
      expect = afterValue();
    } else if (scanner.literal()) {
      expect = afterValue();
    } else {
      return scanner.problem('unexpected character (not a JSON value)');
    }
  }
}

/** Parses JSON text within a nesting limit; a leading byte-order mark is ignored (Windows tools write one). */
export function readJsonText(text: string, maxDepth: number): JsonRead {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const problem = jsonTextProblem(body, maxDepth);
  if (problem) return { ok: false, error: problem };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    // the scanner accepts exactly JSON (a test holds it to JSON.parse); this only keeps V8's message out
    return { ok: false, error: { line: 1, column: 1, problem: 'invalid JSON' } };
  }
}
