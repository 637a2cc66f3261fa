import { testCheck } from '../../../../test/helpers/check-tester.js';
import { bootstrapUserData, kubeletYaml, nodegroupCase } from '../../../../test/helpers/kubelet.js';
import { kubeletWebhookAuthorization } from './k8s-node-005-authorization-mode.js';

// K8S-NODE-005: a verdict per case, from a kubelet config file and from node-group user data

testCheck(kubeletWebhookAuthorization, {
  pass: [
    { input: kubeletYaml('authorization: { mode: Webhook }\n') },
    { input: kubeletYaml('readOnlyPort: 0\n') },
    { input: nodegroupCase(bootstrapUserData('--node-labels=team=a'), { amiType: 'AL2_x86_64' }) },
  ],
  fail: [
    { input: kubeletYaml('authorization: { mode: AlwaysAllow }\n'), failures: [{ path: 'authorization.mode', messageId: 'notWebhook', data: { mode: '"AlwaysAllow"', how: 'set in the KubeletConfiguration node-a' }, severity: 'high' }] },
    { input: nodegroupCase(bootstrapUserData('--authorization-mode AlwaysAllow'), { amiType: 'AL2_x86_64' }), failures: [{ path: 'LaunchTemplateData.UserData', messageId: 'notWebhook', data: { mode: '"AlwaysAllow"', how: 'set in the user data of launch template lt-0abc1234def567890 version 3' } }] },
  ],
});
