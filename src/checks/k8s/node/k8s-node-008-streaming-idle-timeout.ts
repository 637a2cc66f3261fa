import { pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import { effective, isZeroDuration } from '../../../k8s/kubelet/effective.js';
import { defineKubeletCheck, KUBELET_REFERENCES } from './kubelet-check.js';

/**
 * K8S-NODE-008: a kubelet's effective `streamingConnectionIdleTimeout` is not 0 (CIS EKS v1.8.0 3.2.5; dropped from v2.0.0).
 */
export const kubeletStreamingIdleTimeout = defineKubeletCheck({
  id: 'K8S-NODE-008',
  title: "Kubelet streaming connections must time out when idle",
  severity: 'low',
  rationale:
    "With a timeout of 0, idle `exec`, `attach` and `port-forward` streams stay open forever: forgotten sessions keep a path into containers and exhaust node resources.",
  remediation: "Set `streamingConnectionIdleTimeout` to a non-zero duration (the kubelet default is `4h0m0s`; CIS suggests `5m`), or remove `--streaming-connection-idle-timeout=0` from the kubelet flags.",
  messages: {
    notDuration: 'streamingConnectionIdleTimeout {{timeout}} is not a duration the kubelet accepts ({{how}})',
    neverTimesOut: 'idle streaming connections never time out: streamingConnectionIdleTimeout is {{timeout}} ({{how}})',
  },
  references: [KUBELET_REFERENCES.config, KUBELET_REFERENCES.nodeadm, KUBELET_REFERENCES.bpgHosts],
  standards: [],
  examples: {
    pass: [
      `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: { name: node-a }
streamingConnectionIdleTimeout: 5m0s
`,
    ],
    fail: [
      `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: { name: node-b }
streamingConnectionIdleTimeout: 0s
`,
    ],
  },
  judge(view, failAt) {
    const timeout = effective(view, 'streamingConnectionIdleTimeout');
    const zero = isZeroDuration(timeout.value);
    if (zero === undefined) return failAt('notDuration', { timeout: JSON.stringify(timeout.value), how: timeout.how }, fieldPath('streamingConnectionIdleTimeout'), timeout);
    if (!zero) return pass(`idle streaming connections time out after ${timeout.value} (${timeout.how})`);
    return failAt('neverTimesOut', { timeout: JSON.stringify(timeout.value), how: timeout.how }, fieldPath('streamingConnectionIdleTimeout'), timeout);
  },
});
