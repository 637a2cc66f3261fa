import { decidedBy, type Control, type Framework } from './model.js';

const BASELINE = [
  'appArmorProfile', 'capabilities_baseline', 'hostNamespaces', 'hostPathVolumes', 'hostPorts', 'hostProbesAndHostLifecycle',
  'privileged', 'procMount', 'seLinuxOptions', 'seccompProfile_baseline', 'sysctls', 'windowsHostProcess',
] as const;
const RESTRICTED_ONLY = [
  'allowPrivilegeEscalation', 'capabilities_restricted', 'procMount_restricted', 'restrictedVolumes', 'runAsNonRoot', 'runAsUser', 'seccompProfile_restricted',
] as const;

const pssControl = (level: 'baseline' | 'restricted', id: string): Control => ({
  id: `${level}/${id}`,
  section: level,
  title: `Pod Security Standards ${level}: ${id}`,
  assessment: 'automated',
  coverage: decidedBy([`PSS-${id}`]),
});

/**
 * The Pod Security Standards levels: upstream's checks, one control each. Baseline is its own
 * framework; restricted holds baseline's controls too, as the level does. Tags keep the check's own
 * level (`PSS baseline/privileged`), so the restricted framework cites the baseline controls by
 * their baseline IDs.
 */
export const pssBaseline: Framework = {
  name: 'pss-baseline',
  title: 'Kubernetes Pod Security Standards: baseline',
  version: 'v1.0-latest',
  tag: 'PSS',
  source: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
  controls: BASELINE.map((id) => pssControl('baseline', id)),
};

export const pssRestricted: Framework = {
  ...pssBaseline,
  name: 'pss-restricted',
  title: 'Kubernetes Pod Security Standards: restricted',
  controls: [...pssBaseline.controls, ...RESTRICTED_ONLY.map((id) => pssControl('restricted', id))],
};
