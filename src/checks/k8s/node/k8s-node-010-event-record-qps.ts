import { pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import { effective } from '../../../k8s/kubelet/effective.js';
import { defineKubeletCheck, KUBELET_REFERENCES } from './kubelet-check.js';

/** The kubelet's own default (KubeletConfiguration v1beta1). */
const KUBELET_DEFAULT_EVENT_QPS = 50;

/**
 * K8S-NODE-010: a kubelet's effective `eventRecordQPS` is 0 (no limit) or at least the kubelet default of 50; kube-bench passes any value of 0 or more, eksguard fails a limit below the default because it drops events the default would keep.
 */
export const kubeletEventRecordQps = defineKubeletCheck({
  id: 'K8S-NODE-010',
  title: "The kubelet should not rate-limit events below its default",
  severity: 'low',
  rationale:
    "Events are part of the audit trail of a node (image pulls, probe failures, evictions). A low event rate limit silently drops them when they matter most, during an incident.",
  remediation: "Remove `eventRecordQPS` (`--event-qps`; Bottlerocket `settings.kubernetes.event-qps`) so the default of 50 applies, or set it to 0 (unlimited) or 50 or more.",
  messages: {
    qpsBelowDefault: 'eventRecordQPS {{qps}} drops events above {{qps}} per second, below the kubelet default of {{kubeletDefault}} ({{how}})',
  },
  references: [KUBELET_REFERENCES.config, KUBELET_REFERENCES.nodeadm, KUBELET_REFERENCES.bpgHosts],
  standards: [],
  examples: {
    pass: [
      `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: { name: node-a }
eventRecordQPS: 0
`,
    ],
    fail: [
      `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: { name: node-b }
eventRecordQPS: 5
`,
    ],
  },
  judge(view, failAt) {
    const qps = effective(view, 'eventRecordQPS');
    if (qps.value === 0) return pass(`events are not rate-limited (eventRecordQPS 0, ${qps.how})`);
    if (qps.value >= KUBELET_DEFAULT_EVENT_QPS) return pass(`events are recorded at up to ${qps.value} per second (${qps.how})`);
    return failAt('qpsBelowDefault', { qps: qps.value, kubeletDefault: KUBELET_DEFAULT_EVENT_QPS, how: qps.how }, fieldPath('eventRecordQPS'), qps);
  },
});
