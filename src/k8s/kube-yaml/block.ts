import { isPlainString, plainKey, plainScalar, YamlRefusal } from './scalars.js';

/**
 * A fast parser for the YAML that Kubernetes manifests are made of: block mappings and
 * sequences, one-line plain and quoted scalars, literal and folded block scalars, one-line flow
 * sequences of scalars and `{}`. It gives exactly the value the full reader (compose.ts) gives,
 * which is the value Kubernetes decodes; anything else — anchors, tags, multi-line flow or plain
 * scalars, tabs, merge keys, duplicate keys, NaN or infinite values, anything invalid — returns
 * NOT_BLOCK_YAML and the caller uses the full reader, which also produces the error messages.
 * `block.test.ts` compares both on generated and mutated documents.
 */
export const NOT_BLOCK_YAML: unique symbol = Symbol('not block YAML');

class Unsupported {}
const UNSUPPORTED = new Unsupported();

/**
 * Characters YAML refuses (the full reader gives the error), and tabs, carriage returns and the
 * line breaks of YAML 1.1 (NEL, LS, PS), which this parser does not read. A byte-order mark is an
 * ordinary character to go-yaml inside a document, and so it is here.
 */
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]|[\t\r]/;

/** go-yaml refuses implicit keys longer than 1024 characters; near that length the full reader decides. */
export const MAX_KEY_LENGTH = 1000;

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;

/** Characters a plain scalar may not start with: indicators, and the quotes and `[`/`{` handled apart. */
const INDICATOR = new Set([...',[]{}#&*!|>\'"%@`?:-'].map((c) => c.charCodeAt(0)));

/** A plain scalar's value; NaN and infinities, which JSON cannot hold, are the full reader's to refuse. */
function resolvePlain(raw: string): unknown {
  if (isPlainString(raw)) return raw;
  const value = plainScalar(raw);
  if (typeof value === 'number' && !Number.isFinite(value)) throw UNSUPPORTED;
  return value;
}

/**
 * A plain key as JSON names it. A null key is the full reader's to refuse, and so is a float zero:
 * -0.0 and 0.0 are one Go map key printed two ways, which only the full reader tracks.
 */
function resolveKey(raw: string): string {
  if (isPlainString(raw)) return raw;
  try {
    const key = plainKey(raw);
    if (key.identity === 'f:0') throw UNSUPPORTED;
    return key.key;
  } catch (error) {
    if (error instanceof YamlRefusal) throw UNSUPPORTED;
    throw error;
  }
}

/**
 * Plain keys already read, one per slot by length and first and last character: the same few
 * hundred keys (`apiVersion`, `containers`, `image`) fill every manifest, and a key found here is
 * compared in place instead of cut out of the text and hashed again as a property name. Bounded
 * by its size; a collision only replaces the slot.
 */
const KEY_SLOTS = 1024;
const knownKeys: (string | undefined)[] = new Array<string | undefined>(KEY_SLOTS).fill(undefined);

function keySlot(text: string, start: number, end: number): number {
  return ((end - start) * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(end - 1)) & (KEY_SLOTS - 1);
}

/** `text.startsWith(part, start)`, compared here: the built-in with a position costs more on keys this short. */
function sameText(part: string, text: string, start: number): boolean {
  for (let at = 0; at < part.length; at += 1) if (part.charCodeAt(at) !== text.charCodeAt(start + at)) return false;
  return true;
}

/** The plain key `text.slice(start, end)` as JSON names it, taken from knownKeys when it was read before. */
function plainKeyAt(text: string, start: number, end: number): string {
  const slot = keySlot(text, start, end);
  const known = knownKeys[slot];
  if (known !== undefined && known.length === end - start && sameText(known, text, start)) return known;
  const raw = text.slice(start, end);
  const key = resolveKey(raw);
  if (key === raw) knownKeys[slot] = raw;
  return key;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\x00',
  a: '\x07',
  b: '\x08',
  t: '\x09',
  n: '\x0A',
  v: '\x0B',
  f: '\x0C',
  r: '\x0D',
  e: '\x1B',
  ' ': ' ',
  '"': '"',
  '\\': '\\',
  N: '\x85',
  _: '\xA0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

class BlockYamlParser {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly indents: number[] = [];
  /** true for lines that are blank or hold only a comment */
  private readonly skippable: boolean[] = [];
  private readonly count: number;
  /** line index of the first content line after the node parsed last */
  private next = 0;
  private depth = 0;

  private readonly text: string;
  private readonly maxDepth: number;

  constructor(text: string, maxDepth: number) {
    this.text = text;
    this.maxDepth = maxDepth;
    let start = 0;
    const length = text.length;
    while (start < length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = length;
      let indent = 0;
      while (start + indent < end && text.charCodeAt(start + indent) === SPACE) indent += 1;
      const first = start + indent < end ? text.charCodeAt(start + indent) : -1;
      if (indent === 0 && (first === 37 || text.startsWith('---', start) || text.startsWith('...', start))) throw UNSUPPORTED;
      this.starts.push(start);
      this.ends.push(end);
      this.indents.push(indent);
      this.skippable.push(first === -1 || first === HASH);
      start = end + 1;
    }
    this.count = this.starts.length;
  }

  parse(): unknown {
    const first = this.nextContent(0);
    if (first === this.count) throw UNSUPPORTED;
    const value = this.blockNode(first, this.indents[first]!);
    if (this.next !== this.count) throw UNSUPPORTED;
    return value;
  }

  private nextContent(from: number): number {
    let line = from;
    while (line < this.count && this.skippable[line]) line += 1;
    return line;
  }

  private char(position: number): number {
    return this.text.charCodeAt(position);
  }

  private isDash(position: number, end: number): boolean {
    return this.char(position) === DASH && (position + 1 === end || this.char(position + 1) === SPACE);
  }

  private skipSpaces(position: number, end: number): number {
    let at = position;
    while (at < end && this.char(at) === SPACE) at += 1;
    return at;
  }

  /** The rest of a line after a value: nothing, or a comment after a space. */
  private expectLineEnd(position: number, end: number): void {
    const at = this.skipSpaces(position, end);
    if (at === end) return;
    if (this.char(at) === HASH && at > position) return;
    throw UNSUPPORTED;
  }

  /** After a value that ends on `line`: the next content line must not be indented deeper than `column`. */
  private afterInline(line: number, column: number): void {
    let next = line + 1;
    while (next < this.count && this.skippable[next]) {
      if (this.indents[next]! > column && this.ends[next]! > this.starts[next]! + this.indents[next]!) throw UNSUPPORTED;
      next += 1;
    }
    if (next < this.count && this.indents[next]! > column) throw UNSUPPORTED;
    this.next = next;
  }

  private enter(): void {
    this.depth += 1;
    if (this.depth >= this.maxDepth - 1) throw UNSUPPORTED;
  }

  /** A block collection that starts at `column` of `line`. */
  private blockNode(line: number, column: number): unknown {
    const position = this.starts[line]! + column;
    return this.isDash(position, this.ends[line]!) ? this.sequence(line, column) : this.mapping(line, column);
  }

  private mapping(firstLine: number, column: number): Record<string, unknown> {
    this.enter();
    const result: Record<string, unknown> = {};
    let line = firstLine;
    let entries = 0;
    for (;;) {
      const entry = this.key(line, this.starts[line]! + column);
      if (!entry || entry.key === '__proto__') throw UNSUPPORTED;
      result[entry.key] = this.value(line, entry.after, column, true);
      entries += 1;
      const next = this.next;
      if (next >= this.count || this.indents[next]! < column) break;
      if (this.indents[next]! > column) throw UNSUPPORTED;
      line = next;
    }
    // a key written twice leaves fewer keys than entries: the full reader reports it
    if (Object.keys(result).length !== entries) throw UNSUPPORTED;
    this.depth -= 1;
    return result;
  }

  private sequence(firstLine: number, column: number): unknown[] {
    this.enter();
    const result: unknown[] = [];
    let line = firstLine;
    for (;;) {
      const end = this.ends[line]!;
      const start = this.starts[line]!;
      const content = this.skipSpaces(start + column + 1, end);
      if (content < end && this.isDash(content, end)) {
        result.push(this.sequence(line, content - start));
      } else if (content < end && this.char(content) !== HASH && this.key(line, content)) {
        result.push(this.mapping(line, content - start));
      } else {
        if (content === end || this.char(content) === HASH) this.refuseDashAfterEmptyEntry(line, column);
        result.push(this.value(line, start + column + 1, column, false));
      }
      const next = this.next;
      if (next >= this.count || this.indents[next]! < column) break;
      if (this.indents[next]! > column) throw UNSUPPORTED;
      if (!this.isDash(this.starts[next]! + column, this.ends[next]!)) break;
      line = next;
    }
    this.depth -= 1;
    return result;
  }

  /** A dash after an empty entry, indented less: readers disagree on whether it continues the sequence. */
  private refuseDashAfterEmptyEntry(line: number, column: number): void {
    const below = this.nextContent(line + 1);
    if (below < this.count && this.indents[below]! < column && this.isDash(this.starts[below]! + this.indents[below]!, this.ends[below]!)) throw UNSUPPORTED;
  }

  /** A mapping key at `position`, or undefined when the text there is not a key. */
  private key(line: number, position: number): { key: string; after: number } | undefined {
    const end = this.ends[line]!;
    const first = this.char(position);
    if (first === 34 || first === 39) {
      const quoted = first === 34 ? this.doubleQuoted(position, end) : this.singleQuoted(position, end);
      const colon = this.skipSpaces(quoted.after, end);
      if (this.char(colon) !== COLON || (colon + 1 < end && this.char(colon + 1) !== SPACE)) return undefined;
      if (quoted.value === '<<' || colon - position > MAX_KEY_LENGTH) throw UNSUPPORTED;
      return { key: quoted.value, after: colon + 1 };
    }
    if (first === SPACE || (INDICATOR.has(first) && !this.startsPlainWithIndicator(position, end))) return undefined;
    for (let at = position; at < end; at += 1) {
      const code = this.char(at);
      if (code === HASH && this.char(at - 1) === SPACE) return undefined;
      if (code === COLON && (at + 1 === end || this.char(at + 1) === SPACE)) {
        let rawEnd = at;
        while (this.char(rawEnd - 1) === SPACE) rawEnd -= 1;
        if (at - position > MAX_KEY_LENGTH || (rawEnd - position === 2 && this.text.startsWith('<<', position))) throw UNSUPPORTED;
        return { key: plainKeyAt(this.text, position, rawEnd), after: at + 1 };
      }
    }
    return undefined;
  }

  /** The value that follows a key's `:` or a sequence's `-` at `position`; `column` is the collection's. */
  private value(line: number, position: number, column: number, ofMapping: boolean): unknown {
    const end = this.ends[line]!;
    const start = this.skipSpaces(position, end);
    if (start === end || (this.char(start) === HASH && start > position)) return this.valueBelow(line, column, ofMapping);
    if (start === position) throw UNSUPPORTED;
    const first = this.char(start);
    let value: unknown;
    let after: number;
    if (first === 124 || first === 62) return this.blockScalar(line, start, column);
    if (first === 34 || first === 39) {
      ({ value, after } = first === 34 ? this.doubleQuoted(start, end) : this.singleQuoted(start, end));
    } else if (first === 91) {
      ({ value, after } = this.flowSequence(start, end));
    } else if (first === 123) {
      if (this.char(start + 1) !== 125) throw UNSUPPORTED;
      ({ value, after } = { value: {}, after: start + 2 });
    } else {
      ({ value, after } = this.plainValue(start, end));
    }
    this.expectLineEnd(after, end);
    this.afterInline(line, column);
    return value;
  }

  /** A key or dash with nothing after it: the node on the lines below, or null. */
  private valueBelow(line: number, column: number, ofMapping: boolean): unknown {
    const next = this.nextContent(line + 1);
    if (next < this.count) {
      const indent = this.indents[next]!;
      if (indent > column) return this.blockNode(next, indent);
      if (ofMapping && indent === column && this.isDash(this.starts[next]! + column, this.ends[next]!)) return this.sequence(next, column);
    }
    this.next = next;
    return null;
  }

  /** `-` and `?` start a plain scalar when a character other than a space follows (`-1`, `-Xmx1g`). */
  private startsPlainWithIndicator(position: number, end: number): boolean {
    const first = this.char(position);
    return (first === DASH || first === 63) && position + 1 < end && this.char(position + 1) !== SPACE;
  }

  private plainValue(start: number, end: number): { value: unknown; after: number } {
    const first = this.char(start);
    if (INDICATOR.has(first) && !this.startsPlainWithIndicator(start, end)) throw UNSUPPORTED;
    let stop = end;
    for (let at = start; at < end; at += 1) {
      const code = this.char(at);
      if (code === COLON && (at + 1 === end || this.char(at + 1) === SPACE)) throw UNSUPPORTED;
      if (code === HASH && this.char(at - 1) === SPACE) {
        stop = at;
        break;
      }
    }
    let rawEnd = stop;
    while (this.char(rawEnd - 1) === SPACE) rawEnd -= 1;
    return { value: resolvePlain(this.text.slice(start, rawEnd)), after: rawEnd };
  }

  private doubleQuoted(start: number, end: number): { value: string; after: number } {
    let value = '';
    let segment = start + 1;
    for (let at = start + 1; at < end; at += 1) {
      const code = this.char(at);
      if (code === 34) return { value: value + this.text.slice(segment, at), after: at + 1 };
      if (code !== 92) continue;
      value += this.text.slice(segment, at);
      const escape = this.text[at + 1];
      if (escape === undefined || at + 1 >= end) throw UNSUPPORTED;
      const simple = SIMPLE_ESCAPES[escape];
      if (simple !== undefined) {
        value += simple;
        at += 1;
      } else {
        const length = HEX_ESCAPE_LENGTH[escape];
        const hex = length === undefined ? '' : this.text.slice(at + 2, at + 2 + length);
        if (length === undefined || hex.length !== length || at + 2 + length > end || !/^[0-9a-fA-F]+$/.test(hex)) throw UNSUPPORTED;
        const codePoint = parseInt(hex, 16);
        if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) throw UNSUPPORTED;
        value += String.fromCodePoint(codePoint);
        at += 1 + length;
      }
      segment = at + 1;
    }
    throw UNSUPPORTED;
  }

  private singleQuoted(start: number, end: number): { value: string; after: number } {
    let value = '';
    let segment = start + 1;
    for (let at = start + 1; at < end; at += 1) {
      if (this.char(at) !== 39) continue;
      value += this.text.slice(segment, at);
      if (this.char(at + 1) === 39 && at + 1 < end) {
        value += "'";
        at += 1;
        segment = at + 1;
        continue;
      }
      return { value, after: at + 1 };
    }
    throw UNSUPPORTED;
  }

  /** A one-line flow sequence of scalars: `[]`, `["ALL"]`, `[80, 443]`. */
  private flowSequence(start: number, end: number): { value: unknown[]; after: number } {
    const items: unknown[] = [];
    let at = this.skipSpaces(start + 1, end);
    if (this.char(at) === 93) return { value: items, after: at + 1 };
    for (;;) {
      const first = this.char(at);
      if (at >= end) throw UNSUPPORTED;
      if (first === 34 || first === 39) {
        const quoted = first === 34 ? this.doubleQuoted(at, end) : this.singleQuoted(at, end);
        items.push(quoted.value);
        at = this.skipSpaces(quoted.after, end);
      } else {
        if (INDICATOR.has(first) || first === SPACE) throw UNSUPPORTED;
        let stop = at;
        for (; stop < end; stop += 1) {
          const code = this.char(stop);
          if (code === 44 || code === 93) break;
          if (code === COLON || code === HASH || code === 63 || code === 91 || code === 123 || code === 125) throw UNSUPPORTED;
        }
        let rawEnd = stop;
        while (this.char(rawEnd - 1) === SPACE) rawEnd -= 1;
        items.push(resolvePlain(this.text.slice(at, rawEnd)));
        at = stop;
      }
      const separator = this.char(at);
      if (separator === 93) return { value: items, after: at + 1 };
      if (separator !== 44) throw UNSUPPORTED;
      at = this.skipSpaces(at + 1, end);
      if (this.char(at) === 93) throw UNSUPPORTED;
    }
  }

  /** `|` or `>` with an optional chomping indicator; the lines below, as js-yaml's readBlockScalar reads them (the differential tests hold it to Kubernetes). */
  private blockScalar(line: number, start: number, column: number): string {
    const end = this.ends[line]!;
    const folding = this.char(start) === 62;
    let chomping: 'clip' | 'strip' | 'keep' = 'clip';
    let header = start + 1;
    const indicator = this.char(header);
    if (indicator === 43 || indicator === DASH) {
      chomping = indicator === 43 ? 'keep' : 'strip';
      header += 1;
    }
    if (header < end && this.char(header) !== SPACE) throw UNSUPPORTED;
    this.expectLineEnd(header, end);
    let textIndent = column + 1;
    let detected = false;
    let didReadContent = false;
    let atMoreIndented = false;
    let emptyLines = 0;
    let result = '';
    let current = line + 1;
    for (; current < this.count; current += 1) {
      const lineStart = this.starts[current]!;
      const lineEnd = this.ends[current]!;
      let lineIndent = 0;
      let at = lineStart;
      while ((!detected || lineIndent < textIndent) && at < lineEnd && this.char(at) === SPACE) {
        lineIndent += 1;
        at += 1;
      }
      if (!detected && lineIndent > textIndent) textIndent = lineIndent;
      if (at === lineEnd) {
        emptyLines += 1;
        continue;
      }
      if (lineIndent < textIndent) break;
      const breaks = (count: number): string => (count > 0 ? '\n'.repeat(count) : '');
      if (folding) {
        if (this.char(at) === SPACE) {
          atMoreIndented = true;
          result += breaks(didReadContent ? 1 + emptyLines : emptyLines);
        } else if (atMoreIndented) {
          atMoreIndented = false;
          result += breaks(emptyLines + 1);
        } else if (emptyLines === 0) {
          if (didReadContent) result += ' ';
        } else {
          result += breaks(emptyLines);
        }
      } else {
        result += breaks(didReadContent ? 1 + emptyLines : emptyLines);
      }
      didReadContent = true;
      detected = true;
      emptyLines = 0;
      result += this.text.slice(at, lineEnd);
    }
    if (chomping === 'keep') result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
    else if (chomping === 'clip' && didReadContent) result += '\n';
    this.afterInline(current - 1, column);
    return result;
  }
}

/**
 * Parses one YAML document the fast way, or returns NOT_BLOCK_YAML when the full reader must.
 * `printable`: the caller has found nothing but line feeds and printable characters in the text.
 */
export function parseBlockYaml(text: string, maxDepth: number, printable = false): unknown {
  if (!printable && NON_PRINTABLE.test(text)) return NOT_BLOCK_YAML;
  try {
    return new BlockYamlParser(text, maxDepth).parse();
  } catch (error) {
    if (error === UNSUPPORTED) return NOT_BLOCK_YAML;
    throw error;
  }
}
