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
    { input: kubeletYaml('streamingConnectionIdleTimeout: 0s\n'), failures: [{ path: 'streamingConnectionIdleTimeout', includes: 'never time out', severity: 'low' }] },
    { input: kubeletYaml('streamingConnectionIdleTimeout: 0h0m0s\n', 'node-c'), failures: [{ path: 'streamingConnectionIdleTimeout', includes: '"0h0m0s"' }] },
    { input: kubeletYaml('streamingConnectionIdleTimeout: soon\n', 'node-d'), failures: [{ path: 'streamingConnectionIdleTimeout', includes: 'not a duration' }] },
    { input: nodegroupCase(bootstrapUserData('--streaming-connection-idle-timeout 0'), { amiType: 'AL2_x86_64' }), failures: [{ path: 'LaunchTemplateData.UserData', includes: 'never time out' }] },
  ],
});
