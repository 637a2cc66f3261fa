import type { ReportDiff } from '../core/fleet/diff.js';
import { diffIdentity } from '../core/fleet/diff.js';
import { resourceKey } from '../core/suppression.js';
import { isAwsRef, type Finding } from '../core/types.js';
import { renderSafeJson } from './json.js';
import { escapeMarkdown } from './markdown.js';
import { escapeTerminal } from './text-safety.js';

export const DIFF_FORMATS = ['table', 'json', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** Rows per Markdown table: a pull-request comment stays far below GitHub's size limit. */
const MAX_MARKDOWN_ROWS = 50;

function where(finding: Finding): string {
  const ref = finding.resource;
  if (isAwsRef(ref)) return ref.arn;
  return `${ref.context ? `${ref.context}: ` : ''}${resourceKey(ref)}`;
}

function headline(diff: ReportDiff): string {
  const parts = [`${diff.added.length} new`, `${diff.fixed.length} fixed`, `${diff.unchanged.length} unchanged`];
  if (diff.unverified.length > 0) parts.push(`${diff.unverified.length} not rescanned`);
  return parts.join(', ');
}

function notes(diff: ReportDiff): string[] {
  const lines: string[] = [];
  if (diff.older.version !== diff.newer.version) lines.push(`the reports come from eksguard ${diff.older.version} and ${diff.newer.version}: check changes can show as new or fixed`);
  if (diff.older.settingsDigest && diff.newer.settingsDigest && diff.older.settingsDigest !== diff.newer.settingsDigest) lines.push('the reports were scanned with different settings');
  if (diff.newer.gaps > 0) lines.push(`NEW has ${diff.newer.gaps} gap${diff.newer.gaps === 1 ? '' : 's'}: data it could not collect cannot show failures`);
  return lines;
}

function tableSection(title: string, findings: readonly Finding[]): string[] {
  if (findings.length === 0) return [];
  const lines = [`${title} (${findings.length}):`];
  for (const finding of findings) lines.push(`  ${finding.severity.toUpperCase().padEnd(8)} ${escapeTerminal(finding.checkId)}  ${escapeTerminal(where(finding))}${finding.path ? ` ${escapeTerminal(finding.path)}` : ''}\n           ${escapeTerminal(finding.message)}`);
  return [...lines, ''];
}

function markdownSection(title: string, findings: readonly Finding[]): string[] {
  if (findings.length === 0) return [];
  const rows = findings.slice(0, MAX_MARKDOWN_ROWS).map((finding) => `| ${finding.severity} | ${escapeMarkdown(finding.checkId)} | ${escapeMarkdown(where(finding))} | ${escapeMarkdown(finding.message)} |`);
  const more = findings.length > MAX_MARKDOWN_ROWS ? [`\n…and ${findings.length - MAX_MARKDOWN_ROWS} more`] : [];
  return [`#### ${title} (${findings.length})`, '', '| severity | check | resource | message |', '| --- | --- | --- | --- |', ...rows, ...more, ''];
}

function jsonEntry(finding: Finding) {
  return { identity: diffIdentity(finding), checkId: finding.checkId, severity: finding.severity, title: finding.title, message: finding.message, resource: finding.resource, ...(finding.path ? { path: finding.path } : {}) };
}

/** The diff as text; every input string escaped as in the report formats. */
export function renderDiff(diff: ReportDiff, format: DiffFormat): string {
  if (format === 'json') {
    return renderSafeJson({
      schemaVersion: 1,
      summary: { new: diff.added.length, fixed: diff.fixed.length, unchanged: diff.unchanged.length, notRescanned: diff.unverified.length },
      older: diff.older,
      newer: diff.newer,
      new: diff.added.map(jsonEntry),
      fixed: diff.fixed.map(jsonEntry),
      unchanged: diff.unchanged.map(jsonEntry),
      notRescanned: diff.unverified.map(jsonEntry),
    });
  }
  if (format === 'markdown') {
    const icon = diff.added.length > 0 ? '❌' : '✅';
    return [
      `### ${icon} eksguard diff: ${headline(diff)}`,
      '',
      ...notes(diff).map((note) => `> ${escapeMarkdown(note)}`),
      ...(notes(diff).length > 0 ? [''] : []),
      ...markdownSection('New failures', diff.added),
      ...markdownSection('Fixed', diff.fixed),
      ...markdownSection('Unchanged', diff.unchanged),
      ...markdownSection('Not rescanned (not known to be fixed)', diff.unverified),
    ].join('\n');
  }
  return [
    `eksguard diff: ${headline(diff)}`,
    ...notes(diff).map((note) => `note: ${escapeTerminal(note)}`),
    '',
    ...tableSection('New failures', diff.added),
    ...tableSection('Fixed', diff.fixed),
    ...tableSection('Unchanged', diff.unchanged),
    ...tableSection('Not rescanned (not known to be fixed)', diff.unverified),
  ].join('\n');
}
