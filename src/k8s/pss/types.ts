import type { PodView } from './pod-view.js';

export type PssLevelName = 'privileged' | 'baseline' | 'restricted';

/** Upstream's check IDs, in upstream's result order: baseline sorted byte-wise, then restricted sorted byte-wise. */
export const PSS_CHECK_IDS = [
  'appArmorProfile',
  'capabilities_baseline',
  'hostNamespaces',
  'hostPathVolumes',
  'hostPorts',
  'hostProbesAndHostLifecycle',
  'privileged',
  'procMount',
  'seLinuxOptions',
  'seccompProfile_baseline',
  'sysctls',
  'windowsHostProcess',
  'allowPrivilegeEscalation',
  'capabilities_restricted',
  'procMount_restricted',
  'restrictedVolumes',
  'runAsNonRoot',
  'runAsUser',
  'seccompProfile_restricted',
] as const;

export type PssCheckId = (typeof PSS_CHECK_IDS)[number];

export interface PssViolation {
  readonly checkId: PssCheckId;
  /** short phrase, for example `runAsNonRoot != true` */
  readonly reason: string;
  /** upstream's detail text; may be empty */
  readonly detail: string;
  /**
   * The first offending field. Relative to the pod spec (`containers[0].securityContext.runAsNonRoot`)
   * unless pathBase is `template`, where it is relative to the pod template or Pod object
   * (`metadata.annotations`). It may name a field that is absent but must be set.
   */
  readonly path: string;
  readonly pathBase: 'spec' | 'template';
}

/** What one check reports about a pod; the evaluator adds the check ID. */
export interface CheckOutcome {
  readonly reason: string;
  readonly detail: string;
  readonly path: string;
  readonly pathBase?: 'template';
}

export type CheckFunction = (pod: PodView) => CheckOutcome | undefined;

export interface CheckRevision {
  /** the lowest policy minor version this revision applies to */
  readonly minMinor: number;
  readonly run: CheckFunction;
  /** baseline checks this revision replaces at the restricted level */
  readonly overrides?: readonly PssCheckId[];
}

export interface PssCheckDefinition {
  readonly id: PssCheckId;
  readonly level: 'baseline' | 'restricted';
  /** ascending by minMinor */
  readonly revisions: readonly CheckRevision[];
}
