import type { Report } from '../core/report.js';
import { AREAS, SEVERITIES, compareSeverity, type Area, type Finding, type Severity } from '../core/types.js';
import { describeLocation, describeResource } from './format-resource.js';
import { pathSummaryLines } from './paths-table.js';
import { escapeTerminal as safe, neutralizeCiCommands, VISIBLE_ESCAPES } from './text-safety.js';
import { frameworkTableLines } from './frameworks.js';

export interface TableOptions {
  color: boolean;
}

const SEVERITY_COLOR: Record<Severity, string> = {
  critical: '\u001b[1;31m',
  high: '\u001b[31m',
  medium: '\u001b[33m',
  low: '\u001b[36m',
  info: '\u001b[2m',
};
const RESET = '\u001b[0m';
const BOLD = '\u001b[1m';
const DIM = '\u001b[2m';

function paint(options: TableOptions, code: string, text: string): string {
  return options.color ? `${code}${text}${RESET}` : text;
}

function statusLabel(finding: Finding): string {
  if (finding.status === 'fail') return finding.severity.toUpperCase();
  return finding.status.toUpperCase();
}

function renderFinding(finding: Finding, options: TableOptions): string[] {
  const label = statusLabel(finding).padEnd(10);
  const colored = finding.status === 'fail' ? paint(options, SEVERITY_COLOR[finding.severity], label) : paint(options, DIM, label);
  const location = describeLocation(finding);
  const lines = [`    ${colored} ${safe(finding.checkId)}  ${safe(finding.message)}`];
  const where = [location ? safe(location) : undefined, finding.path ? safe(finding.path) : undefined].filter(Boolean).join('  ');
  if (where) lines.push(`               ${paint(options, DIM, where)}`);
  if (finding.suppression) {
    const until = finding.suppression.expires ? ` until ${safe(finding.suppression.expires)}` : '';
    lines.push(`               ${paint(options, DIM, `suppressed (${safe(finding.suppression.source)})${until}: ${safe(finding.suppression.reason)}`)}`);
  }
  if (finding.expiredSuppression) {
    const expired = finding.expiredSuppression;
    lines.push(`               ${paint(options, DIM, `suppression expired on ${safe(expired.expires ?? '?')}: ${safe(expired.reason)}`)}`);
  }
  return lines;
}

function bySeverityThenId(a: Finding, b: Finding): number {
  const severity = compareSeverity(a.severity, b.severity);
  return severity !== 0 ? severity : a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0;
}

export function renderTable(report: Report, options: TableOptions): string {
  const out: string[] = [];
  const byArea = new Map<Area, Map<string, Finding[]>>();
  for (const finding of report.findings) {
    let resources = byArea.get(finding.area);
    if (!resources) byArea.set(finding.area, (resources = new Map()));
    const key = describeResource(finding.resource);
    const list = resources.get(key);
    if (list) list.push(finding);
    else resources.set(key, [finding]);
  }
  for (const area of AREAS) {
    const resources = byArea.get(area);
    if (!resources) continue;
    out.push(paint(options, BOLD, `${area}`));
    for (const [resource, findings] of resources) {
      out.push(`  ${safe(resource)}`);
      for (const finding of findings.sort(bySeverityThenId)) out.push(...renderFinding(finding, options));
    }
    out.push('');
  }
  for (const error of report.errors) {
    const where = error.location ? `${error.location.file}${error.location.line ? `:${error.location.line}` : ''}: ` : '';
    out.push(paint(options, SEVERITY_COLOR.high, `error: ${safe(where + error.message)}`));
  }
  for (const gap of report.gaps) {
    out.push(paint(options, DIM, `gap: ${safe(gap.source)}: ${safe(gap.reason)} (skipped: ${gap.checks.map(safe).join(', ') || 'none'})`));
  }
  for (const warning of report.warnings ?? []) {
    const where = warning.location ? `${warning.location.file}${warning.location.line ? `:${warning.location.line}` : ''}: ` : '';
    out.push(paint(options, SEVERITY_COLOR.medium, `warning: ${safe(where + warning.message)}`));
  }
  if (report.errors.length > 0 || report.gaps.length > 0 || (report.warnings ?? []).length > 0) out.push('');
  const paths = pathSummaryLines(report.paths);
  if (paths.length > 0) out.push(...paths, '');
  out.push(...frameworkTableLines(report.frameworks ?? [], safe));
  const inputs = inputsLine(report);
  if (inputs) out.push(inputs);
  out.push(summaryLine(report));
  // Every input string is already safe; this keeps the whole table so whatever composes its lines.
  return neutralizeCiCommands(`${out.join('\n')}\n`, VISIBLE_ESCAPES);
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** What the manifest paths held: so a run that read nothing, or skipped most files, says so. */
export function inputsLine(report: Report): string | undefined {
  const inputs = report.summary.inputs;
  if (!inputs) return undefined;
  const skipped = inputs.skippedFiles > 0 ? `; ${count(inputs.skippedFiles, 'file')} skipped as not Kubernetes` : '';
  const rendered = [inputs.charts ? count(inputs.charts, 'chart') : '', inputs.overlays ? count(inputs.overlays, 'overlay') : ''].filter(Boolean);
  const sources = rendered.length > 0 ? `${count(inputs.files, 'file')}, ${rendered.join(', ')}` : count(inputs.files, 'file');
  const infrastructure = inputs.infrastructureFiles ? `; ${count(inputs.infrastructureFiles, 'infrastructure file')} (Terraform, CloudFormation, eksctl)` : '';
  const tests = inputs.helmTests ? `; ${count(inputs.helmTests, 'Helm test hook')} left out (--helm-tests)` : '';
  return `read ${sources} (${count(inputs.objects, 'object')})${infrastructure}${skipped}${tests}`;
}

export function summaryLine(report: Report): string {
  const { summary } = report;
  const severities = SEVERITIES.filter((s) => summary.bySeverity[s] > 0).map((s) => `${summary.bySeverity[s]} ${s}`);
  const parts = [
    `${summary.fail} failed${severities.length ? ` (${severities.join(', ')})` : ''}`,
    `${summary.pass} passed`,
    ...(summary.suppressed ? [`${summary.suppressed} suppressed`] : []),
    ...(summary.baselined !== undefined ? [`${summary.baselined} baselined${report.baseline?.unmatched ? ` (${report.baseline.unmatched} baseline entries no longer occur)` : ''}`] : []),
    ...(summary.skipped ? [`${summary.skipped} skipped`] : []),
    ...(summary.error ? [`${summary.error} check errors`] : []),
    ...(report.errors.length ? [`${report.errors.length} input errors`] : []),
  ];
  return parts.join(', ');
}
