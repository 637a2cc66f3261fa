import { frameworkMarkdownLines } from './frameworks.js';
import type { Report } from '../core/report.js';
import { resourceKey } from '../core/suppression.js';
import { AREAS, SEVERITIES, compareSeverity, isAwsRef, type Finding } from '../core/types.js';
import { describeLocation } from './format-resource.js';
import { AREA_LABELS } from '../core/areas.js';
import { checkDocsUrl } from './rules.js';
import { escapeTerminal, neutralizeCiCommands, VISIBLE_ESCAPES } from './text-safety.js';

/**
 * A compact summary for a pull-request comment (GitHub or GitLab flavoured Markdown): totals,
 * failures per area and severity, then the most severe failures. It stays well under GitHub's
 * 65,536-character comment limit by listing at most `maxRows` findings per table.
 */

export interface MarkdownOptions {
  docsBaseUrl?: string;
  /** rows per table (default 25) */
  maxRows?: number;
}

const ZERO_WIDTH_SPACE = '\u200b';
const MAX_CELL = 240;

/**
 * Makes input text inert inside a Markdown table cell: no markup, links, images, raw HTML,
 * @-mentions (which would notify people) or autolinks. Line breaks and CI log commands were
 * already made visible (escapeTerminal), so a comment printed to a CI log cannot drive it either.
 */
export function escapeMarkdown(text: string): string {
  const oneLine = escapeTerminal(text);
  const clipped = oneLine.length > MAX_CELL ? `${oneLine.slice(0, MAX_CELL)}…` : oneLine;
  return clipped
    .replace(/[\\`*_[\]()|~]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
    .replace(/www\./gi, (match) => `${match.slice(0, 3)}${ZERO_WIDTH_SPACE}.`);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function headline(report: Report): string {
  const { summary } = report;
  const severities = SEVERITIES.filter((s) => summary.bySeverity[s] > 0).map((s) => `${summary.bySeverity[s]} ${s}`);
  const parts = [summary.fail > 0 ? `**${summary.fail} failed** (${severities.join(', ')})` : '**no failures**'];
  if (summary.suppressed) parts.push(`${summary.suppressed} suppressed`);
  const baselined = summary.baselined;
  if (baselined) parts.push(`${baselined} baselined`);
  if (summary.error) parts.push(plural(summary.error, 'check error'));
  if (report.errors.length) parts.push(plural(report.errors.length, 'input error'));
  if (summary.skipped) parts.push(`${summary.skipped} skipped`);
  if (summary.pass) parts.push(`${summary.pass} passed`);
  const icon = summary.fail > 0 || summary.error > 0 || report.errors.length > 0 ? '❌' : '✅';
  return `### ${icon} eksguard: ${parts.join(' · ')}`;
}

function areaTable(report: Report): string[] {
  const areas = AREAS.filter((area) => report.summary.byArea[area] > 0);
  if (areas.length === 0) return [];
  const counts = new Map<string, number>();
  for (const finding of report.findings) {
    if (finding.status === 'fail') counts.set(`${finding.area}/${finding.severity}`, (counts.get(`${finding.area}/${finding.severity}`) ?? 0) + 1);
  }
  return [
    `| Area | Failed | ${SEVERITIES.join(' | ')} |`,
    `|---|---:|${SEVERITIES.map(() => '---:').join('|')}|`,
    ...areas.map((area) => `| ${AREA_LABELS[area].name} | ${report.summary.byArea[area]} | ${SEVERITIES.map((s) => counts.get(`${area}/${s}`) ?? 0).join(' | ')} |`),
    '',
  ];
}

function resourceCell(finding: Finding): string {
  const ref = finding.resource;
  return escapeMarkdown(isAwsRef(ref) ? ref.arn : resourceKey(ref));
}

function checkCell(finding: Finding, options: MarkdownOptions): string {
  return `[${escapeMarkdown(finding.checkId)}](${checkDocsUrl(finding.checkId, options.docsBaseUrl)})`;
}

function failureRows(findings: readonly Finding[], options: MarkdownOptions, limit: number): string[] {
  const rows = findings.slice(0, limit).map((finding) => {
    const where = describeLocation(finding);
    const expired = finding.expiredSuppression ? ` *(suppression expired ${escapeMarkdown(finding.expiredSuppression.expires ?? '')})*` : '';
    return `| ${finding.status === 'error' ? 'error' : finding.severity} | ${checkCell(finding, options)} | ${resourceCell(finding)} | ${where ? escapeMarkdown(where) : ''} | ${escapeMarkdown(
      finding.message,
    )}${expired} |`;
  });
  const more = findings.length > limit ? [`\n…and ${findings.length - limit} more; see the full report.`] : [];
  return ['| Severity | Check | Resource | Location | Message |', '|---|---|---|---|---|', ...rows, ...more];
}

function suppressedSection(findings: readonly Finding[], options: MarkdownOptions, limit: number): string[] {
  if (findings.length === 0) return [];
  const rows = findings.slice(0, limit).map((finding) => {
    const suppression = finding.suppression!;
    return `| ${checkCell(finding, options)} | ${resourceCell(finding)} | ${escapeMarkdown(suppression.source)} | ${escapeMarkdown(suppression.reason)} | ${escapeMarkdown(suppression.expires ?? '')} |`;
  });
  return [
    '',
    `<details><summary>${plural(findings.length, 'suppressed finding')}</summary>`,
    '',
    '| Check | Resource | By | Reason | Expires |',
    '|---|---|---|---|---|',
    ...rows,
    ...(findings.length > limit ? [`\n…and ${findings.length - limit} more.`] : []),
    '',
    '</details>',
  ];
}

function bySeverity(a: Finding, b: Finding): number {
  return compareSeverity(a.severity, b.severity);
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const limit = options.maxRows ?? 25;
  const failing = report.findings.filter((f) => f.status === 'fail' || f.status === 'error').sort(bySeverity);
  const suppressed = report.findings.filter((f) => f.status === 'suppressed');
  const lines = [headline(report), ''];
  lines.push(...areaTable(report));
  if (failing.length) lines.push(...failureRows(failing, options, limit));
  lines.push(...suppressedSection(suppressed, options, limit));
  lines.push(...frameworkMarkdownLines(report.frameworks ?? [], escapeMarkdown, limit));
  const warnings = report.warnings ?? [];
  if (report.errors.length || report.gaps.length || warnings.length) {
    lines.push('', '**Not read or not collected**', '');
    for (const error of report.errors.slice(0, limit)) {
      lines.push(`- input error: ${escapeMarkdown(error.location ? `${error.location.file}${error.location.line ? `:${error.location.line}` : ''}: ` : '')}${escapeMarkdown(error.message)}`);
    }
    for (const gap of report.gaps.slice(0, limit)) {
      lines.push(`- not collected: ${escapeMarkdown(gap.source)} (${escapeMarkdown(gap.reason)}); skipped: ${gap.checks.map(escapeMarkdown).join(', ') || 'none'}`);
    }
    for (const warning of warnings.slice(0, limit)) {
      lines.push(`- warning: ${escapeMarkdown(warning.location ? `${warning.location.file}${warning.location.line ? `:${warning.location.line}` : ''}: ` : '')}${escapeMarkdown(warning.message)}`);
    }
  }
  lines.push('', `<sub>eksguard ${escapeMarkdown(report.tool.version)}</sub>`, '');
  // Every input string is already safe; this keeps the whole comment so whatever composes its lines.
  return neutralizeCiCommands(lines.join('\n'), VISIBLE_ESCAPES);
}
