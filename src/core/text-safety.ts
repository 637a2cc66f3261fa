/**
 * Characters that let attacker text act instead of read: C0/C1 controls (ANSI escape sequences,
 * carriage returns that overwrite a line), line and paragraph separators, bidirectional overrides
 * that reorder what a reviewer sees ("Trojan Source"), lone surrogates and the non-characters
 * U+FFFE/U+FFFF that break strict parsers.
 */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Makes attacker-controlled text safe for a terminal or a one-line field: unsafe characters become visible escapes. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (char) => {
    if (char === '\n') return '\\n';
    if (char === '\t') return '\\t';
    if (char === '\r') return '\\r';
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
