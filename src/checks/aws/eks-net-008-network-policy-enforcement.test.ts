import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { networkPolicyEnforcement } from './eks-net-008-network-policy-enforcement.js';
import { PATHS, clusterResponse } from './fixtures.js';

const cluster = (patch: unknown) => ({ [PATHS.cluster]: clusterResponse(patch) });

describe('EKS-NET-008 network policy enforcement', () => {
  const addon = (configurationValues?: string) => ({ addon: { addonName: 'vpc-cni', clusterName: 'prod', status: 'ACTIVE', ...(configurationValues !== undefined ? { configurationValues } : {}) } });
  it('reads JSON and YAML configuration values, boolean or string', () => {
    expect(summary(runAws(networkPolicyEnforcement, { ...cluster({}), [PATHS.addon('vpc-cni')]: addon('enableNetworkPolicy: true\n') }))).toEqual(['pass']);
    expect(summary(runAws(networkPolicyEnforcement, { ...cluster({}), [PATHS.addon('vpc-cni')]: addon('{"enableNetworkPolicy":"false"}') }))).toEqual(['fail:medium']);
    expect(summary(runAws(networkPolicyEnforcement, { ...cluster({}), [PATHS.addon('vpc-cni')]: addon('{not json') }))).toEqual(['fail:medium']);
  });
  it('accepts another policy engine seen in the cluster, and skips when nothing tells', () => {
    const calico = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: calico-node\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: calico/node}]\n';
    expect(summary(runAws(networkPolicyEnforcement, { ...cluster({}), [PATHS.listAddons]: { addons: [] } }, calico))).toEqual(['pass']);
    expect(summary(runAws(networkPolicyEnforcement, { ...cluster({}), [PATHS.listAddons]: { addons: [] } }))).toEqual(['skipped']);
  });
  it('reads the network-policy agent argument of a self-managed aws-node DaemonSet', () => {
    const awsNode = (args: string) =>
      `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: aws-node\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers:\n        - name: aws-node\n          image: x\n        - name: aws-eks-nodeagent\n          image: y\n          args: [${args}]\n`;
    expect(summary(runAws(networkPolicyEnforcement, { ...cluster({}), [PATHS.listAddons]: { addons: [] } }, awsNode('--enable-network-policy=true, --enable-ipv6=false')))).toEqual(['pass']);
    expect(summary(runAws(networkPolicyEnforcement, { ...cluster({}), [PATHS.listAddons]: { addons: [] } }, awsNode('--enable-network-policy=false')))).toEqual(['fail:medium']);
  });
});

const vpcCni = (configurationValues?: string) => ({ ...cluster({}), [PATHS.addon('vpc-cni')]: { addon: { addonName: 'vpc-cni', clusterName: 'prod', status: 'ACTIVE', ...(configurationValues !== undefined ? { configurationValues } : {}) } } });
const selfManaged = (args: string) => ({
  aws: { ...cluster({}), [PATHS.listAddons]: { addons: [] } },
  kubeYaml: `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: aws-node\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers:\n        - name: aws-eks-nodeagent\n          image: y\n          args: [${args}]\n`,
});

testCheck(networkPolicyEnforcement, {
  pass: [{ input: { aws: vpcCni('{"enableNetworkPolicy":"true"}') } }, { input: selfManaged('--enable-network-policy=true') }],
  fail: [
    { input: { aws: vpcCni() }, failures: [{ path: 'addon.configurationValues', messageId: 'addonOff', severity: 'medium' }] },
    { input: { aws: vpcCni('{"enableNetworkPolicy":"false"}') }, failures: [{ path: 'addon.configurationValues', messageId: 'addonOff', severity: 'medium' }] },
    { input: { aws: vpcCni('{not json') }, failures: [{ path: 'addon.configurationValues', messageId: 'configurationUnparsable', severity: 'medium' }] },
    { input: selfManaged('--enable-network-policy=false'), failures: [{ path: 'aws-node', messageId: 'selfManagedOff', severity: 'medium' }] },
  ],
});
