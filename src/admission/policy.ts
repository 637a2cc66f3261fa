import { globMatches } from '../core/glob.js';
import type { AnnotationPolicy } from '../core/suppression.js';
import type { AdmissionRequest } from './review.js';
import { THRESHOLDS, type ModeThresholds, type Threshold, type WebhookConfig } from './config.js';

export const MODES = ['enforce', 'warn', 'audit'] as const;
export type Mode = (typeof MODES)[number];

export const MODE_LABEL_PREFIX = 'eksguard.io/';

/** What a namespace's labels (or the defaults) say, and where each mode came from. */
export interface NamespacePolicy {
  thresholds: ModeThresholds;
  /** `labels` when at least one eksguard.io mode label was read, else why the defaults apply */
  source: 'labels' | 'defaults' | 'cluster-scoped' | 'lookup-disabled' | 'lookup-failed';
  /** labels whose value is not a severity or `none`; like Pod Security Admission, such a mode uses the strictest threshold */
  invalidLabels: string[];
}

function isThreshold(value: string): value is Threshold {
  return (THRESHOLDS as readonly string[]).includes(value);
}

/**
 * Pod Security Admission style: `eksguard.io/enforce: high` denies findings at or above
 * high. A label overrides the cluster default of its mode only. An invalid value means
 * the strictest threshold (`info`), as PodSecurity treats an invalid level as restricted:
 * a typo must not switch enforcement off.
 */
export function policyFromLabels(labels: Readonly<Record<string, string>>, defaults: ModeThresholds): NamespacePolicy {
  const thresholds: ModeThresholds = { ...defaults };
  const invalidLabels: string[] = [];
  let fromLabels = false;
  for (const mode of MODES) {
    const key = MODE_LABEL_PREFIX + mode;
    const value = labels[key];
    if (value === undefined) continue;
    fromLabels = true;
    const normalized = value.trim().toLowerCase();
    if (isThreshold(normalized)) {
      thresholds[mode] = normalized;
    } else {
      thresholds[mode] = 'info';
      invalidLabels.push(key);
    }
  }
  return { thresholds, source: fromLabels ? 'labels' : 'defaults', invalidLabels };
}

export function defaultPolicy(defaults: ModeThresholds, source: Exclude<NamespacePolicy['source'], 'labels'>): NamespacePolicy {
  return { thresholds: { ...defaults }, source, invalidLabels: [] };
}

/**
 * Whether the object's own `eksguard.io/ignore.<ID>` annotations count at admission. By
 * default never: an object must not be able to talk the gate out of its verdict. When the
 * config allows it, only for a listed requester (user or group) in a listed namespace, and
 * only annotations that give a reason.
 */
export function annotationPolicyFor(request: Pick<AdmissionRequest, 'username' | 'groups'>, namespace: string | undefined, config: WebhookConfig): AnnotationPolicy {
  const allowed = config.annotationSuppressions;
  if (!allowed.allow || !namespace) return 'none';
  if (!allowed.namespaces.some((pattern) => globMatches(pattern, namespace))) return 'none';
  const byUser = allowed.usernames.some((pattern) => globMatches(pattern, request.username));
  const byGroup = allowed.groups.some((pattern) => request.groups.some((group) => globMatches(pattern, group)));
  return byUser || byGroup ? 'honour' : 'none';
}
