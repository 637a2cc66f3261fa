import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { hostNetworkImds } from './k8s-wl-009-host-network-imds.js';

const daemonSet = (name: string, namespace: string, hostNetwork = 'true') => `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  template:
    spec:
      hostNetwork: ${hostNetwork}
      containers: [{ name: c, image: x }]
`;

describe('K8S-WL-009 host network and IMDS', () => {
  it('fails every host-network pod and explains the hop-limit caveat', () => {
    const [finding] = failures(runCheck(hostNetworkImds, daemonSet('agent', 'logging')));
    expect(finding?.path).toBe('spec.template.spec.hostNetwork');
    expect(finding?.message).toContain('169.254.169.254');
    expect(finding?.message).toContain('hop limit of 1 does not stop host-network pods');
    expect(finding?.message).toContain('NetworkPolicies do not apply');
  });

  it('passes pod-network pods, including a quoted "true" that the API server would reject', () => {
    expect(statuses(runCheck(hostNetworkImds, daemonSet('agent', 'logging', 'false')))).toEqual(['pass']);
    expect(statuses(runCheck(hostNetworkImds, daemonSet('agent', 'logging', '"true"')))).toEqual(['pass']);
  });

  it('reports the EKS add-ons AWS manages as suppressed, like every other family, identified by namespace, name and image registry', () => {
    const ecr = '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.20.0';
    const addon = (name: string, namespace: string, image: string) => daemonSet(name, namespace).replace('image: x', `image: ${image}`);
    const [managed] = runCheck(hostNetworkImds, addon('aws-node', 'kube-system', ecr));
    expect(managed?.status).toBe('suppressed');
    expect(managed?.suppression).toEqual({ reason: 'managed by AWS', source: 'managed' });
    // not by name alone: another namespace, another name, or an image from elsewhere is judged
    expect(statuses(runCheck(hostNetworkImds, addon('aws-node', 'default', ecr)))).toEqual(['fail']);
    expect(statuses(runCheck(hostNetworkImds, addon('aws-node-extra', 'kube-system', ecr)))).toEqual(['fail']);
    expect(statuses(runCheck(hostNetworkImds, addon('aws-node', 'kube-system', 'docker.io/attacker/cni:1')))).toEqual(['fail']);
    expect(statuses(runCheck(hostNetworkImds, addon('aws-node', 'kube-system', '123456789012.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1')))).toEqual(['fail']);
    // the pods of a managed DaemonSet, as a live cluster lists them
    const ownedPod = `apiVersion: v1
kind: Pod
metadata:
  name: kube-proxy-x7k2p
  namespace: kube-system
  ownerReferences: [{ apiVersion: apps/v1, kind: DaemonSet, name: kube-proxy, uid: u, controller: true }]
spec:
  hostNetwork: true
  containers: [{ name: c, image: 602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:v1.33.0-eksbuild.2 }]
`;
    expect(statuses(runCheck(hostNetworkImds, ownedPod))).toEqual(['suppressed']);
    // switched off (--judge-aws-managed, suppressAwsManaged: false): judged like any workload
    expect(statuses(runCheck(hostNetworkImds, addon('aws-node', 'kube-system', ecr), { settings: { suppressManaged: false } }))).toEqual(['fail']);
  });

  it('can be suppressed per workload with a reason', () => {
    const yaml = daemonSet('agent', 'logging').replace('metadata: { name: agent, namespace: logging }', 'metadata:\n  name: agent\n  namespace: logging\n  annotations: { eksguard.io/ignore.K8S-WL-009: "reviewed: needs IMDS for region lookup" }');
    expect(statuses(runCheck(hostNetworkImds, yaml))).toEqual(['suppressed']);
  });
});

const ECR = '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.20.0';

testCheck(hostNetworkImds, {
  pass: [
    { input: daemonSet('agent', 'logging', 'false') },
    { input: daemonSet('agent', 'logging', '"true"') },
    { input: 'apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: shop }\nspec:\n  containers: [{ name: c, image: x }]\n' },
  ],
  fail: [
    { input: daemonSet('agent', 'logging'), failures: [{ path: 'spec.template.spec.hostNetwork', messageId: 'hostNetwork', severity: 'high' }] },
    { input: 'apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: shop }\nspec:\n  hostNetwork: true\n  containers: [{ name: c, image: x }]\n', failures: [{ path: 'spec.hostNetwork', messageId: 'hostNetwork' }] },
    {
      // the AWS-managed add-on is suppressed, a look-alike in another namespace or from another registry is not
      input: [daemonSet('aws-node', 'kube-system').replace('image: x', `image: ${ECR}`), daemonSet('aws-node', 'default').replace('image: x', `image: ${ECR}`), daemonSet('aws-node', 'kube-system').replace('image: x', 'image: docker.io/attacker/cni:1').replace('name: aws-node', 'name: aws-node-extra')].join('---\n'),
      failures: [{ path: 'spec.template.spec.hostNetwork', messageId: 'hostNetwork' }, { path: 'spec.template.spec.hostNetwork', messageId: 'hostNetwork' }],
    },
    { input: daemonSet('aws-node', 'kube-system').replace('image: x', `image: ${ECR}`), settings: { suppressManaged: false }, failures: [{ path: 'spec.template.spec.hostNetwork', messageId: 'hostNetwork' }] },
  ],
});
