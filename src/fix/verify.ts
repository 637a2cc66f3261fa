import type { Finding } from '../core/types.js';
import { subjectKey } from './plan.js';

/**
 * The proof of a fix: the same checks run again on what the fix made. Every fixed check must
 * pass for its object, and no (check, object) may fail that did not fail before.
 */

/** A (check, subject) pair: the unit a verdict is given for. */
export function verdictKey(checkId: string, key: string): string {
  return `${checkId}\u0000${key}`;
}

export function findingKey(finding: Finding): string {
  return verdictKey(finding.checkId, subjectKey(finding.resource, finding.location?.file));
}

function failed(finding: Finding): boolean {
  return finding.status === 'fail' || finding.status === 'error';
}

export interface Verification {
  /** verdict keys of fixes whose check still fails */
  readonly stillFailing: ReadonlySet<string>;
  /** failures that were not there before */
  readonly newFailures: readonly Finding[];
}

export function compareEvaluations(before: readonly Finding[], after: readonly Finding[], fixed: Iterable<string>): Verification {
  const was = new Set<string>();
  for (const finding of before) if (failed(finding)) was.add(findingKey(finding));
  const now = new Set<string>();
  const newFailures: Finding[] = [];
  for (const finding of after) {
    if (!failed(finding)) continue;
    const key = findingKey(finding);
    now.add(key);
    if (!was.has(key)) newFailures.push(finding);
  }
  const stillFailing = new Set<string>();
  for (const key of fixed) if (now.has(key)) stillFailing.add(key);
  return { stillFailing, newFailures };
}
