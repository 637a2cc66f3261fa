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
