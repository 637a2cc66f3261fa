import type { Check } from '../core/check.js';
import { allChecks, findCheck } from '../checks/index.js';
import { renderChecksIndex } from '../docs/check-docs.js';
import { IGNORE_ANNOTATION_PREFIX } from '../core/suppression.js';
import { DEFAULT_DOCS_BASE_URL, checkDocsUrl } from '../reporters/rules.js';
import { escapeControl } from '../reporters/text-safety.js';
import { UsageError } from './errors.js';

export function listChecks(format: string, checks: readonly Check[] = allChecks): string {
  if (format === 'json') {
    return `${JSON.stringify(
      checks.map((check) => ({
        id: check.id,
        title: check.title,
        area: check.area,
        severity: check.severity,
        enabledByDefault: check.enabledByDefault ?? true,
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
    const off = check.enabledByDefault === false ? ' (off by default)' : '';
    return `${check.id.padEnd(width)}  ${check.area.padEnd(10)}  ${check.severity.padEnd(8)}  ${check.title}${off}`;
  });
  return `${lines.join('\n')}\n${checks.length} checks\n`;
}

export function showCheck(id: string): string {
  const check = findCheck(id);
  if (!check) throw new UsageError(`unknown check "${escapeControl(id)}"`, 'run `eksguard checks list` to see every check ID');
  const lines = [
    `${check.id}: ${check.title}`,
    `area: ${check.area}    severity: ${check.severity}${check.enabledByDefault === false ? '    off by default' : ''}`,
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
