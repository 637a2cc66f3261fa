import { pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import { effective } from '../../../k8s/kubelet/effective.js';
import { defineKubeletCheck, KUBELET_REFERENCES } from './kubelet-check.js';

/**
 * K8S-NODE-004: a kubelet's effective `authentication.anonymous.enabled` is false.
 */
export const kubeletAnonymousAuthDisabled = defineKubeletCheck({
  id: 'K8S-NODE-004',
  title: "The kubelet must not accept anonymous requests",
  severity: 'high',
  rationale:
    "With anonymous authentication on, the kubelet API on port 10250 treats requests without credentials as `system:anonymous`; combined with a permissive authorization mode anyone who reaches the node can list pods, read logs and run commands in containers.",
  remediation: "Set `authentication.anonymous.enabled: false` in the kubelet configuration (nodeadm `spec.kubelet.config`, or drop `--anonymous-auth=true` from `--kubelet-extra-args`); the EKS-optimized AMIs already set it.",
  messages: {
    anonymousAuth: 'the kubelet accepts anonymous requests: authentication.anonymous.enabled is true ({{how}})',
  },
  references: [KUBELET_REFERENCES.config, KUBELET_REFERENCES.nodeadm, KUBELET_REFERENCES.bpgHosts],
  standards: [],
  examples: {
    pass: [
      `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: { name: node-a }
authentication:
  anonymous: { enabled: false }
`,
    ],
    fail: [
      `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: { name: node-b }
authentication:
  anonymous: { enabled: true }
`,
    ],
  },
  judge(view, failAt) {
    const anonymous = effective(view, 'anonymousAuth');
    if (!anonymous.value) return pass(`anonymous authentication is off (${anonymous.how})`);
    return failAt('anonymousAuth', { how: anonymous.how }, fieldPath('authentication', 'anonymous', 'enabled'), anonymous);
  },
});
