import type { Finding, Severity } from '../core/types.js';
import { compareSeverity } from '../core/types.js';
import { describeLocation, describeResource } from './format-resource.js';
import { escapeTerminal as safe } from './text-safety.js';

/** How the table lays findings out: by check (counts, worst resources, the fix once), by resource, or by area then resource. */
export const GROUPINGS = ['check', 'resource', 'area'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** Above this many listed findings the table groups by check unless told otherwise: a chart's report stays within a screen or two. */
export const GROUP_BY_CHECK_ABOVE = 20;
/** Resources named under each check in the check view; the rest are counted. */
export const WORST_RESOURCES_SHOWN = 3;
/** The fix line of the check view is the remediation's first sentence, cut here; `eksguard checks show ID` has all of it. */
export const FIX_LINE_MAX = 160;

export function isGrouping(value: string): value is Grouping {
  return (GROUPINGS as readonly string[]).includes(value);
}

/** The grouping for a report: the one asked for, else by check when many findings are listed (and not every passed one). */
export function chooseGrouping(asked: Grouping | undefined, listed: number, includePassed: boolean): Grouping {
  if (asked) return asked;
  return listed > GROUP_BY_CHECK_ABOVE && !includePassed ? 'check' : 'area';
}

const STATUS_ORDER = ['fail', 'error', 'suppressed', 'skipped', 'not-applicable', 'pass'];

/** Worst first: failures before other statuses, then by severity, then by where they are. */
export function byWorst(a: Finding, b: Finding): number {
  return (
    STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
    compareSeverity(a.severity, b.severity) ||
    (describeLocation(a) ?? describeResource(a.resource)).localeCompare(describeLocation(b) ?? describeResource(b.resource), 'en', { numeric: true })
  );
}

/** The first sentence of a text (up to a full stop followed by white space), on one line. */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/[.!?](\s|$)/);
  return end >= 0 ? flat.slice(0, end + 1) : flat;
}

/** One line: a remediation as the fix line shows it. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export interface CheckGroup {
  checkId: string;
  title: string;
  /** the worst severity among the group's failures (a config override may differ from the catalogue) */
  severity: Severity;
  findings: Finding[];
}

/** Findings by check, worst check first (a failing one before one with only other results). */
export function groupByCheck(findings: readonly Finding[]): CheckGroup[] {
  const groups = new Map<string, CheckGroup>();
  for (const finding of findings) {
    const group = groups.get(finding.checkId);
    if (group) group.findings.push(finding);
    else groups.set(finding.checkId, { checkId: finding.checkId, title: finding.title, severity: finding.severity, findings: [finding] });
  }
  for (const group of groups.values()) {
    group.findings.sort(byWorst);
    group.severity = group.findings[0]!.severity;
  }
  return [...groups.values()].sort((a, b) => byWorst(a.findings[0]!, b.findings[0]!) || (a.checkId < b.checkId ? -1 : 1));
}

/** `12 failed, 2 suppressed` for a group's findings. */
export function statusCounts(findings: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.status, (counts.get(finding.status) ?? 0) + 1);
  const word: Record<string, string> = { fail: 'failed', pass: 'passed', suppressed: 'suppressed', skipped: 'skipped', error: 'errors', 'not-applicable': 'not applicable' };
  return STATUS_ORDER.filter((status) => counts.has(status))
    .map((status) => `${counts.get(status)} ${word[status] ?? status}`)
    .join(', ');
}

/** `Pod shop/web  pods.yaml:3`: a finding's resource and where it is. */
export function whereLine(finding: Finding): string {
  const location = describeLocation(finding);
  return [safe(describeResource(finding.resource)), location ? safe(location) : undefined, finding.path ? safe(finding.path) : undefined].filter(Boolean).join('  ');
}
