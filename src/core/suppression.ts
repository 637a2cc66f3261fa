import type { Finding, ResourceRef, Suppression } from './types.js';
import { isAwsRef } from './types.js';

export const IGNORE_ANNOTATION_PREFIX = 'eksguard.io/ignore.';

export interface SuppressionRule {
  /** check ID, or a glob such as `K8S-NET-*` */
  check: string;
  /** `kind/namespace/name` or `kind/name` for cluster-scoped objects, or an ARN; `*` matches any run of characters */
  resource: string;
  reason: string;
  /** ISO date (YYYY-MM-DD); the suppression ends at the start of that day, UTC */
  expires?: string;
}

export interface SuppressionOutcome {
  active?: Suppression;
  expired?: Suppression;
}

/** The string that resource patterns of config suppressions are matched against. */
export function resourceKey(ref: ResourceRef): string {
  if (isAwsRef(ref)) return ref.arn;
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

const globCache = new Map<string, RegExp>();

export function globMatches(pattern: string, value: string): boolean {
  let regex = globCache.get(pattern);
  if (!regex) {
    const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    regex = new RegExp(`^${source}$`);
    globCache.set(pattern, regex);
  }
  return regex.test(value);
}

export function findSuppression(options: {
  checkId: string;
  ref: ResourceRef;
  annotations: Readonly<Record<string, string>> | undefined;
  rules: readonly SuppressionRule[];
  now: Date;
}): SuppressionOutcome {
  const annotated = options.annotations?.[IGNORE_ANNOTATION_PREFIX + options.checkId];
  if (annotated !== undefined) {
    return { active: { reason: annotated.trim() || 'no reason given', source: 'annotation' } };
  }
  if (options.rules.length === 0) return {};
  const key = resourceKey(options.ref);
  let expired: Suppression | undefined;
  for (const rule of options.rules) {
    if (!globMatches(rule.check, options.checkId) || !globMatches(rule.resource, key)) continue;
    const suppression: Suppression = {
      reason: rule.reason,
      source: 'config',
      ...(rule.expires ? { expires: rule.expires } : {}),
    };
    if (rule.expires && Date.parse(`${rule.expires}T00:00:00Z`) <= options.now.getTime()) {
      expired ??= suppression;
      continue;
    }
    return { active: suppression };
  }
  return expired ? { expired } : {};
}

export function applySuppression(finding: Finding, outcome: SuppressionOutcome): Finding {
  if (outcome.active) return { ...finding, status: 'suppressed', suppression: outcome.active };
  if (outcome.expired) return { ...finding, expiredSuppression: outcome.expired };
  return finding;
}
