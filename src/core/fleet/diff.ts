import { fingerprintOf } from '../baseline.js';
import type { Report } from '../report.js';
import { isAtLeast, isAwsRef, type Finding, type Severity } from '../types.js';
import { awsTargetKey, kubeTargetKey } from './record.js';
import { sortFindings } from './merge.js';

/** What changed between two scans of the same fleet, by the baseline fingerprint of each failure. */
export interface ReportDiff {
  /** failures of NEW that OLD did not have */
  added: Finding[];
  /** failures of OLD that NEW, having scanned their target again, no longer has */
  fixed: Finding[];
  /** failures in both (NEW's copy) */
  unchanged: Finding[];
  /** failures of OLD whose target NEW did not scan (a gap, another shard, a narrower run): not known to be fixed */
  unverified: Finding[];
  older: ReportIdentity;
  newer: ReportIdentity;
}

export interface ReportIdentity {
  version: string;
  settingsDigest?: string;
  targets?: number;
  gaps: number;
  errors: number;
}

const CLUSTER_ARN = /^arn:[^:]+:eks:([^:]*):(\d*):cluster\/(.+)$/;
const EKS_CHILD_ARN = /^arn:[^:]+:eks:([^:]*):(\d*):[a-z-]+\/([^/]+)\//;

/**
 * The identity of a failure across scans: the baseline fingerprint (check, resource, field path),
 * plus the cluster context, which the baseline leaves out so that manifests match live objects,
 * but which tells two clusters of a fleet apart.
 */
export function diffIdentity(finding: Finding): string {
  const ref = finding.resource;
  const context = isAwsRef(ref) ? '' : (ref.context ?? '');
  return `${fingerprintOf(finding)}\u0000${context}`;
}

/** Whether NEW scanned the place OLD's finding came from; without a fleet record every finding counts as rescanned. */
function rescanned(finding: Finding, newer: Report): boolean {
  const targets = newer.fleet?.targets;
  if (!targets) return true;
  if (finding.target !== undefined) return targets.includes(finding.target);
  const ref = finding.resource;
  if (!isAwsRef(ref)) {
    const context = ref.context ?? '';
    const cluster = CLUSTER_ARN.exec(context);
    return targets.includes(kubeTargetKey(context)) || (cluster !== null && targets.includes(awsTargetKey(cluster[2]!, cluster[1]!, cluster[3]!)));
  }
  const eks = CLUSTER_ARN.exec(ref.arn) ?? EKS_CHILD_ARN.exec(ref.arn);
  if (eks) return targets.includes(awsTargetKey(eks[2]!, eks[1]!, eks[3]!));
  const account = ref.arn.split(':')[4] ?? '';
  const regional = ref.region && ref.region !== 'global' ? `${ref.region}:` : '';
  return targets.some((key) => key.startsWith(`aws:${account}:${regional}`));
}

function identity(report: Report): ReportIdentity {
  return {
    version: report.tool?.version ?? 'unknown',
    ...(report.fleet?.settingsDigest ? { settingsDigest: report.fleet.settingsDigest } : {}),
    ...(report.fleet?.targets ? { targets: report.fleet.targets.length } : {}),
    gaps: report.gaps?.length ?? 0,
    errors: report.errors?.length ?? 0,
  };
}

/** Matches failures by identity, counting occurrences: a second identical failure in NEW is new. */
export function diffReports(older: Report, newer: Report): ReportDiff {
  const failures = (report: Report) => sortFindings((report.findings ?? []).filter((finding) => finding.status === 'fail'));
  const waiting = new Map<string, Finding[]>();
  for (const finding of failures(older)) {
    const key = diffIdentity(finding);
    waiting.set(key, [...(waiting.get(key) ?? []), finding]);
  }
  const added: Finding[] = [];
  const unchanged: Finding[] = [];
  for (const finding of failures(newer)) {
    const match = waiting.get(diffIdentity(finding));
    if (match && match.length > 0) {
      match.shift();
      unchanged.push(finding);
    } else added.push(finding);
  }
  const gone = sortFindings([...waiting.values()].flat());
  return {
    added,
    fixed: gone.filter((finding) => rescanned(finding, newer)),
    unchanged,
    unverified: gone.filter((finding) => !rescanned(finding, newer)),
    older: identity(older),
    newer: identity(newer),
  };
}

/** `--fail-on-new`: whether a new failure reaches the threshold. */
export function hasNewAtLeast(diff: ReportDiff, threshold: Severity): boolean {
  return diff.added.some((finding) => isAtLeast(finding.severity, threshold));
}
