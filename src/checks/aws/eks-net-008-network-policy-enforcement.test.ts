import { describe, expect, it } from 'vitest';
import { awsInventory, runAws, summary } from '../../../test/helpers/aws.js';
import { runCheck } from '../../../test/helpers/run-check.js';
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

describe('EKS-NET-008 on EKS Auto Mode', () => {
  const autoMode = { ...cluster({ computeConfig: { enabled: true, nodePools: ['general-purpose', 'system'] } }), [PATHS.listAddons]: { addons: [] } };
  const controller = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: amazon-vpc-cni, namespace: kube-system }\ndata: { enable-network-policy-controller: "${value}" }\n---\n`;
  const nodeClass = (name: string, networkPolicy?: string) =>
    `apiVersion: eks.amazonaws.com/v1\nkind: NodeClass\nmetadata: { name: ${name} }\nspec:\n  role: AmazonEKSAutoNodeRole\n${networkPolicy ? `  networkPolicy: ${networkPolicy}\n` : ''}---\n`;
  /** as `scan --kube` reads it: the inventory names the kubeconfig context */
  const live = (kubeYaml: string, missing: [string, string][] = []) => {
    const inventory = awsInventory(autoMode, kubeYaml);
    return runCheck(networkPolicyEnforcement, { ...inventory, facts: { ...inventory.facts, context: 'prod' }, missing: new Map(missing.map(([key, reason]) => [key, { source: key, reason, checks: ['EKS-NET-008'] }])) });
  };

  it('passes when the policy controller is on and every NodeClass sets networkPolicy, naming them', () => {
    const [finding] = live(controller('true') + nodeClass('default', 'DefaultAllow') + nodeClass('locked', 'DefaultDeny'));
    expect(finding).toMatchObject({ status: 'pass', message: expect.stringContaining('NodeClass default, locked set networkPolicy DefaultAllow, DefaultDeny') });
  });

  it('fails when the controller is off or missing, or a NodeClass does not set networkPolicy', () => {
    expect(live(controller('false') + nodeClass('default', 'DefaultAllow'))[0]).toMatchObject({ status: 'fail', messageId: 'autoModeControllerOff', message: expect.stringContaining('sets enable-network-policy-controller to "false", not "true"') });
    expect(live(nodeClass('default', 'DefaultAllow'))[0]).toMatchObject({ status: 'fail', messageId: 'autoModeNoConfig', message: expect.stringContaining('there is no ConfigMap kube-system/amazon-vpc-cni') });
    const [finding] = live(controller('true') + nodeClass('default', 'DefaultAllow') + nodeClass('gpu'));
    expect(finding).toMatchObject({ status: 'fail', messageId: 'autoModeNodeClassOff', message: expect.stringContaining('NodeClass gpu does not set networkPolicy') });
  });

  it('skips with the reason when the data was not read, and judges manifests only on what they hold', () => {
    expect(live(controller('true'), [['kube:NodeClass', 'nodeclasses.eks.amazonaws.com is forbidden']])[0]).toMatchObject({ status: 'skipped', message: expect.stringContaining('nodeclasses.eks.amazonaws.com is forbidden') });
    expect(live('', [['kube:ConfigMap', 'configmaps is forbidden']])[0]).toMatchObject({ status: 'skipped', message: expect.stringContaining('configmaps is forbidden') });
    // no cluster read at all (AWS only): the switches live in the cluster
    expect(runAws(networkPolicyEnforcement, autoMode)[0]).toMatchObject({ status: 'skipped', message: expect.stringContaining('scan the cluster (--kube)') });
    expect(summary(runAws(networkPolicyEnforcement, autoMode, controller('true') + nodeClass('default', 'DefaultDeny')))).toEqual(['pass']);
    expect(summary(runAws(networkPolicyEnforcement, autoMode, controller('true')))).toEqual(['skipped']);
    expect(summary(runAws(networkPolicyEnforcement, autoMode, controller('no')))).toEqual(['fail:medium']);
  });
});
