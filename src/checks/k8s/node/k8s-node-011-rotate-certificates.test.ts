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
    { input: kubeletYaml('rotateCertificates: false\n'), failures: [{ path: 'rotateCertificates', includes: 'rotation is turned off', severity: 'low' }] },
    { input: nodegroupCase(bootstrapUserData('--rotate-certificates=false'), { amiType: 'AL2_x86_64' }), failures: [{ path: 'LaunchTemplateData.UserData', includes: 'rotation is turned off' }] },
  ],
});
