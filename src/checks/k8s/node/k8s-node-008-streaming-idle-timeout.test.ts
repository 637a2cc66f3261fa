import { testCheck } from '../../../../test/helpers/check-tester.js';
import { bootstrapUserData, kubeletYaml, nodeadmUserData, nodegroupCase } from '../../../../test/helpers/kubelet.js';
import { kubeletStreamingIdleTimeout } from './k8s-node-008-streaming-idle-timeout.js';

// K8S-NODE-008: a verdict per case, from a kubelet config file and from node-group user data

testCheck(kubeletStreamingIdleTimeout, {
  pass: [
    { input: kubeletYaml('streamingConnectionIdleTimeout: 5m0s\n') },
    // unset: the kubelet default 4h0m0s
    { input: kubeletYaml('readOnlyPort: 0\n') },
    { input: nodegroupCase(nodeadmUserData('    flags: ["--streaming-connection-idle-timeout=30m"]\n')) },
  ],
  fail: [
    { input: kubeletYaml('streamingConnectionIdleTimeout: 0s\n'), failures: [{ path: 'streamingConnectionIdleTimeout', messageId: 'neverTimesOut', data: { timeout: '"0s"', how: 'set in the KubeletConfiguration node-a' }, severity: 'low' }] },
    { input: kubeletYaml('streamingConnectionIdleTimeout: 0h0m0s\n', 'node-c'), failures: [{ path: 'streamingConnectionIdleTimeout', messageId: 'neverTimesOut', data: { timeout: '"0h0m0s"', how: 'set in the KubeletConfiguration node-c' } }] },
    // a config file with such a value is refused by the kubelet (an input error, the checks skip it); a flag is text
    { input: nodegroupCase(bootstrapUserData('--streaming-connection-idle-timeout soon'), { amiType: 'AL2_x86_64' }), failures: [{ path: 'LaunchTemplateData.UserData', messageId: 'notDuration', data: { timeout: '"soon"', how: 'set in the user data of launch template lt-0abc1234def567890 version 3' } }] },
    { input: nodegroupCase(bootstrapUserData('--streaming-connection-idle-timeout 0'), { amiType: 'AL2_x86_64' }), failures: [{ path: 'LaunchTemplateData.UserData', messageId: 'neverTimesOut', data: { timeout: '"0"', how: 'set in the user data of launch template lt-0abc1234def567890 version 3' } }] },
  ],
});
