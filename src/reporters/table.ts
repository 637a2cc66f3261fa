import type { Report } from '../core/report.js';
import { AREAS, SEVERITIES, compareSeverity, type Area, type Finding, type Severity } from '../core/types.js';
import { describeLocation, describeResource } from './format-resource.js';
import { FIX_LINE_MAX, WORST_RESOURCES_SHOWN, byWorst, firstSentence, chooseGrouping, groupByCheck, oneLine, statusCounts, whereLine, type Grouping } from './table-views.js';
import { pathSummaryLines } from './paths-table.js';
import { escapeTerminal as safe, neutralizeCiCommands, VISIBLE_ESCAPES } from './text-safety.js';
import { frameworkTableLines } from './frameworks.js';

export interface TableOptions {
  color: boolean;
  /** `--group-by`; left out, by check when many findings are listed, else by area */
  grouping?: Grouping;
  /** `--show-fix`: the remediation under each failure (the check view always shows it once per check) */
  showFix?: boolean;
  /** `--severity`: how many listed findings were left out below which severity */
  hidden?: { count: number; below: Severity };
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
  if (options.showFix && finding.status === 'fail') lines.push(`               fix: ${safe(oneLine(finding.remediation, Number.MAX_SAFE_INTEGER))}`);
  return lines;
}

/** By check: the check once, its counts, its worst resources and its fix; the rest counted. */
function renderByCheck(findings: readonly Finding[], options: TableOptions): string[] {
  const out: string[] = [];
  for (const group of groupByCheck(findings)) {
    const first = group.findings[0]!;
    const label = statusLabel(first).padEnd(10);
    const colored = first.status === 'fail' ? paint(options, SEVERITY_COLOR[group.severity], label) : paint(options, DIM, label);
    out.push(`${colored}${paint(options, BOLD, safe(group.checkId))}  ${safe(group.title)}  (${statusCounts(group.findings)})`);
    for (const finding of group.findings.slice(0, WORST_RESOURCES_SHOWN)) {
      const suppressed = finding.suppression ? paint(options, DIM, `  suppressed: ${safe(finding.suppression.reason)}`) : '';
      out.push(`          ${whereLine(finding)}${suppressed}`);
    }
    const more = group.findings.length - WORST_RESOURCES_SHOWN;
    if (more > 0) out.push(`          ${paint(options, DIM, `… and ${more} more`)}`);
    if (group.findings.some((finding) => finding.status === 'fail')) out.push(`          fix: ${safe(oneLine(firstSentence(first.remediation), FIX_LINE_MAX))}`);
  }
  out.push(paint(options, DIM, 'every finding: --group-by resource; a check in full: eksguard checks show ID'), '');
  return out;
}

/** By resource, worst resource first: every finding under the object it is about. */
function renderByResource(findings: readonly Finding[], options: TableOptions): string[] {
  const byResource = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = describeResource(finding.resource);
    const list = byResource.get(key);
    if (list) list.push(finding);
    else byResource.set(key, [finding]);
  }
  const resources = [...byResource].map(([resource, list]) => [resource, list.sort(byWorst)] as const).sort((a, b) => byWorst(a[1][0]!, b[1][0]!) || a[0].localeCompare(b[0]));
  const out: string[] = [];
  for (const [resource, list] of resources) {
    out.push(paint(options, BOLD, safe(resource)));
    for (const finding of list) out.push(...renderFinding(finding, options));
  }
  if (resources.length > 0) out.push('');
  return out;
}

function bySeverityThenId(a: Finding, b: Finding): number {
  const severity = compareSeverity(a.severity, b.severity);
  return severity !== 0 ? severity : a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0;
}

export function renderTable(report: Report, options: TableOptions): string {
  const grouping = chooseGrouping(options.grouping, report.findings.length, report.findings.some((finding) => finding.status === 'pass'));
  const out = grouping === 'check' ? renderByCheck(report.findings, options) : grouping === 'resource' ? renderByResource(report.findings, options) : renderByArea(report, options);
  if (options.hidden && options.hidden.count > 0) {
    out.push(paint(options, DIM, `${count(options.hidden.count, 'finding')} below ${options.hidden.below} not shown (--severity)`));
  }
  renderProblems(report, options, out);
  const paths = pathSummaryLines(report.paths);
  if (paths.length > 0) out.push(...paths, '');
  out.push(...frameworkTableLines(report.frameworks ?? [], safe));
  const inputs = inputsLine(report);
  if (inputs) out.push(inputs);
  out.push(summaryLine(report));
  // Every input string is already safe; this keeps the whole table so whatever composes its lines.
  return neutralizeCiCommands(`${out.join('\n')}\n`, VISIBLE_ESCAPES);
}

/** The run's verdict alone (`-q`): what was read and the summary line. */
export function renderQuiet(report: Report): string {
  return `${[inputsLine(report), summaryLine(report)].filter((line): line is string => line !== undefined).map((line) => safe(line)).join('\n')}\n`;
}

/** In one scan's areas of the shared-responsibility model, each resource and its findings. */
function renderByArea(report: Report, options: TableOptions): string[] {
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
  return out;
}

function renderProblems(report: Report, options: TableOptions, out: string[]): void {
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
