import { pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import { effective } from '../../../k8s/kubelet/effective.js';
import { defineKubeletCheck, KUBELET_REFERENCES } from './kubelet-check.js';

/**
 * K8S-NODE-005: a kubelet's effective `authorization.mode` is `Webhook`.
 */
export const kubeletWebhookAuthorization = defineKubeletCheck({
  id: 'K8S-NODE-005',
  title: "The kubelet must authorize requests through the API server (Webhook), never AlwaysAllow",
  severity: 'high',
  rationale:
    "`AlwaysAllow` lets every authenticated (and, with anonymous authentication, every) caller of the kubelet API exec into containers, read logs and secrets mounted in pods. `Webhook` asks the API server (SubjectAccessReview), so RBAC decides.",
  remediation: "Set `authorization.mode: Webhook` (and `authentication.webhook.enabled: true`) in the kubelet configuration, or remove `--authorization-mode=AlwaysAllow` from the kubelet flags.",
  messages: {
    notWebhook: 'the kubelet authorizes requests with {{mode}}, not Webhook ({{how}})',
  },
  references: [KUBELET_REFERENCES.config, KUBELET_REFERENCES.nodeadm, KUBELET_REFERENCES.bpgHosts],
  standards: [],
  examples: {
    pass: [
      `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: { name: node-a }
authorization: { mode: Webhook }
`,
    ],
    fail: [
      `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata: { name: node-b }
authorization: { mode: AlwaysAllow }
`,
    ],
  },
  judge(view, failAt) {
    const mode = effective(view, 'authorizationMode');
    if (mode.value === 'Webhook') return pass(`authorization mode is Webhook (${mode.how})`);
    return failAt('notWebhook', { mode: JSON.stringify(mode.value), how: mode.how }, fieldPath('authorization', 'mode'), mode);
  },
});
