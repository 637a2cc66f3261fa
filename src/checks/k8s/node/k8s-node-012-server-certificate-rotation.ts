import { pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import { effective } from '../../../k8s/kubelet/effective.js';
import { defineKubeletCheck, KUBELET_REFERENCES } from './kubelet-check.js';

/**
 * K8S-NODE-012: a kubelet's effective `serverTLSBootstrap` is true and its `RotateKubeletServerCertificate` feature gate is not off (CIS EKS v2.0.0 3.2.8 asks for both; v1.8.0 3.2.9 for the gate).
 */
export const kubeletServerCertificateRotation = defineKubeletCheck({
  id: 'K8S-NODE-012',
  title: "The kubelet must request and rotate its serving certificate through the API server",
  severity: 'medium',
  rationale:
    "Without server TLS bootstrap the kubelet serves port 10250 with a self-signed certificate that the API server cannot verify and that is never rotated: callers must skip verification, which invites interception.",
  remediation: "Set `serverTLSBootstrap: true` and `featureGates.RotateKubeletServerCertificate: true` in the kubelet configuration (Bottlerocket: `settings.kubernetes.server-tls-bootstrap = true`), and approve the kubelet serving CSRs; the EKS-optimized AMIs do both.",
  messages: {
    gateOff: 'the RotateKubeletServerCertificate feature gate is off ({{how}})',
    noServerBootstrap: 'the kubelet does not request its serving certificate from the API server: serverTLSBootstrap is false ({{how}})',
  },
  references: [KUBELET_REFERENCES.config, KUBELET_REFERENCES.nodeadm, KUBELET_REFERENCES.bpgHosts],
  standards: [],
  examples: {
    pass: [
      `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: { name: node-a }
serverTLSBootstrap: true
featureGates: { RotateKubeletServerCertificate: true }
`,
    ],
    fail: [
      `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: { name: node-b }
serverTLSBootstrap: false
`,
    ],
  },
  judge(view, failAt) {
    const bootstrap = effective(view, 'serverTLSBootstrap');
    const gate = effective(view, 'rotateServerCertificateGate');
    if (!gate.value) return failAt('gateOff', { how: gate.how }, fieldPath('featureGates', 'RotateKubeletServerCertificate'), gate);
    if (!bootstrap.value) return failAt('noServerBootstrap', { how: bootstrap.how }, fieldPath('serverTLSBootstrap'), bootstrap);
    return pass(`the serving certificate is bootstrapped and rotated (${bootstrap.how})`);
  },
});
