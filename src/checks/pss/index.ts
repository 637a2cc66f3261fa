import type { Check } from '../../core/check.js';
import { pssAllowPrivilegeEscalation } from './allow-privilege-escalation.js';
import { pssAppArmorProfile } from './app-armor-profile.js';
import { pssCapabilitiesBaseline } from './capabilities-baseline.js';
import { pssCapabilitiesRestricted } from './capabilities-restricted.js';
import { pssHostNamespaces } from './host-namespaces.js';
import { pssHostPathVolumes } from './host-path-volumes.js';
import { pssHostPorts } from './host-ports.js';
import { pssHostProbesAndHostLifecycle } from './host-probes-and-host-lifecycle.js';
import { pssPrivileged } from './privileged.js';
import { pssProcMountRestricted } from './proc-mount-restricted.js';
import { pssProcMount } from './proc-mount.js';
import { pssRestrictedVolumes } from './restricted-volumes.js';
import { pssRunAsNonRoot } from './run-as-non-root.js';
import { pssRunAsUser } from './run-as-user.js';
import { pssSeccompProfileBaseline } from './seccomp-profile-baseline.js';
import { pssSeccompProfileRestricted } from './seccomp-profile-restricted.js';
import { pssSeLinuxOptions } from './se-linux-options.js';
import { pssSysctls } from './sysctls.js';
import { pssWindowsHostProcess } from './windows-host-process.js';

/** The 19 Pod Security Standards checks, in upstream's result order. */
export const pssChecks: readonly Check[] = [
  pssAppArmorProfile,
  pssCapabilitiesBaseline,
  pssHostNamespaces,
  pssHostPathVolumes,
  pssHostPorts,
  pssHostProbesAndHostLifecycle,
  pssPrivileged,
  pssProcMount,
  pssSeLinuxOptions,
  pssSeccompProfileBaseline,
  pssSysctls,
  pssWindowsHostProcess,
  pssAllowPrivilegeEscalation,
  pssCapabilitiesRestricted,
  pssProcMountRestricted,
  pssRestrictedVolumes,
  pssRunAsNonRoot,
  pssRunAsUser,
  pssSeccompProfileRestricted,
];
