import { testCheck } from '../../../../test/helpers/check-tester.js';
import { kubeletYaml, nodeadmUserData, nodegroupCase } from '../../../../test/helpers/kubelet.js';
import { kubeletClientCaFile } from './k8s-node-006-client-ca-file.js';

// K8S-NODE-006: a verdict per case, from a kubelet config file and from node-group user data

testCheck(kubeletClientCaFile, {
  pass: [
    { input: kubeletYaml('authentication:\n  x509: { clientCAFile: /etc/kubernetes/pki/ca.crt }\n') },
    // the EKS AMIs set /etc/kubernetes/pki/ca.crt
    { input: nodegroupCase(undefined, { amiType: 'BOTTLEROCKET_x86_64' }) },
  ],
  fail: [
    // a kubelet config file without it: the kubelet has no default CA
    { input: kubeletYaml('readOnlyPort: 0\n'), failures: [{ path: null, messageId: 'noClientCa', data: { how: 'the kubelet default for a config file' }, severity: 'medium' }] },
    { input: nodegroupCase(nodeadmUserData('    config:\n      authentication: { x509: { clientCAFile: "" } }\n')), failures: [{ path: 'LaunchTemplateData.UserData', messageId: 'noClientCa', data: { how: 'set in the user data of launch template lt-0abc1234def567890 version 3' } }] },
  ],
});
