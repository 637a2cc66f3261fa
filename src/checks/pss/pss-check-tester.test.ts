import { testCheck, type ExpectedFailure } from '../../../test/helpers/check-tester.js';
import type { Check } from '../../core/check.js';
import { pssCheckLevel, type PssCheckId } from '../../k8s/pss/index.js';
import { findCheck } from '../index.js';

/**
 * Every PSS check under the CheckTester: a pod that meets the restricted profile passes; a pod with
 * one violation fails with upstream's reason and detail as the message data, pointing at the field.
 * Upstream's exact words for every fixture are proven by workload-conformance.test.ts.
 */

const CONTAINER_OK = 'securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }';
const POD_OK = 'securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }';

/** A Pod that meets the restricted profile, with `container` added to its container and `pod` to its spec. */
function pod(container = '', podSpec = '', metadata = ''): string {
  return `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop${metadata} }
spec:
  ${POD_OK}
  containers:
    - name: web
      image: nginx:1.27
      ${CONTAINER_OK}
${container ? `      ${container}\n` : ''}${podSpec ? `  ${podSpec}\n` : ''}`;
}

const violation = (path: string, reason: string, detail?: string): ExpectedFailure =>
  detail === undefined ? { path, messageId: 'violationWithoutDetail', data: { reason } } : { path, messageId: 'violation', data: { reason, detail } };

const CASES: Readonly<Record<PssCheckId, { fail: string; failure: ExpectedFailure }>> = {
  privileged: {
    fail: pod().replace('allowPrivilegeEscalation: false,', 'allowPrivilegeEscalation: false, privileged: true,'),
    failure: violation('spec.containers[0].securityContext.privileged', 'privileged', 'container "web" must not set securityContext.privileged=true'),
  },
  hostNamespaces: {
    fail: pod('', 'hostPID: true'),
    failure: violation('spec.hostPID', 'host namespaces', 'hostPID=true'),
  },
  hostPathVolumes: {
    fail: pod('', 'volumes: [{ name: logs, hostPath: { path: /var/log } }]'),
    failure: violation('spec.volumes[0].hostPath', 'hostPath volumes', 'volume "logs"'),
  },
  hostPorts: {
    fail: pod('ports: [{ containerPort: 80, hostPort: 8080 }]'),
    failure: violation('spec.containers[0].ports[0].hostPort', 'hostPort', 'container "web" uses hostPort 8080'),
  },
  hostProbesAndHostLifecycle: {
    fail: pod('livenessProbe: { httpGet: { host: 10.0.0.1, port: 80 } }'),
    failure: violation('spec.containers[0].livenessProbe.httpGet.host', 'probe or lifecycle host', 'container "web" uses probe or lifecycle host "10.0.0.1"'),
  },
  appArmorProfile: {
    fail: pod().replace('allowPrivilegeEscalation: false,', 'allowPrivilegeEscalation: false, appArmorProfile: { type: Unconfined },'),
    failure: violation('spec.containers[0].securityContext.appArmorProfile.type', 'forbidden AppArmor profile', 'container "web" must not set AppArmor profile type to "Unconfined"'),
  },
  capabilities_baseline: {
    fail: pod().replace('drop: [ALL]', 'drop: [ALL], add: [NET_ADMIN]'),
    failure: violation('spec.containers[0].securityContext.capabilities.add[0]', 'non-default capabilities', 'container "web" must not include "NET_ADMIN" in securityContext.capabilities.add'),
  },
  capabilities_restricted: {
    fail: pod().replace('drop: [ALL]', 'drop: [NET_RAW]'),
    failure: violation('spec.containers[0].securityContext.capabilities.drop', 'unrestricted capabilities', 'container "web" must set securityContext.capabilities.drop=["ALL"]'),
  },
  seLinuxOptions: {
    fail: pod().replace('allowPrivilegeEscalation: false,', 'allowPrivilegeEscalation: false, seLinuxOptions: { type: spc_t },'),
    failure: violation('spec.containers[0].securityContext.seLinuxOptions.type', 'seLinuxOptions', 'container "web" set forbidden securityContext.seLinuxOptions: type "spc_t"'),
  },
  procMount: {
    fail: pod().replace('allowPrivilegeEscalation: false,', 'allowPrivilegeEscalation: false, procMount: Unmasked,'),
    failure: violation('spec.containers[0].securityContext.procMount', 'procMount', 'container "web" must not set securityContext.procMount to "Unmasked"'),
  },
  procMount_restricted: {
    fail: pod().replace('allowPrivilegeEscalation: false,', 'allowPrivilegeEscalation: false, procMount: Unmasked,'),
    failure: violation('spec.containers[0].securityContext.procMount', 'procMount', 'container "web" must not set securityContext.procMount to "Unmasked"'),
  },
  seccompProfile_baseline: {
    fail: pod().replace('seccompProfile: { type: RuntimeDefault }', 'seccompProfile: { type: Unconfined }'),
    failure: violation('spec.securityContext.seccompProfile.type', 'seccompProfile', 'pod must not set securityContext.seccompProfile.type to "Unconfined"'),
  },
  seccompProfile_restricted: {
    fail: pod().replace(', seccompProfile: { type: RuntimeDefault }', ''),
    failure: violation('spec.containers[0].securityContext.seccompProfile.type', 'seccompProfile', 'pod or container "web" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"'),
  },
  sysctls: {
    fail: pod().replace('runAsNonRoot: true,', 'runAsNonRoot: true, sysctls: [{ name: vm.overcommit_memory, value: "1" }],'),
    failure: violation('spec.securityContext.sysctls[0].name', 'forbidden sysctls', 'vm.overcommit_memory'),
  },
  windowsHostProcess: {
    fail: pod().replace('runAsNonRoot: true,', 'runAsNonRoot: true, windowsOptions: { hostProcess: true },'),
    failure: violation('spec.securityContext.windowsOptions.hostProcess', 'hostProcess', 'pod must not set securityContext.windowsOptions.hostProcess=true'),
  },
  allowPrivilegeEscalation: {
    fail: pod().replace('allowPrivilegeEscalation: false, ', ''),
    failure: violation('spec.containers[0].securityContext.allowPrivilegeEscalation', 'allowPrivilegeEscalation != false', 'container "web" must set securityContext.allowPrivilegeEscalation=false'),
  },
  restrictedVolumes: {
    fail: pod('', 'volumes: [{ name: shared, nfs: { server: nfs.local, path: /export } }]'),
    failure: violation('spec.volumes[0].nfs', 'restricted volume types', 'volume "shared" uses restricted volume type "nfs"'),
  },
  runAsNonRoot: {
    fail: pod().replace('runAsNonRoot: true, ', ''),
    failure: violation('spec.containers[0].securityContext.runAsNonRoot', 'runAsNonRoot != true', 'pod or container "web" must set securityContext.runAsNonRoot=true'),
  },
  runAsUser: {
    fail: pod().replace('runAsNonRoot: true,', 'runAsNonRoot: true, runAsUser: 0,'),
    failure: violation('spec.securityContext.runAsUser', 'runAsUser=0', 'pod must not set runAsUser=0'),
  },
};

for (const [id, { fail, failure }] of Object.entries(CASES) as [PssCheckId, (typeof CASES)[PssCheckId]][]) {
  const check: Check = findCheck(`PSS-${id}`)!;
  const settings = { pssLevel: pssCheckLevel(id) };
  testCheck(check, { pass: [{ input: pod(), settings }], fail: [{ input: fail, settings, failures: [failure] }] });
}
