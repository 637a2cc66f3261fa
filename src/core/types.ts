export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const AREAS = [
  'data-plane',
  'nodes',
  'containers',
  'os-updates',
  'network',
  'iam',
  'data',
  'detection',
] as const;
export type Area = (typeof AREAS)[number];

export const STATUSES = ['fail', 'pass', 'not-applicable', 'skipped', 'suppressed', 'error'] as const;
export type Status = (typeof STATUSES)[number];

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** Lower rank is more severe: critical is 0. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Sorts most severe first: the one severity order every report, list and decision uses. */
export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank(a) - severityRank(b);
}

export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

export interface KubeResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** kubeconfig context of a live scan */
  context?: string;
}

export interface AwsResourceRef {
  arn: string;
  type: string;
  region: string;
}

export type ResourceRef = KubeResourceRef | AwsResourceRef;

export function isAwsRef(ref: ResourceRef): ref is AwsResourceRef {
  return 'arn' in ref;
}

export interface Location {
  file: string;
  line?: number;
}

export interface Suppression {
  reason: string;
  /** `managed`: the subject is an add-on AWS manages (see k8s/aws-managed.ts) */
  source: 'annotation' | 'config' | 'managed';
  expires?: string;
}

export interface Finding {
  checkId: string;
  status: Status;
  severity: Severity;
  area: Area;
  title: string;
  message: string;
  /** the stable ID of the check's message this failure reports (see the check's `messages`) */
  messageId?: string;
  resource: ResourceRef;
  location?: Location;
  path?: string;
  standards: string[];
  remediation: string;
  suppression?: Suppression;
  /** set when a config suppression matched but its expiry date has passed */
  expiredSuppression?: Suppression;
  /** fleet scans: the key of the cluster it belongs to (`aws:ACCOUNT:REGION:CLUSTER` or `kube:CONTEXT`) */
  target?: string;
  /** EKS-PATH-* findings: the id of the path in the report's `paths` section */
  attackPathId?: string;
}

export interface InputError {
  source: string;
  message: string;
  location?: Location;
}

export interface Gap {
  source: string;
  reason: string;
  checks: string[];
}
