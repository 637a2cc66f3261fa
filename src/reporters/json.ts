import type { Report } from '../core/report.js';
import { JSON_ESCAPES, neutralizeHashCommands } from './text-safety.js';

/**
 * Characters JSON.stringify leaves raw that still act on a terminal or editor showing the file:
 * C1 controls (U+0085 ends a line for some readers, U+009B starts an escape sequence on some
 * terminals), bidirectional overrides ("Trojan Source") and the JavaScript line separators.
 * Written as \\uXXXX escapes they parse back to the very same strings, so the data is unchanged.
 */
const DISPLAY_UNSAFE = /[\u0080-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// A test without the global flag keeps no lastIndex; on text without such characters (nearly
// always) it is far cheaper than a replace.
const HAS_DISPLAY_UNSAFE = new RegExp(DISPLAY_UNSAFE.source);

function displaySafe(text: string): string {
  // ASCII text (nearly every chunk) holds none of them: its UTF-8 length, counted natively, says so
  if (Buffer.byteLength(text, 'utf8') === text.length || !HAS_DISPLAY_UNSAFE.test(text)) return text;
  return text.replace(DISPLAY_UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * `#` exists in JSON text only inside strings, so `##[` and `##vso[` (CI log commands, acted on
 * anywhere in a line) can be broken with a `\u0023` escape that parses back to the same string.
 * A line of pretty-printed JSON never starts with string content, so `::` needs nothing.
 */
function encode(value: unknown, indent: string): string {
  const text = neutralizeHashCommands(displaySafe(JSON.stringify(value, null, 2)), JSON_ESCAPES);
  return indent ? text.replace(/\n/g, `\n${indent}`) : text;
}

const FINDINGS_PER_CHUNK = 500;

/**
 * The report as `JSON.stringify(report, null, 2)` would print it, in chunks, so a report
 * with hundreds of thousands of findings is never one string in memory.
 * JSON.stringify escapes every control character and lone surrogate, so attacker text cannot break the document.
 */
export function* renderJsonChunks(report: Report): Generator<string> {
  const entries = Object.entries(report);
  yield '{\n';
  for (const [index, [key, value]] of entries.entries()) {
    const separator = index < entries.length - 1 ? ',\n' : '\n';
    if (key !== 'findings' || !Array.isArray(value) || value.length === 0) {
      yield `  ${JSON.stringify(key)}: ${encode(value, '  ')}${separator}`;
      continue;
    }
    yield `  ${JSON.stringify(key)}: [`;
    for (let start = 0; start < value.length; start += FINDINGS_PER_CHUNK) {
      // stringified inside a wrapper so JSON.stringify indents the findings itself; the wrapper's lines are cut off
      const wrapped = encode({ [key]: value.slice(start, start + FINDINGS_PER_CHUNK) }, '');
      const body = wrapped.slice(wrapped.indexOf('[') + 1, wrapped.lastIndexOf(']') - 3);
      yield start === 0 ? body : `,${body}`;
    }
    yield `\n  ]${separator}`;
  }
  yield '}\n';
}

/** Any other JSON document eksguard prints (`eksguard paths --format json`), with the same escapes as the report. */
export function renderJsonDocument(value: unknown): string {
  return `${encode(value, '')}\n`;
}

export function renderJson(report: Report): string {
  return [...renderJsonChunks(report)].join('');
}

/** Any value as pretty JSON with the same protections as the report (display-unsafe characters and CI commands escaped). */
export function renderSafeJson(value: unknown): string {
  return `${encode(value, '')}\n`;
}
