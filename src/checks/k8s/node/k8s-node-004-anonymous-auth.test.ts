import { testCheck } from '../../../../test/helpers/check-tester.js';
import { bootstrapUserData, kubeletYaml, nodeadmUserData, nodegroupCase } from '../../../../test/helpers/kubelet.js';
import { kubeletAnonymousAuthDisabled } from './k8s-node-004-anonymous-auth.js';

// K8S-NODE-004: a verdict per case, from a kubelet config file and from node-group user data

testCheck(kubeletAnonymousAuthDisabled, {
  pass: [
    { input: kubeletYaml('authentication:\n  anonymous: { enabled: false }\n') },
    // unset in a config file: the kubelet default (false)
    { input: kubeletYaml('readOnlyPort: 0\n') },
    // AL2023 node group without overrides: the AMI sets it false
    { input: nodegroupCase(undefined) },
    { input: nodegroupCase(nodeadmUserData('    config:\n      maxPods: 58\n')) },
  ],
  fail: [
    { input: kubeletYaml('authentication:\n  anonymous: { enabled: true }\n'), failures: [{ path: 'authentication.anonymous.enabled', messageId: 'anonymousAuth', data: { how: 'set in the KubeletConfiguration node-a' }, severity: 'high' }] },
    { input: nodegroupCase(nodeadmUserData('    config:\n      authentication: { anonymous: { enabled: true } }\n')), failures: [{ path: 'LaunchTemplateData.UserData', messageId: 'anonymousAuth', data: { how: 'set in the user data of launch template lt-0abc1234def567890 version 3' } }] },
    { input: nodegroupCase(bootstrapUserData('--anonymous-auth=true --node-labels=a=b'), { amiType: 'AL2_x86_64' }), failures: [{ path: 'LaunchTemplateData.UserData', messageId: 'anonymousAuth', data: { how: 'set in the user data of launch template lt-0abc1234def567890 version 3' } }] },
    // nodeadm flags win over its config
    { input: nodegroupCase(nodeadmUserData('    config:\n      authentication: { anonymous: { enabled: false } }\n    flags: ["--anonymous-auth=true"]\n')), failures: [{ path: 'LaunchTemplateData.UserData', messageId: 'anonymousAuth', data: { how: 'set in the user data of launch template lt-0abc1234def567890 version 3' } }] },
  ],
});
