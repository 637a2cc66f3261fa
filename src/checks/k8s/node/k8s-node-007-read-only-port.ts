import { pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import { effective } from '../../../k8s/kubelet/effective.js';
import { defineKubeletCheck, KUBELET_REFERENCES } from './kubelet-check.js';

/**
 * K8S-NODE-007: a kubelet's effective `readOnlyPort` is 0.
 */
export const kubeletReadOnlyPortDisabled = defineKubeletCheck({
  id: 'K8S-NODE-007',
  title: "The kubelet read-only port must be disabled",
  severity: 'medium',
  rationale:
    "The read-only port (10255 when enabled) serves pod specs, node metrics and health without any authentication or authorization: whoever reaches the node learns the workloads, their images and environment variable names.",
  remediation: "Set `readOnlyPort: 0` in the kubelet configuration, or remove `--read-only-port` from the kubelet flags; the EKS-optimized AMIs disable it.",
  messages: {
    readOnlyPort: 'the kubelet serves its unauthenticated read-only API on port {{port}} ({{how}})',
  },
  references: [KUBELET_REFERENCES.config, KUBELET_REFERENCES.nodeadm, KUBELET_REFERENCES.bpgHosts],
  standards: [],
  examples: {
    pass: [
      `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: { name: node-a }
readOnlyPort: 0
`,
    ],
    fail: [
      `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: { name: node-b }
readOnlyPort: 10255
`,
    ],
  },
  judge(view, failAt) {
    const port = effective(view, 'readOnlyPort');
    if (port.value === 0) return pass(`the read-only port is disabled (${port.how})`);
    return failAt('readOnlyPort', { port: port.value, how: port.how }, fieldPath('readOnlyPort'), port);
  },
});
