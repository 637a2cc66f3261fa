import { pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import { effective } from '../../../k8s/kubelet/effective.js';
import { defineKubeletCheck, KUBELET_REFERENCES } from './kubelet-check.js';

/**
 * K8S-NODE-009: a kubelet's effective `makeIPTablesUtilChains` is true.
 */
export const kubeletIptablesUtilChains = defineKubeletCheck({
  id: 'K8S-NODE-009',
  title: "The kubelet must manage its iptables utility chains",
  severity: 'low',
  rationale:
    "When the kubelet does not create its iptables utility chains, pod networking rules it relies on (KUBE-FIREWALL drops of martian traffic to localhost services) may be missing or drift from what the kubelet expects.",
  remediation: "Set `makeIPTablesUtilChains: true` in the kubelet configuration (the kubelet default), or remove `--make-iptables-util-chains=false` from the kubelet flags.",
  messages: {
    chainsUnmanaged: 'makeIPTablesUtilChains is false: the kubelet does not manage its iptables chains ({{how}})',
  },
  references: [KUBELET_REFERENCES.config, KUBELET_REFERENCES.nodeadm, KUBELET_REFERENCES.bpgHosts],
  standards: [],
  examples: {
    pass: [
      `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: { name: node-a }
makeIPTablesUtilChains: true
`,
    ],
    fail: [
      `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: { name: node-b }
makeIPTablesUtilChains: false
`,
    ],
  },
  judge(view, failAt) {
    const chains = effective(view, 'makeIPTablesUtilChains');
    if (chains.value) return pass(`the kubelet manages its iptables chains (${chains.how})`);
    return failAt('chainsUnmanaged', { how: chains.how }, fieldPath('makeIPTablesUtilChains'), chains);
  },
});
