import { definePssCheck } from './define-pss-check.js';

/** PSS-windowsHostProcess: the Pod Security Standards check `windowsHostProcess`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssWindowsHostProcess = definePssCheck({
  id: 'windowsHostProcess',
  title: 'Windows pods must not run as HostProcess containers',
  rationale:
    'A Windows HostProcess container runs directly on the node as a host process, with access to the host network and filesystem: the Windows equivalent of a privileged container.',
  remediation: 'Remove `securityContext.windowsOptions.hostProcess: true` from the pod and its containers.',
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata:
  name: iis
  namespace: windows-apps
spec:
  os:
    name: windows
  containers:
    - name: iis
      image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata:
  name: windows-node-agent
  namespace: windows-ops
spec:
  os:
    name: windows
  hostNetwork: true
  securityContext:
    windowsOptions:
      hostProcess: true
      runAsUserName: "NT AUTHORITY\\\\SYSTEM"
  containers:
    - name: agent
      image: mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0
`,
    ],
  },
});
