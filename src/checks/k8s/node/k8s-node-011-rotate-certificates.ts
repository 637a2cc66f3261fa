import { pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import { effective } from '../../../k8s/kubelet/effective.js';
import { defineKubeletCheck, KUBELET_REFERENCES } from './kubelet-check.js';

/**
 * K8S-NODE-011: a kubelet's `rotateCertificates` is not set to false. As CIS and kube-bench word it, an unset flag passes; `/configz` leaves a false value out, so there it cannot be told from unset and passes with that said. EKS kubelets authenticate with IAM tokens, not client certificates.
 */
export const kubeletClientCertificateRotation = defineKubeletCheck({
  id: 'K8S-NODE-011',
  title: "Kubelet client certificate rotation must not be turned off",
  severity: 'low',
  rationale:
    "A kubelet that does not rotate its client certificate keeps using it until it expires: a stolen certificate stays valid, and an expired one takes the node offline.",
  remediation: "Remove `rotateCertificates: false` (`--rotate-certificates=false`) from the kubelet configuration, or set it to true.",
  messages: {
    rotationOff: 'client certificate rotation is turned off: rotateCertificates is false ({{how}})',
  },
  references: [KUBELET_REFERENCES.config, KUBELET_REFERENCES.nodeadm, KUBELET_REFERENCES.bpgHosts],
  standards: [],
  examples: {
    pass: [
      `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: { name: node-a }
rotateCertificates: true
`,
    ],
    fail: [
      `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: { name: node-b }
rotateCertificates: false
`,
    ],
  },
  judge(view, failAt) {
    const rotate = effective(view, 'rotateCertificates');
    if (rotate.value) return pass(`client certificates are rotated (${rotate.how})`);
    if (rotate.origin === 'default') return pass(`rotateCertificates is not set (${rotate.how}); CIS passes an unset value`);
    return failAt('rotationOff', { how: rotate.how }, fieldPath('rotateCertificates'), rotate);
  },
});
