import { testCheck } from '../../../../test/helpers/check-tester.js';
import { bootstrapUserData, kubeletYaml, nodegroupCase } from '../../../../test/helpers/kubelet.js';
import { kubeletReadOnlyPortDisabled } from './k8s-node-007-read-only-port.js';

// K8S-NODE-007: a verdict per case, from a kubelet config file and from node-group user data

testCheck(kubeletReadOnlyPortDisabled, {
  pass: [
    { input: kubeletYaml('readOnlyPort: 0\n') },
    { input: kubeletYaml('authorization: { mode: Webhook }\n') },
    { input: nodegroupCase(undefined, { amiType: 'AL2_x86_64' }) },
  ],
  fail: [
    { input: kubeletYaml('readOnlyPort: 10255\n'), failures: [{ path: 'readOnlyPort', messageId: 'readOnlyPort', data: { port: 10255, how: 'set in the KubeletConfiguration node-a' }, severity: 'medium' }] },
    { input: nodegroupCase(bootstrapUserData('--read-only-port=10255'), { amiType: 'AL2_x86_64' }), failures: [{ path: 'LaunchTemplateData.UserData', messageId: 'readOnlyPort', data: { port: 10255, how: 'set in the user data of launch template lt-0abc1234def567890 version 3' } }] },
  ],
});
