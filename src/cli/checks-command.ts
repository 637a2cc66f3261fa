import { CHECK_CATALOGUE } from '../checks/catalogue.js';
import type { CheckSummary } from '../core/check-summary.js';
import { suggestion } from '../core/suggest.js';
import { IGNORE_ANNOTATION_PREFIX } from '../core/suppression.js';
import { renderChecksIndex } from '../docs/check-docs.js';
import { DEFAULT_DOCS_BASE_URL, checkDocsUrl } from '../reporters/rules.js';
import { escapeControl } from '../reporters/text-safety.js';
import { UsageError } from './errors.js';

// The commands read the generated catalogue (src/checks/catalogue.ts), not the check modules:
// describing a check must not cost loading all of them.

export function listChecks(format: string, checks: readonly CheckSummary[] = CHECK_CATALOGUE): string {
  if (format === 'json') {
    return `${JSON.stringify(
      checks.map((check) => ({
        id: check.id,
        title: check.title,
        area: check.area,
        severity: check.severity,
        enabledByDefault: check.enabledByDefault,
        standards: check.standards,
      })),
      null,
      2,
    )}\n`;
  }
  // The same generator as docs/checks/README.md, linking to the published pages.
  if (format === 'markdown') return renderChecksIndex(checks, { linkPrefix: DEFAULT_DOCS_BASE_URL });
  if (format !== 'table') throw new UsageError(`invalid --format "${format}" for checks list`, 'use table, json or markdown');
  const width = Math.max(...checks.map((check) => check.id.length), 2);
  const lines = checks.map((check) => {
    const off = check.enabledByDefault ? '' : ' (off by default)';
    return `${check.id.padEnd(width)}  ${check.area.padEnd(10)}  ${check.severity.padEnd(8)}  ${check.title}${off}`;
  });
  return `${lines.join('\n')}\n${checks.length} checks; eksguard checks show ID explains one\n`;
}

/**
 * The check a user typed: IDs match whatever their case (`pss-privileged`), since nobody
 * remembers it; an unknown ID is an error naming the nearest ID.
 */
export function resolveCheckId(id: string, checks: readonly CheckSummary[] = CHECK_CATALOGUE): CheckSummary {
  const wanted = id.trim().toLowerCase();
  const check = checks.find((candidate) => candidate.id.toLowerCase() === wanted);
  if (check) return check;
  const hint = suggestion(id.trim(), checks.map((candidate) => candidate.id));
  throw new UsageError(`unknown check "${escapeControl(id)}"${hint}`, 'run `eksguard checks list` to see every check ID');
}

export function showCheck(id: string, checks: readonly CheckSummary[] = CHECK_CATALOGUE): string {
  const check = resolveCheckId(id, checks);
  const lines = [
    `${check.id}: ${check.title}`,
    `area: ${check.area}    severity: ${check.severity}${check.enabledByDefault ? '' : '    off by default'}`,
    '',
    'Why it matters',
    `  ${check.rationale}`,
    '',
    'How to fix',
    `  ${check.remediation}`,
    '',
    `Standards: ${check.standards.join(', ') || 'none'}`,
    ...(check.references.length ? ['References:', ...check.references.map((ref) => `  ${ref}`)] : []),
    `Docs: ${checkDocsUrl(check.id)}`,
    check.needs.every((need) => need.startsWith('aws:'))
      ? 'Suppress: in .eksguard.yaml, suppressions by check and ARN (see docs/configuration.md)'
      : `Suppress on an object: annotation ${IGNORE_ANNOTATION_PREFIX}${check.id}: "<reason>"`,
  ];
  return `${lines.join('\n')}\n`;
}
