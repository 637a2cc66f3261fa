import { fail, pass, type FailureReport, type Verdict } from '../../../core/check.js';
import type { FieldPath } from '../../../core/field-path.js';
import type { MessageRef } from '../../../core/message.js';
import type { ContainerRef } from '../../../k8s/workload.js';

/** One thing a check objects to inside a subject: a message of the check, and the field path that shows it. */
export interface Offence extends MessageRef {
  /** relative to the subject's path prefix (the pod spec for workloads) */
  readonly path: FieldPath;
}

/** More than this many offences are summarised, so one hostile object cannot make a message unbounded. */
const LISTED = 10;

/**
 * One verdict per subject: pass, or a failure that lists every offence and
 * points at the first. A (check, subject) pair has exactly one status.
 */
export function offencesVerdict(offences: readonly Offence[], passMessage: string, extra: Pick<FailureReport, 'severity' | 'absolutePath'> = {}): Verdict {
  const [first, ...rest] = offences;
  if (!first) return pass(passMessage);
  const more = rest.slice(0, LISTED - 1).map(({ messageId, data }): MessageRef => ({ messageId, ...(data ? { data } : {}) }));
  const omitted = offences.length - 1 - more.length;
  return fail({
    messageId: first.messageId,
    ...(first.data ? { data: first.data } : {}),
    path: first.path,
    ...(more.length > 0 ? { more } : {}),
    ...(omitted > 0 ? { omitted } : {}),
    ...extra,
  });
}

const LIST_LABELS: Readonly<Record<ContainerRef['list'], string>> = {
  initContainers: 'init container',
  containers: 'container',
  ephemeralContainers: 'ephemeral container',
};

/** `container "web"`, `init container "migrate"`: names are quoted with JSON escaping. */
export function containerLabel(ref: ContainerRef): string {
  return `${LIST_LABELS[ref.list]} ${JSON.stringify(ref.name)}`;
}

export const BPG = {
  podSecurity: 'https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html',
  networkSecurity: 'https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html',
  iam: 'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html',
  dataEncryption: 'https://docs.aws.amazon.com/eks/latest/best-practices/data-encryption-and-secrets-management.html',
  imageSecurity: 'https://docs.aws.amazon.com/eks/latest/best-practices/image-security.html',
  infrastructure: 'https://docs.aws.amazon.com/eks/latest/best-practices/protecting-the-infrastructure.html',
  multiTenancy: 'https://docs.aws.amazon.com/eks/latest/best-practices/tenant-isolation.html',
  clusterUpgrades: 'https://docs.aws.amazon.com/eks/latest/best-practices/cluster-upgrades.html',
} as const;

export const CIS_EKS = 'https://www.cisecurity.org/benchmark/kubernetes';
