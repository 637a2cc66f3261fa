import type { KubeletField, KubeletSettings } from './settings.js';

/**
 * Where the value of an unset field comes from. The section 3.2 items judge the kubelet as it
 * runs, so an unset field means its default, and the default depends on who wrote the rest of
 * the configuration.
 */
export type KubeletBaseline = 'kubelet' | 'configz' | 'eks-al2' | 'eks-al2023' | 'bottlerocket';

/**
 * The kubelet's own defaults for a config-file kubelet (KubeletConfiguration v1beta1, as
 * https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/ documents them). Every
 * EKS-optimized AMI runs the kubelet with a config file, so the flag defaults (anonymous auth on,
 * AlwaysAllow, read-only port 10255) never apply there.
 */
const KUBELET_V1BETA1: Required<KubeletSettings> = {
  anonymousAuth: false,
  authorizationMode: 'Webhook',
  clientCAFile: '',
  readOnlyPort: 0,
  streamingConnectionIdleTimeout: '4h0m0s',
  makeIPTablesUtilChains: true,
  eventRecordQPS: 50,
  rotateCertificates: false,
  serverTLSBootstrap: false,
  // beta and on by default since Kubernetes 1.12
  rotateServerCertificateGate: true,
};

/**
 * What the EKS-optimized AMIs write into their kubelet config, over the kubelet defaults:
 * awslabs/amazon-eks-ami `templates/al2/runtime/kubelet-config.json` (AL2, commit 02a26d4d, the
 * last before AL2 support was removed) and `nodeadm/internal/kubelet/config.go` (AL2023, commit
 * 81fec2e8) both set these same values; Bottlerocket's kubelet config template sets them too
 * (`settings.kubernetes.server-tls-bootstrap` defaults to true).
 */
const EKS_AMI: Partial<KubeletSettings> = {
  anonymousAuth: false,
  authorizationMode: 'Webhook',
  clientCAFile: '/etc/kubernetes/pki/ca.crt',
  readOnlyPort: 0,
  serverTLSBootstrap: true,
  rotateServerCertificateGate: true,
};

/**
 * `/configz` prints the kubelet's whole, defaulted configuration, but leaves out fields that hold
 * their type's zero value (`readOnlyPort: 0`, `rotateCertificates: false`, an empty
 * `clientCAFile`), so an absent field there means that zero value. Feature gates are printed only
 * when set, so an absent gate keeps its default.
 */
const CONFIGZ_ABSENT: Required<KubeletSettings> = {
  ...KUBELET_V1BETA1,
  clientCAFile: '',
  readOnlyPort: 0,
  streamingConnectionIdleTimeout: '0s',
  rotateCertificates: false,
  serverTLSBootstrap: false,
};

const BASELINES: Readonly<Record<KubeletBaseline, { readonly values: Required<KubeletSettings>; readonly source: string }>> = {
  kubelet: { values: KUBELET_V1BETA1, source: 'the kubelet default for a config file' },
  configz: { values: CONFIGZ_ABSENT, source: 'absent from /configz, which leaves out zero values' },
  'eks-al2': { values: { ...KUBELET_V1BETA1, ...EKS_AMI }, source: 'the EKS-optimized Amazon Linux 2 AMI default' },
  'eks-al2023': { values: { ...KUBELET_V1BETA1, ...EKS_AMI }, source: 'the EKS-optimized Amazon Linux 2023 AMI (nodeadm) default' },
  bottlerocket: { values: { ...KUBELET_V1BETA1, ...EKS_AMI }, source: 'the Bottlerocket default' },
};

/** Whether the AMI (rather than the kubelet) decides a field's default, for the message. */
const AMI_SETS: ReadonlySet<KubeletField> = new Set(Object.keys(EKS_AMI) as KubeletField[]);

export interface EffectiveValue<T> {
  readonly value: T;
  /** `set`: the source names it; `default`: it does not, and the baseline decides */
  readonly origin: 'set' | 'default';
  /** how the value came about, for messages: `set in /configz`, `the kubelet default` */
  readonly how: string;
}

/** A node's or node group's kubelet: what its source sets, and what the rest defaults to. */
export interface KubeletView {
  readonly settings: KubeletSettings;
  readonly baseline: KubeletBaseline;
  /** where the set values were read: `/configz of node X`, `user data of launch template lt-1 version 3` */
  readonly setIn: string;
}

export function effective<F extends KubeletField>(view: KubeletView, field: F): EffectiveValue<Required<KubeletSettings>[F]> {
  const set = view.settings[field];
  if (set !== undefined) return { value: set as Required<KubeletSettings>[F], origin: 'set', how: `set in ${view.setIn}` };
  const baseline = BASELINES[view.baseline];
  const how = view.baseline === 'configz' || view.baseline === 'kubelet' || AMI_SETS.has(field) ? baseline.source : 'the kubelet default (not set by the AMI)';
  return { value: baseline.values[field], origin: 'default', how };
}

/** A Go duration (`0s`, `4h0m0s`, `1.5h`) that is zero; undefined when it is not a duration. */
export function isZeroDuration(text: string): boolean | undefined {
  const trimmed = text.trim();
  if (/^[+-]?0+$/.test(trimmed)) return true;
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== trimmed.replace(/^[+-]/, '')) return undefined;
  return parts.every((part) => Number(part[1]) === 0);
}
