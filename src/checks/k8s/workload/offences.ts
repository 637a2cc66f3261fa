import { fail, pass, type Verdict } from '../../../core/check.js';
import type { ContainerRef } from '../../../k8s/workload.js';

/** One thing a check objects to inside a subject, with the field path that shows it. */
export interface Offence {
  /** relative to the subject's path prefix (the pod spec for workloads) */
  readonly path: string;
  readonly text: string;
}

/** More than this many offences are summarised, so one hostile object cannot make a message unbounded. */
const LISTED = 10;

/**
 * One verdict per subject: pass, or a failure that lists every offence and
 * points at the first. A (check, subject) pair has exactly one status.
 */
export function offencesVerdict(offences: readonly Offence[], passMessage: string, extra: Partial<Verdict> = {}): Verdict {
  if (offences.length === 0) return pass(passMessage);
  const listed = offences.slice(0, LISTED).map((offence) => offence.text);
  const more = offences.length > LISTED ? `; and ${offences.length - LISTED} more` : '';
  return fail(`${listed.join('; ')}${more}`, offences[0]!.path, extra);
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
