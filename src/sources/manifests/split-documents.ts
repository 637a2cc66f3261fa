export interface DocumentChunk {
  /** 1-based line of the first line of the chunk */
  startLine: number;
  text: string;
}

const DOCUMENT_MARKER = /^(---|\.\.\.)(?=\s|$)/;

/**
 * Splits a YAML stream at document markers so each document parses, fails and
 * reports lines on its own. A marker line may carry content (`--- !tag` or `--- {}`).
 */
export function splitDocuments(text: string): DocumentChunk[] {
  const needsLines = text.includes('\r') || text.startsWith('%') || text.includes('\n%');
  return needsLines ? splitDocumentsByLine(text) : splitDocumentsBySlice(text);
}

/** Whitespace as String.prototype.trim and the regular expression `\s` see it. */
function isWhitespace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** Whether a line holds something other than whitespace and a comment. */
function hasContent(text: string, start: number, end: number): boolean {
  let at = start;
  while (at < end && isWhitespace(text.charCodeAt(at))) at += 1;
  return at < end && text.charCodeAt(at) !== 35;
}

function isMarker(text: string, start: number, end: number): boolean {
  if (end - start < 3) return false;
  const first = text.charCodeAt(start);
  if ((first !== 45 && first !== 46) || text.charCodeAt(start + 1) !== first || text.charCodeAt(start + 2) !== first) return false;
  return end - start === 3 || isWhitespace(text.charCodeAt(start + 3));
}

/**
 * The same chunks as splitDocumentsByLine for text without carriage returns or directives,
 * cut as slices of the text instead of joined lines.
 */
export function splitDocumentsBySlice(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  let prefix: string | undefined;
  let bodyStart = -1;
  let bodyEnd = -1;
  let chunkStart = 1;
  let content = false;
  let lineNumber = 0;
  const flush = (): void => {
    if (content) {
      const body = bodyStart >= 0 ? text.slice(bodyStart, bodyEnd) : undefined;
      const chunkText = prefix === undefined ? body! : body === undefined ? prefix : `${prefix}\n${body}`;
      chunks.push({ startLine: chunkStart, text: chunkText });
    }
    prefix = undefined;
    bodyStart = -1;
    content = false;
  };
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNumber += 1;
    if (isMarker(text, start, end)) {
      flush();
      if (text.charCodeAt(start) === 46) {
        chunkStart = lineNumber + 1;
      } else {
        chunkStart = lineNumber;
        const rest = text.slice(start + 3, end);
        prefix = rest.trim() === '' ? '' : rest;
        content = hasContent(text, start + 3, end);
      }
    } else {
      if (prefix === undefined && bodyStart < 0) chunkStart = lineNumber;
      if (bodyStart < 0) bodyStart = start;
      bodyEnd = end;
      if (!content && hasContent(text, start, end)) content = true;
    }
    start = end + 1;
  }
  flush();
  return chunks;
}

/** Splits line by line: strips carriage returns, and keeps directive lines with the document they precede. */
export function splitDocumentsByLine(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  let current: string[] = [];
  let currentStart = 1;
  let lineNumber = 0;
  let inDirectives = false;
  const flush = (): void => {
    if (current.some((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))) {
      chunks.push({ startLine: currentStart, text: current.join('\n') });
    }
    current = [];
  };
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let line = text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    lineNumber += 1;
    if (line.startsWith('%')) {
      inDirectives = true;
    } else {
      const marker = DOCUMENT_MARKER.exec(line);
      if (marker) {
        if (!inDirectives) flush();
        inDirectives = false;
        if (marker[1] === '...') {
          currentStart = lineNumber + 1;
        } else {
          const rest = line.slice(3);
          currentStart = lineNumber;
          current = [rest.trim() === '' ? '' : rest];
        }
        start = end + 1;
        continue;
      }
    }
    if (current.length === 0) currentStart = lineNumber;
    current.push(line);
    start = end + 1;
  }
  flush();
  return chunks;
}
