import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { hostNetworkImds } from './host-network-imds.js';

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

  it('excepts the listed EKS add-ons by namespace and name, and their pods', () => {
    expect(statuses(runCheck(hostNetworkImds, daemonSet('aws-node', 'kube-system')))).toEqual(['not-applicable']);
    expect(statuses(runCheck(hostNetworkImds, daemonSet('aws-node', 'default')))).toEqual(['fail']);
    expect(statuses(runCheck(hostNetworkImds, daemonSet('aws-node-extra', 'kube-system')))).toEqual(['fail']);
    const ownedPod = `apiVersion: v1
kind: Pod
metadata:
  name: kube-proxy-x7k2p
  namespace: kube-system
  ownerReferences: [{ apiVersion: apps/v1, kind: DaemonSet, name: kube-proxy, uid: u }]
spec:
  hostNetwork: true
  containers: [{ name: c, image: x }]
`;
    expect(statuses(runCheck(hostNetworkImds, ownedPod))).toEqual(['not-applicable']);
  });

  it('can be suppressed per workload with a reason', () => {
    const yaml = daemonSet('agent', 'logging').replace('metadata: { name: agent, namespace: logging }', 'metadata:\n  name: agent\n  namespace: logging\n  annotations: { eksguard.io/ignore.K8S-WL-009: "reviewed: needs IMDS for region lookup" }');
    expect(statuses(runCheck(hostNetworkImds, yaml))).toEqual(['suppressed']);
  });
});
