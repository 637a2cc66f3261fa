/**
 * A manifest stream cut into documents the way kubectl cuts it (`k8s.io/apimachinery`'s
 * YAMLOrJSONDecoder, as `kubectl apply -f` and Helm, Argo CD and Flux use it):
 *
 * - A stream whose first non-space character, within its first 4096 bytes, is `{` is read as
 *   JSON values one after another. If the first value is not valid JSON, the whole stream is read
 *   as YAML; if the second is not, the rest after the first is; after two values, an invalid one is
 *   an error.
 * - YAML is cut at every line that starts with `---`. Only spaces and a comment may follow it; any
 *   other text there is an error. Such a line ends a chunk that holds anything (even a blank line);
 *   otherwise it opens the next chunk, where go-yaml reads it as a document start. `...` cuts
 *   nothing: go-yaml reads only a chunk's first document. A line's `\r\n` ending counts as `\n`.
 */

export type StreamPiece = { startLine: number } & (
  | {
      format: 'yaml';
      text: string;
      /** whether a line opens with `.`, `%` or `---`: a document end or directive go-yaml may meet */
      markers: boolean;
    }
  | {
      format: 'json';
      value: unknown;
      /** offsets of the value in the stream's text (where an edit of it goes) */
      start: number;
      end: number;
    }
);

export interface StreamProblem {
  message: string;
  line: number;
}

export interface SplitStream {
  pieces: StreamPiece[];
  problems: StreamProblem[];
}

/** Go's unicode.IsSpace. */
export function isGoSpace(code: number): boolean {
  if (code <= 0xff) return code === 32 || (code >= 9 && code <= 13) || code === 0x85 || code === 0xa0;
  return code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}

function utf8Length(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  return 3;
}

/** GuessJSONStream: the first non-space byte among the first 4096 is `{`. */
function looksLikeJson(text: string): boolean {
  let bytes = 0;
  for (let at = 0; at < text.length && bytes < 4096; at += 1) {
    const code = text.charCodeAt(at);
    if (!isGoSpace(code)) return code === 123;
    bytes += utf8Length(code);
  }
  return false;
}

function isJsonSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

type JsonRead = { eof: true } | { value: unknown; start: number; end: number } | { error: number };

/** The end of the container or string that starts at `start`, or -1 when the text ends first. */
function endOfNested(text: string, start: number): number {
  let depth = 0;
  for (let at = start; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code === 34) {
      at += 1;
      while (at < text.length && text.charCodeAt(at) !== 34) at += text.charCodeAt(at) === 92 ? 2 : 1;
      if (at >= text.length) return -1;
      if (depth === 0) return at + 1;
    } else if (code === 123 || code === 91) {
      depth += 1;
    } else if (code === 125 || code === 93) {
      depth -= 1;
      if (depth === 0) return at + 1;
    }
  }
  return -1;
}

const JSON_TOKEN_CHAR = /[A-Za-z0-9+\-.]/;

/** One JSON value as encoding/json's Decoder reads it from `from`. */
function readJsonValue(text: string, from: number): JsonRead {
  let start = from;
  while (start < text.length && isJsonSpace(text.charCodeAt(start))) start += 1;
  if (start >= text.length) return { eof: true };
  const first = text.charCodeAt(start);
  let end: number;
  if (first === 123 || first === 91 || first === 34) {
    end = endOfNested(text, start);
    if (end < 0) return { error: start };
  } else {
    end = start;
    while (end < text.length && JSON_TOKEN_CHAR.test(text[end]!)) end += 1;
    if (end === start) return { error: start };
  }
  try {
    return { value: JSON.parse(text.slice(start, end)) as unknown, start, end };
  } catch {
    return { error: start };
  }
}

/** Counts lines forward through a text, so that many lookups in order cost one pass. */
class LineCounter {
  private offset = 0;
  private line = 1;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  lineAt(offset: number): number {
    for (let at = this.text.indexOf('\n', this.offset); at >= 0 && at < offset; at = this.text.indexOf('\n', at + 1)) {
      this.line += 1;
      this.offset = at + 1;
    }
    return this.line;
  }
}

/** YAMLOrJSONDecoder.consumeWhitespace: spaces up to and including the first newline. */
function skipWhitespaceLine(text: string, from: number): number {
  let at = from;
  while (at < text.length && isGoSpace(text.charCodeAt(at))) {
    at += 1;
    if (text.charCodeAt(at - 1) === 10) break;
  }
  return at;
}

/** The text after `---` on a separator line is allowed when it is blank or a comment. */
function separatorRestAllowed(text: string, from: number, to: number): boolean {
  let at = from;
  while (at < to && isGoSpace(text.charCodeAt(at))) at += 1;
  return at === to || text.charCodeAt(at) === 35;
}

/** YAMLReader: chunks between `---` lines, each line ending in `\n`, `\r\n` read as `\n`. */
function splitYaml(text: string, from: number, firstLine: number, out: SplitStream): void {
  // without carriage returns a chunk is a slice of the text (plus a final newline at the end)
  const slices = !text.includes('\r');
  let chunkStart = -1;
  let chunkLine = 0;
  let lastEnd = from;
  let lines: string[] = [];
  let markers = false;
  const flush = (): void => {
    if (chunkStart < 0) return;
    let body: string;
    if (!slices) body = `${lines.join('\n')}\n`;
    else body = lastEnd < text.length ? text.slice(chunkStart, lastEnd + 1) : `${text.slice(chunkStart)}\n`;
    out.pieces.push({ format: 'yaml', text: body, startLine: chunkLine, markers });
    chunkStart = -1;
    lines = [];
    markers = false;
  };
  let line = firstLine;
  let start = from;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    const terminated = end >= 0;
    if (!terminated) end = text.length;
    const contentEnd = terminated && end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const separator = contentEnd - start >= 3 && text.startsWith('---', start);
    const allowed = separator && separatorRestAllowed(text, start + 3, contentEnd);
    if (separator && !allowed) out.problems.push({ message: 'invalid document separator: only spaces and a comment may follow ---', line });
    if (separator && (chunkStart >= 0 || !allowed)) {
      flush();
    } else {
      // a separator before anything else stays in the next chunk: go-yaml reads it as a document start
      if (chunkStart < 0) {
        chunkStart = start;
        chunkLine = line;
      }
      const first = text.charCodeAt(start);
      if (first === 46 || first === 37 || separator) markers = true;
      if (!slices) lines.push(text.slice(start, contentEnd));
      lastEnd = end;
    }
    start = end + 1;
    line += 1;
  }
  flush();
}

/** Cuts a whole stream into its JSON values and YAML chunks. */
export function splitKubectlStream(text: string): SplitStream {
  const out: SplitStream = { pieces: [], problems: [] };
  if (!looksLikeJson(text)) {
    splitYaml(text, 0, 1, out);
    return out;
  }
  const lines = new LineCounter(text);
  let position = 0;
  let count = 0;
  for (;;) {
    const read = readJsonValue(text, position);
    if ('eof' in read) return out;
    if ('value' in read) {
      out.pieces.push({ format: 'json', value: read.value, startLine: lines.lineAt(read.start), start: read.start, end: read.end });
      count += 1;
      position = read.end;
      continue;
    }
    if (count > 1) {
      out.problems.push({ message: 'invalid JSON after the first two values of a JSON stream', line: lines.lineAt(read.error) });
      return out;
    }
    const yamlStart = skipWhitespaceLine(text, position);
    if (yamlStart >= text.length) {
      out.problems.push({ message: 'invalid JSON', line: lines.lineAt(read.error) });
      return out;
    }
    splitYaml(text, yamlStart, lines.lineAt(yamlStart), out);
    return out;
  }
}
