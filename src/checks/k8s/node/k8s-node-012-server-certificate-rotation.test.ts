import { testCheck } from '../../../../test/helpers/check-tester.js';
import { bootstrapUserData, bottlerocketUserData, kubeletYaml, nodegroupCase } from '../../../../test/helpers/kubelet.js';
import { kubeletServerCertificateRotation } from './k8s-node-012-server-certificate-rotation.js';

// K8S-NODE-012: a verdict per case, from a kubelet config file and from node-group user data

testCheck(kubeletServerCertificateRotation, {
  pass: [
    { input: kubeletYaml('serverTLSBootstrap: true\nfeatureGates: { RotateKubeletServerCertificate: true }\n') },
    // the gate is on by default
    { input: kubeletYaml('serverTLSBootstrap: true\n', 'node-c') },
    { input: nodegroupCase(undefined) },
    { input: nodegroupCase(bottlerocketUserData('server-tls-bootstrap = true'), { amiType: 'BOTTLEROCKET_x86_64' }) },
  ],
  fail: [
    // a plain kubelet config file: serverTLSBootstrap defaults to false
    { input: kubeletYaml('readOnlyPort: 0\n'), failures: [{ path: null, messageId: 'noServerBootstrap', data: { how: 'the kubelet default for a config file' }, severity: 'medium' }] },
    { input: kubeletYaml('serverTLSBootstrap: true\nfeatureGates: { RotateKubeletServerCertificate: false }\n'), failures: [{ path: 'featureGates.RotateKubeletServerCertificate', messageId: 'gateOff', data: { how: 'set in the KubeletConfiguration node-a' } }] },
    { input: nodegroupCase(bootstrapUserData('--feature-gates=Foo=true,RotateKubeletServerCertificate=false'), { amiType: 'AL2_x86_64' }), failures: [{ path: 'LaunchTemplateData.UserData', messageId: 'gateOff', data: { how: 'set in the user data of launch template lt-0abc1234def567890 version 3' } }] },
    { input: nodegroupCase(bottlerocketUserData('server-tls-bootstrap = false'), { amiType: 'BOTTLEROCKET_x86_64' }), failures: [{ path: 'LaunchTemplateData.UserData', messageId: 'gateOff', data: { how: 'set in the user data of launch template lt-0abc1234def567890 version 3' } }] },
  ],
});
