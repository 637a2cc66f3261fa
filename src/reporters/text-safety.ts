import { escapeControl } from '../core/text-safety.js';

// escapeControl lives in core so that admission and the CLI can use it without a reporter;
// reporters keep importing it from here with the other escapes.
export { escapeControl };

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values; unsafe characters become visible escapes first. */
export function escapeHtml(text: string): string {
  return escapeControl(text).replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]!);
}

/**
 * CI runners act on commands they find in a job's log, whatever program printed them:
 * - GitHub Actions (actions/runner, ActionCommand.TryParseV2): `::name …::` when a line starts
 *   with it after .NET `TrimStart()`, so leading spaces, tabs and Unicode spaces do not stop it;
 *   the legacy `##[name]` form (TryParse) is found anywhere in a line (`IndexOf`).
 * - Azure Pipelines (agent Command.TryParse): `##vso[` anywhere in a line; its log viewer also
 *   formats `##[section]`, `##[error]` and friends. TeamCity reads `##teamcity[`.
 * The runners read lines with .NET `ReadLine`, which ends a line at `\n`, `\r` or `\r\n`.
 * So no output may contain `##`, letters, `[`, and no line may start, after whitespace, with `::`.
 */
const HASH_COMMAND = /(?<=#)#(?=[A-Za-z]{0,16}\[)/g;
/** .NET `Char.IsWhiteSpace` and JavaScript's white space together, so either trim sees the same start. */
const LINE_START_COMMAND = /^([\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*):(?=:)/gm;

/** How a format writes `#` and `:` so that they read the same but no longer form a command. */
export interface CiEncoding {
  readonly hash: string;
  readonly colon: string;
}

/** Visible escapes, like escapeControl's: for terminal and Markdown text. */
export const VISIBLE_ESCAPES: CiEncoding = { hash: '\\u0023', colon: '\\u003a' };
/** JSON string escapes: the parsed strings are unchanged. Valid only inside JSON strings. */
export const JSON_ESCAPES: CiEncoding = { hash: '\\u0023', colon: '\\u003a' };
/** Character references for XML and HTML text and attribute values: the parsed text is unchanged. */
export const MARKUP_ESCAPES: CiEncoding = { hash: '&#35;', colon: '&#58;' };

/** Breaks `##[`, `##vso[`, `##teamcity[` anywhere in the text by writing the second `#` differently. */
export function neutralizeHashCommands(text: string, encoding: CiEncoding): string {
  return text.includes('##') ? text.replace(HASH_COMMAND, encoding.hash) : text;
}

/** Breaks `::` at the start of any line (after white space) by writing the first `:` differently. */
export function neutralizeLineStartCommands(text: string, encoding: CiEncoding): string {
  return text.includes('::') ? text.replace(LINE_START_COMMAND, `$1${encoding.colon}`) : text;
}

/** Both of the above: for a whole rendered document whose line starts are text or markup, never the middle of a token. */
export function neutralizeCiCommands(text: string, encoding: CiEncoding): string {
  return neutralizeLineStartCommands(neutralizeHashCommands(text, encoding), encoding);
}

/**
 * Input text for a terminal or a CI log, on one line: control characters, line breaks and bidi
 * overrides become visible escapes (escapeControl), and nothing in it can form a CI command, even
 * when it is printed at the start of a line. The table and Markdown reporters use it for every
 * string that comes from input.
 */
export function escapeTerminal(text: string): string {
  return neutralizeCiCommands(escapeControl(text), VISIBLE_ESCAPES);
}
