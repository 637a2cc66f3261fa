import { testCheck } from '../../../../test/helpers/check-tester.js';
import { bootstrapUserData, bottlerocketUserData, kubeletYaml, nodegroupCase } from '../../../../test/helpers/kubelet.js';
import { kubeletEventRecordQps } from './k8s-node-010-event-record-qps.js';

// K8S-NODE-010: a verdict per case, from a kubelet config file and from node-group user data

testCheck(kubeletEventRecordQps, {
  pass: [
    { input: kubeletYaml('eventRecordQPS: 0\n') },
    { input: kubeletYaml('eventRecordQPS: 50\n', 'node-c') },
    // unset: the kubelet default 50
    { input: kubeletYaml('readOnlyPort: 0\n') },
    { input: nodegroupCase(bottlerocketUserData('event-qps = 100'), { amiType: 'BOTTLEROCKET_x86_64' }) },
  ],
  fail: [
    { input: kubeletYaml('eventRecordQPS: 5\n'), failures: [{ path: 'eventRecordQPS', messageId: 'qpsBelowDefault', data: { qps: 5, kubeletDefault: 50, how: 'set in the KubeletConfiguration node-a' }, severity: 'low' }] },
    // a kubelet config file rarely has metadata (the kubelet ignores it): its file names it
    {
      input: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\neventRecordQPS: 5\n',
      failures: [{ path: 'eventRecordQPS', messageId: 'qpsBelowDefault', data: { qps: 5, kubeletDefault: 50, how: 'set in the KubeletConfiguration in test.yaml' } }],
    },
    { input: nodegroupCase(bottlerocketUserData('event-qps = 2 # keep it quiet'), { amiType: 'BOTTLEROCKET_x86_64' }), failures: [{ path: 'LaunchTemplateData.UserData', messageId: 'qpsBelowDefault', data: { qps: 2, kubeletDefault: 50, how: 'set in the user data of launch template lt-0abc1234def567890 version 3' } }] },
    { input: nodegroupCase(bootstrapUserData('--event-qps=1'), { amiType: 'AL2_x86_64' }), failures: [{ path: 'LaunchTemplateData.UserData', messageId: 'qpsBelowDefault', data: { qps: 1, kubeletDefault: 50, how: 'set in the user data of launch template lt-0abc1234def567890 version 3' } }] },
  ],
});
