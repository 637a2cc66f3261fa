import { validateConfig } from '../core/config.js';
import type { EksguardConfig } from '../core/config-model.js';
import { formatPlacedIssue, readConfigText, type PlacedIssue } from '../core/config-text.js';
import { escapeControl } from '../reporters/text-safety.js';
import { UsageError } from './errors.js';

function formatted(display: string, issue: PlacedIssue): string {
  return `  ${formatPlacedIssue(display, issue, escapeControl)}`;
}

/**
 * Parses and validates config text; every problem is reported with the file, its line and the
 * key path. Deprecated settings are read and reported through `warn`.
 */
export function parseConfigText(
  text: string,
  display: string,
  knownCheckIds: readonly string[],
  warn: (message: string) => void = (message) => process.stderr.write(`eksguard: warning: ${message}\n`),
): EksguardConfig {
  const read = readConfigText(text);
  const safeDisplay = escapeControl(display);
  if (!read.ok) throw new UsageError(`config ${safeDisplay} is not valid YAML:\n${read.problems.map((problem) => formatted(display, problem)).join('\n')}`);
  const result = validateConfig(read.raw, knownCheckIds);
  if (!result.ok) {
    throw new UsageError(`invalid config ${safeDisplay}:\n${read.place(result.issues).map((issue) => formatted(display, issue)).join('\n')}`, 'see docs/configuration.md');
  }
  for (const warning of read.place(result.warnings)) warn(formatPlacedIssue(display, warning, escapeControl));
  return result.config;
}
