import { createHash } from 'node:crypto';
import { resourceKey } from './suppression.js';
import type { Finding } from './types.js';

/**
 * A baseline records the failures a team has accepted for now, so that CI gates only new ones.
 * A failure is identified by check ID, resource identity (kind/namespace/name or ARN) and field
 * path: never by file or line, which move whenever someone edits the file above the finding.
 * The kubeconfig context is left out on purpose, so a baseline made from manifests also matches
 * the same objects scanned live.
 */

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  checkId: string;
  resource: string;
  path?: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  tool: 'eksguard';
  /** one entry per failure; a failure that occurs twice has two entries */
  failures: BaselineEntry[];
}

/** What applying a baseline did, for the report. */
export interface BaselineStats {
  /** entries in the baseline file */
  entries: number;
  /** current failures that the baseline accepts (left out of the findings) */
  matched: number;
  /** baseline entries that no current failure matches: fixed, or renamed */
  unmatched: number;
}

export function fingerprintOf(finding: Pick<Finding, 'checkId' | 'resource' | 'path'>): string {
  // NUL cannot occur in any of the three parts, so distinct triples never hash the same input.
  const identity = [finding.checkId, resourceKey(finding.resource), finding.path ?? ''].join('\u0000');
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  for (const [x, y] of [
    [a.checkId, b.checkId],
    [a.resource, b.resource],
    [a.path ?? '', b.path ?? ''],
  ] as const) {
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The current failures (suppressed findings are not failures), in a stable order so baseline files diff cleanly. */
export function createBaseline(findings: readonly Finding[]): Baseline {
  const failures = findings
    .filter((finding) => finding.status === 'fail')
    .map((finding) => ({
      fingerprint: fingerprintOf(finding),
      checkId: finding.checkId,
      resource: resourceKey(finding.resource),
      ...(finding.path !== undefined ? { path: finding.path } : {}),
    }))
    .sort(compareEntries);
  return { version: BASELINE_VERSION, tool: 'eksguard', failures };
}

export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Leaves out the failures the baseline accepts. Matching counts occurrences: a second identical failure is new. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): { findings: Finding[]; stats: BaselineStats } {
  const remaining = new Map<string, number>();
  for (const entry of baseline.failures) remaining.set(entry.fingerprint, (remaining.get(entry.fingerprint) ?? 0) + 1);
  const kept: Finding[] = [];
  let matched = 0;
  for (const finding of findings) {
    if (finding.status === 'fail') {
      const fingerprint = fingerprintOf(finding);
      const left = remaining.get(fingerprint) ?? 0;
      if (left > 0) {
        remaining.set(fingerprint, left - 1);
        matched += 1;
        continue;
      }
    }
    kept.push(finding);
  }
  return { findings: kept, stats: { entries: baseline.failures.length, matched, unmatched: baseline.failures.length - matched } };
}
