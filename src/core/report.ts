import { buildPathsSection, type AttackPath, type PathsSection } from './attack-path.js';
import type { BaselineStats } from './baseline.js';
import type { FleetRecord } from './fleet/record.js';
import type { FrameworkResult } from './framework-report.js';
import type { Finding, Gap, InputError, Severity, Area, Status } from './types.js';
import { AREAS, SEVERITIES, isAtLeast } from './types.js';

export interface Summary {
  fail: number;
  pass: number;
  'not-applicable': number;
  skipped: number;
  suppressed: number;
  error: number;
  /** failing results by severity */
  bySeverity: Record<Severity, number>;
  /** failing results by area */
  byArea: Record<Area, number>;
  /** failures a `--baseline` accepted: left out of the findings and of `fail`; present only with --baseline */
  baselined?: number;
  /** what the manifest paths held; present only when paths were scanned */
  inputs?: InputCounts;
}

/** What the manifest paths of a scan held. */
export interface InputCounts {
  /** files read as Kubernetes manifests (files named on the command line always are) */
  files: number;
  /** Kubernetes objects read from them */
  objects: number;
  /** files found in directories and left out as not Kubernetes: no document with both apiVersion and kind, Helm chart templates (with --no-render), eksguard's own config and baseline files */
  skippedFiles: number;
  /** files in the paths whose content is infrastructure code (Terraform plan, CloudFormation, eksctl), read by that source instead */
  infrastructureFiles?: number;
  /** Helm charts rendered (present when there was one) */
  charts?: number;
  /** Kustomize overlays built (present when there was one) */
  overlays?: number;
  /** Helm test hooks left out (present when there was one; --helm-tests keeps them) */
  helmTests?: number;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'eksguard'; version: string };
  summary: Summary;
  findings: Finding[];
  errors: InputError[];
  gaps: Gap[];
  /** input that is read but cannot do what its author meant (an ignore annotation naming no check); present only when there is some */
  warnings?: InputError[];
  /** what `--baseline` matched; present only with --baseline */
  baseline?: BaselineStats;
  /** the fleet run that made it (targets, shard, settings); present only for fleet scans and merges */
  fleet?: FleetRecord;
  /** the attack paths the EKS-PATH-* checks found, ranked, with the fixes that cut the most; present when there is at least one */
  paths?: PathsSection;
  /** each `--framework`'s controls with their status, evidence and score; present only with --framework */
  frameworks?: FrameworkResult[];
}

const LISTED_BY_DEFAULT: ReadonlySet<Status> = new Set(['fail', 'error', 'suppressed']);

/** Which results a report lists: failures, errors and suppressions, or everything with --include-passed. */
export function listedStatus(includePassed: boolean): (status: Status) => boolean {
  return includePassed ? () => true : (status) => LISTED_BY_DEFAULT.has(status);
}

/** Counts results by status (from `tally` when the findings list does not hold every result) and failures by severity and area. */
export function summarize(findings: readonly Finding[], tally?: Readonly<Record<Status, number>>): Summary {
  const summary: Summary = {
    fail: 0,
    pass: 0,
    'not-applicable': 0,
    skipped: 0,
    suppressed: 0,
    error: 0,
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
    byArea: Object.fromEntries(AREAS.map((a) => [a, 0])) as Record<Area, number>,
    ...tally,
  };
  for (const finding of findings) {
    if (!tally) summary[finding.status] += 1;
    if (finding.status === 'fail') {
      summary.bySeverity[finding.severity] += 1;
      summary.byArea[finding.area] += 1;
    }
  }
  return summary;
}

export function buildReport(options: {
  version: string;
  findings: readonly Finding[];
  /** counts of every result when `findings` holds only some of them */
  tally?: Readonly<Record<Status, number>>;
  errors: readonly InputError[];
  gaps: readonly Gap[];
  warnings?: readonly InputError[];
  includePassed: boolean;
  /** the attack paths of the evaluation (every status, listed or not) */
  paths?: readonly AttackPath[];
}): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'eksguard', version: options.version },
    summary: summarize(options.findings, options.tally),
    findings: options.includePassed ? [...options.findings] : options.findings.filter((f) => LISTED_BY_DEFAULT.has(f.status)),
    errors: [...options.errors],
    gaps: [...options.gaps],
    ...(options.warnings && options.warnings.length > 0 ? { warnings: [...options.warnings] } : {}),
    ...(options.paths && options.paths.length > 0 ? { paths: buildPathsSection(options.paths) } : {}),
  };
}

export type ExitCode = 0 | 1 | 2;

/**
 * 2 when any input could not be read or a check errored (or, with `failOnGaps`, when any data
 * could not be collected), else 1 when a failure reaches the threshold.
 */
export function exitCodeFor(report: Report, failOn: Severity | 'none', options: { failOnGaps?: boolean } = {}): ExitCode {
  if (report.errors.length > 0 || report.summary.error > 0) return 2;
  if (options.failOnGaps && report.gaps.length > 0) return 2;
  if (failOn === 'none') return 0;
  return report.findings.some((f) => f.status === 'fail' && isAtLeast(f.severity, failOn)) ? 1 : 0;
}
