import { testCheck } from '../../../../test/helpers/check-tester.js';
import { bootstrapUserData, kubeletYaml, nodegroupCase } from '../../../../test/helpers/kubelet.js';
import { kubeletClientCertificateRotation } from './k8s-node-011-rotate-certificates.js';

// K8S-NODE-011: a verdict per case, from a kubelet config file and from node-group user data

testCheck(kubeletClientCertificateRotation, {
  pass: [
    { input: kubeletYaml('rotateCertificates: true\n') },
    // not present: CIS and kube-bench pass it
    { input: kubeletYaml('readOnlyPort: 0\n') },
    { input: nodegroupCase(undefined) },
  ],
  fail: [
    { input: kubeletYaml('rotateCertificates: false\n'), failures: [{ path: 'rotateCertificates', messageId: 'rotationOff', data: { how: 'set in the KubeletConfiguration node-a' }, severity: 'low' }] },
    { input: nodegroupCase(bootstrapUserData('--rotate-certificates=false'), { amiType: 'AL2_x86_64' }), failures: [{ path: 'LaunchTemplateData.UserData', messageId: 'rotationOff', data: { how: 'set in the user data of launch template lt-0abc1234def567890 version 3' } }] },
  ],
});
