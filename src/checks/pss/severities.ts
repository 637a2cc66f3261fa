import type { Severity } from '../../core/types.js';
import type { PssCheckId } from '../../k8s/pss/index.js';

/**
 * The default severity of each PSS check, in one table because they depend on each other:
 * a restricted check that replaces a baseline one (restrictedVolumes replaces hostPathVolumes)
 * reports a pod that also fails the baseline check at no lower than the baseline check's
 * severity, so a stricter level never lets a risk through that a laxer one would stop.
 */
export const PSS_SEVERITIES: Readonly<Record<PssCheckId, Severity>> = {
  appArmorProfile: 'high',
  capabilities_baseline: 'high',
  hostNamespaces: 'critical',
  hostPathVolumes: 'critical',
  hostPorts: 'high',
  hostProbesAndHostLifecycle: 'high',
  privileged: 'critical',
  procMount: 'high',
  seLinuxOptions: 'high',
  seccompProfile_baseline: 'high',
  sysctls: 'high',
  windowsHostProcess: 'high',
  allowPrivilegeEscalation: 'medium',
  capabilities_restricted: 'medium',
  procMount_restricted: 'medium',
  restrictedVolumes: 'medium',
  runAsNonRoot: 'medium',
  runAsUser: 'medium',
  seccompProfile_restricted: 'medium',
};
