import type { Report } from '../core/report.js';

/**
 * Characters JSON.stringify leaves raw that still act on a terminal or editor showing the file:
 * bidirectional overrides ("Trojan Source") and the JavaScript line separators. Written as \\uXXXX
 * escapes they parse back to the very same strings, so the data is unchanged.
 */
const DISPLAY_UNSAFE = /[\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON.stringify escapes every control character and lone surrogate, so attacker text cannot break the document. */
export function renderJson(report: Report): string {
  const text = JSON.stringify(report, null, 2).replace(DISPLAY_UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${text}\n`;
}
