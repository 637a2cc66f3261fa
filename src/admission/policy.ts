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

export type Exemption = { exempt: false } | { exempt: true; reason: 'namespace' | 'username' | 'group'; value: string };

/** Exempt requests are admitted without evaluation, like PodSecurity's exemptions. */
export function findExemption(request: AdmissionRequest, exemptions: WebhookConfig['exemptions']): Exemption {
  if (request.namespace && exemptions.namespaces.includes(request.namespace)) return { exempt: true, reason: 'namespace', value: request.namespace };
  if (request.username && exemptions.usernames.includes(request.username)) return { exempt: true, reason: 'username', value: request.username };
  const group = request.groups.find((g) => exemptions.groups.includes(g));
  if (group !== undefined) return { exempt: true, reason: 'group', value: group };
  return { exempt: false };
}
