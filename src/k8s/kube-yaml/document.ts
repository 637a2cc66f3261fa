import { NOT_BLOCK_YAML, parseBlockYaml } from './block.js';
import { composeDocument, YamlProblem } from './compose.js';

export { YamlProblem } from './compose.js';

export interface DocumentLimits {
  maxDepth: number;
  /** values in one document after aliases are expanded, when the document is smaller than this in bytes */
  maxNodesPerDocument: number;
}

/** Characters go-yaml's reader accepts (readerc.go): anything else fails the whole document in Kubernetes too. */
const DISALLOWED = /[^\t\n\r\x20-\x7E\x85\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** YAML 1.1 line breaks that the YAML 1.2 parser we compose with reads as ordinary characters. */
const YAML11_BREAK = /[\x85\u2028\u2029]/;

function codePointName(text: string, at: number): string {
  return `U+${text.codePointAt(at)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

/** `---` or `...` at the start of a line, followed by a space, a tab or the end of the line. */
function isMarker(text: string, start: number, end: number, char: '-' | '.'): boolean {
  if (end - start < 3 || text[start] !== char || text[start + 1] !== char || text[start + 2] !== char) return false;
  return end - start === 3 || isBlank(text.charCodeAt(start + 3));
}

function hasContent(text: string, start: number, end: number): boolean {
  let at = start;
  while (at < end && text.charCodeAt(at) === 32) at += 1;
  return at < end && text.charCodeAt(at) !== 35;
}

type FirstDocument = { text: string; explicitStart: boolean } | { empty: true };

/**
 * The first document of a kubectl chunk, as go-yaml v2's Unmarshal reads it: a chunk may open with
 * the `---` line kubectl kept; a `...` line ends the document after content (what follows is never
 * read) and is an error before any, unless `---` opened an empty document. A `%` directive line is
 * refused: go-yaml fails on most and ends the document at the others.
 */
function firstDocument(text: string, markers: boolean): FirstDocument {
  // nearly every chunk: the splitter saw no line that could be a marker or directive
  if (!markers) return { text, explicitStart: false };
  let explicitStart = false;
  let content = false;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (start === 0 && text.startsWith('---')) {
      if (!isMarker(text, 0, end, '-')) throw new YamlProblem('text right after --- that Kubernetes reads as part of the document; eksguard refuses it rather than guess', 0);
      explicitStart = true;
    } else if (text.charCodeAt(start) === 37) {
      throw new YamlProblem('a directive (a line starting with %) inside a document, which Kubernetes refuses or reads as the end of the document', start);
    } else if (isMarker(text, start, end, '.')) {
      if (content) return { text: text.slice(0, start), explicitStart };
      if (explicitStart) return { empty: true };
      throw new YamlProblem('a document end (...) before any content', start);
    } else if (!content && hasContent(text, start, end)) {
      content = true;
    }
    start = end + 1;
  }
  return { text, explicitStart };
}

/**
 * One YAML chunk of a manifest stream, read to the JSON value Kubernetes decodes. A problem throws
 * YamlProblem with its offset in the chunk. The YAML 1.1 line breaks NEL, LS and PS are refused,
 * and byte-order marks inside the document where only the fast reader reads them as go-yaml does
 * (as text). `markers: false` says no line of the chunk opens with `.`, `%` or `---`.
 */
export function decodeYamlDocument(chunk: string, limits: DocumentLimits, markers = true): unknown {
  const shift = chunk.charCodeAt(0) === 0xfeff ? 1 : 0;
  try {
    return decodeFrom(shift ? chunk.slice(1) : chunk, limits, markers || shift === 1);
  } catch (error) {
    if (error instanceof YamlProblem && shift) throw new YamlProblem(error.message, error.offset + shift);
    throw error;
  }
}

/** A chunk after its opening byte-order mark, which go-yaml skips (one anywhere else is text to it). */
function decodeFrom(text: string, limits: DocumentLimits, markers: boolean): unknown {
  // one scan for the common case: printable text with nothing either check below looks for
  const unusual = UNUSUAL.test(text);
  if (unusual) refuseCharacters(text);
  const document = firstDocument(text, markers);
  if ('empty' in document) return null;
  try {
    // the fast reader does not take the `---` line: it becomes an empty line, so lines still count
    const fastText = document.explicitStart ? document.text.slice(document.text.indexOf('\n') >>> 0) : document.text;
    const fast = parseBlockYaml(fastText, limits.maxDepth, !unusual);
    if (fast !== NOT_BLOCK_YAML) return fast;
    const mark = document.text.indexOf('\uFEFF');
    if (mark >= 0) throw new YamlProblem('a byte-order mark (U+FEFF) inside a document is text to Kubernetes; eksguard refuses it here rather than guess', mark);
    return composeDocument(document.text, { maxDepth: limits.maxDepth, maxNodes: Math.max(limits.maxNodesPerDocument, document.text.length) });
  } catch (error) {
    if (error instanceof RangeError) throw new YamlProblem('document is nested too deeply to parse', 0);
    throw error;
  }
}

/** Characters other than line feeds and printable ones below U+2028 or above U+2029 (surrogates are checked apart). */
const UNUSUAL = /[^\n\x20-\x7E\xA0-\u2027\u202A-\uFFFD]/;

/** Throws for characters go-yaml refuses and for the YAML 1.1 line breaks eksguard refuses. */
function refuseCharacters(text: string): void {
  const disallowed = DISALLOWED.exec(text);
  if (disallowed) throw new YamlProblem(`control character ${codePointName(text, disallowed.index)} is not allowed in YAML`, disallowed.index);
  const carriageReturn = text.indexOf('\r');
  if (carriageReturn >= 0) throw new YamlProblem('a carriage return that does not end a line (Kubernetes\' YAML reader reads it as a line break); eksguard refuses it rather than guess', carriageReturn);
  const lineBreak = YAML11_BREAK.exec(text);
  if (lineBreak) {
    throw new YamlProblem(`character ${codePointName(text, lineBreak.index)} is a line break to Kubernetes' YAML 1.1 reader; eksguard refuses it rather than guess`, lineBreak.index);
  }
}
