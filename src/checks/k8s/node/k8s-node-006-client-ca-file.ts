import { pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import { effective } from '../../../k8s/kubelet/effective.js';
import { defineKubeletCheck, KUBELET_REFERENCES } from './kubelet-check.js';

/**
 * K8S-NODE-006: a kubelet has a non-empty effective `authentication.x509.clientCAFile`.
 */
export const kubeletClientCaFile = defineKubeletCheck({
  id: 'K8S-NODE-006',
  title: "The kubelet must verify client certificates against a client CA file",
  severity: 'medium',
  rationale:
    "Without a client CA the kubelet cannot authenticate the API server's client certificate (or any other x509 client), so `kubectl exec`, logs and port-forward traffic to the node is not mutually authenticated.",
  remediation: "Set `authentication.x509.clientCAFile` to the cluster CA (`/etc/kubernetes/pki/ca.crt` on the EKS-optimized AMIs) in the kubelet configuration, or `--client-ca-file` in the kubelet flags.",
  messages: {
    noClientCa: 'the kubelet has no client CA file: authentication.x509.clientCAFile is empty ({{how}})',
  },
  references: [KUBELET_REFERENCES.config, KUBELET_REFERENCES.nodeadm, KUBELET_REFERENCES.bpgHosts],
  standards: [],
  examples: {
    pass: [
      `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: { name: node-a }
authentication:
  x509: { clientCAFile: /etc/kubernetes/pki/ca.crt }
`,
    ],
    fail: [
      `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: { name: node-b }
authentication:
  x509: { clientCAFile: "" }
`,
    ],
  },
  judge(view, failAt) {
    const file = effective(view, 'clientCAFile');
    if (file.value.trim() !== '') return pass(`client certificates are verified against ${JSON.stringify(file.value)} (${file.how})`);
    return failAt('noClientCa', { how: file.how }, fieldPath('authentication', 'x509', 'clientCAFile'), file);
  },
});
