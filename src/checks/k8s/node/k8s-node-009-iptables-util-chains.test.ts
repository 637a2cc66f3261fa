import { testCheck } from '../../../../test/helpers/check-tester.js';
import { bootstrapUserData, kubeletYaml, nodeadmUserData, nodegroupCase } from '../../../../test/helpers/kubelet.js';
import { kubeletIptablesUtilChains } from './k8s-node-009-iptables-util-chains.js';

// K8S-NODE-009: a verdict per case, from a kubelet config file and from node-group user data

testCheck(kubeletIptablesUtilChains, {
  pass: [
    { input: kubeletYaml('makeIPTablesUtilChains: true\n') },
    { input: kubeletYaml('readOnlyPort: 0\n') },
    // a bare boolean flag means true
    { input: nodegroupCase(bootstrapUserData('--make-iptables-util-chains --node-labels=a=b'), { amiType: 'AL2_x86_64' }) },
  ],
  fail: [
    { input: kubeletYaml('makeIPTablesUtilChains: false\n'), failures: [{ path: 'makeIPTablesUtilChains', messageId: 'chainsUnmanaged', data: { how: 'set in the KubeletConfiguration node-a' }, severity: 'low' }] },
    { input: nodegroupCase(nodeadmUserData('    config:\n      makeIPTablesUtilChains: false\n')), failures: [{ path: 'LaunchTemplateData.UserData', messageId: 'chainsUnmanaged', data: { how: 'set in the user data of launch template lt-0abc1234def567890 version 3' } }] },
  ],
});
