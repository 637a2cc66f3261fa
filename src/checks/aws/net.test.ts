import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { eksNet001 } from './eks-net-001.js';
import { eksNet002 } from './eks-net-002.js';
import { eksNet003 } from './eks-net-003.js';
import { eksNet004 } from './eks-net-004.js';
import { eksNet005 } from './eks-net-005.js';
import { eksNet006 } from './eks-net-006.js';
import { eksNet007 } from './eks-net-007.js';
import { eksNet008 } from './eks-net-008.js';
import { ACCOUNT, CLUSTER_SG, PATHS, clusterResponse, fromInternet, securityGroup, securityGroupsResponse, selfReference } from './fixtures.js';

const cluster = (patch: unknown) => ({ [PATHS.cluster]: clusterResponse(patch) });
const publicEndpoint = (cidrs: unknown, privateAccess = true) => cluster({ resourcesVpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: privateAccess, publicAccessCidrs: cidrs } });

describe('EKS-NET-001 public endpoint open to the internet', () => {
  it('is critical when the private endpoint is off too', () => {
    expect(summary(runAws(eksNet001, publicEndpoint(['0.0.0.0/0'], false)))).toEqual(['fail:critical']);
    expect(summary(runAws(eksNet001, publicEndpoint(['0.0.0.0/0'])))).toEqual(['fail:high']);
  });
  it('treats ::/0 and an empty CIDR list (the default) as open', () => {
    expect(summary(runAws(eksNet001, publicEndpoint(['203.0.113.0/24', '::/0'])))).toEqual(['fail:high']);
    expect(summary(runAws(eksNet001, publicEndpoint([])))).toEqual(['fail:high']);
  });
  it('ignores the CIDRs of a disabled public endpoint', () => {
    expect(summary(runAws(eksNet001, cluster({ resourcesVpcConfig: { endpointPublicAccess: false, publicAccessCidrs: ['0.0.0.0/0'] } })))).toEqual(['pass']);
  });
  it('does not throw on fields of the wrong type', () => {
    const findings = runAws(eksNet001, cluster({ resourcesVpcConfig: { endpointPublicAccess: 'yes', publicAccessCidrs: 'everything' } }));
    expect(summary(findings)).toEqual(['not-applicable']);
  });
});

describe('EKS-NET-002 public endpoint enabled', () => {
  it('is low when the CIDRs are restricted, medium when open', () => {
    expect(summary(runAws(eksNet002, publicEndpoint(['198.51.100.7/32'])))).toEqual(['fail:low']);
    expect(summary(runAws(eksNet002, publicEndpoint(['0.0.0.0/0'])))).toEqual(['fail:medium']);
    expect(summary(runAws(eksNet002, cluster({})))).toEqual(['pass']);
  });
});

describe('EKS-NET-003 private endpoint', () => {
  it('fails when private access is off and reports the field', () => {
    const [finding] = runAws(eksNet003, publicEndpoint(['0.0.0.0/0'], false));
    expect(finding?.status).toBe('fail');
    expect(finding?.path).toBe('resourcesVpcConfig.endpointPrivateAccess');
    expect(finding?.resource).toEqual({ arn: `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod`, type: 'AWS::EKS::Cluster', region: 'us-east-1' });
  });
});

describe('EKS-NET-004 cluster security group', () => {
  it('fails for a legacy cluster without one', () => {
    expect(summary(runAws(eksNet004, cluster({ resourcesVpcConfig: { clusterSecurityGroupId: undefined } })))).toEqual(['fail:low']);
  });
});

describe('EKS-NET-005 control-plane security groups', () => {
  const groups = (rules: unknown[], extra: unknown[] = []) => ({
    ...cluster({ resourcesVpcConfig: { securityGroupIds: ['sg-0add1710000000000'] } }),
    [PATHS.securityGroups]: securityGroupsResponse([securityGroup(CLUSTER_SG, [selfReference(CLUSTER_SG), ...rules]), securityGroup('sg-0add1710000000000', extra)]),
  });
  it('is critical for all traffic, 443 or 10250 from anywhere, high for other ports', () => {
    expect(summary(runAws(eksNet005, groups([fromInternet('-1')])))).toEqual(['fail:critical']);
    expect(summary(runAws(eksNet005, groups([fromInternet('tcp', 10000, 11000)])))).toEqual(['fail:critical']);
    expect(summary(runAws(eksNet005, groups([], [fromInternet('udp', 53)])))).toEqual(['fail:high']);
  });
  it('judges IPv6 ranges and reports one finding per open rule', () => {
    const ipv6 = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, Ipv6Ranges: [{ CidrIpv6: '::/0' }] };
    expect(summary(runAws(eksNet005, groups([ipv6, fromInternet('tcp', 8080)])))).toEqual(['fail:high', 'fail:high']);
  });
  it('passes private sources and skips groups it did not collect', () => {
    const vpcOnly = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] };
    expect(summary(runAws(eksNet005, groups([vpcOnly])))).toEqual(['pass']);
    expect(summary(runAws(eksNet005, { ...cluster({}), [PATHS.securityGroups]: { SecurityGroups: [] } }))).toEqual(['skipped']);
  });
  it('is skipped as a whole when DescribeSecurityGroups was not collected', () => {
    expect(summary(runAws(eksNet005, cluster({})))).toEqual(['skipped']);
  });
});

describe('EKS-NET-006 tightened cluster security group', () => {
  const tightened = (ports: [string, number][]) => ({
    ...cluster({}),
    [PATHS.securityGroups]: securityGroupsResponse([
      securityGroup(
        CLUSTER_SG,
        ports.map(([protocol, port]) => ({ IpProtocol: protocol, FromPort: port, ToPort: port, UserIdGroupPairs: [{ GroupId: CLUSTER_SG }] })),
      ),
    ]),
  });
  it('passes with the minimum rules and names the missing ones', () => {
    expect(summary(runAws(eksNet006, tightened([['tcp', 443], ['tcp', 10250], ['tcp', 53], ['udp', 53]])))).toEqual(['pass']);
    const [finding] = runAws(eksNet006, tightened([['tcp', 443], ['tcp', 10250], ['6', 53]]));
    expect(finding?.status).toBe('fail');
    expect(finding?.message).toContain('udp/53');
    expect(finding?.message).not.toContain('tcp/53');
  });
  it('is not applicable without a cluster security group', () => {
    expect(summary(runAws(eksNet006, { ...cluster({ resourcesVpcConfig: { clusterSecurityGroupId: undefined } }), [PATHS.securityGroups]: { SecurityGroups: [] } }))).toEqual(['not-applicable']);
  });
});

describe('EKS-NET-007 flow logs', () => {
  it('finds the VPC through the subnets when the cluster omits vpcId (moto, old responses)', () => {
    const files = {
      ...cluster({ resourcesVpcConfig: { vpcId: undefined } }),
      [PATHS.subnets]: { Subnets: [{ SubnetId: 'subnet-0a000000000000001', VpcId: 'vpc-0other' }] },
      [PATHS.flowLogs]: { FlowLogs: [{ FlowLogId: 'fl-1', ResourceId: 'vpc-0other', FlowLogStatus: 'ACTIVE' }] },
    };
    expect(summary(runAws(eksNet007, files))).toEqual(['pass']);
  });
  it('skips when the VPC is unknown', () => {
    expect(summary(runAws(eksNet007, { ...cluster({ resourcesVpcConfig: { vpcId: undefined } }), [PATHS.flowLogs]: { FlowLogs: [] } }))).toEqual(['skipped']);
  });
});

describe('EKS-NET-008 network policy enforcement', () => {
  const addon = (configurationValues?: string) => ({ addon: { addonName: 'vpc-cni', clusterName: 'prod', status: 'ACTIVE', ...(configurationValues !== undefined ? { configurationValues } : {}) } });
  it('reads JSON and YAML configuration values, boolean or string', () => {
    expect(summary(runAws(eksNet008, { ...cluster({}), [PATHS.addon('vpc-cni')]: addon('enableNetworkPolicy: true\n') }))).toEqual(['pass']);
    expect(summary(runAws(eksNet008, { ...cluster({}), [PATHS.addon('vpc-cni')]: addon('{"enableNetworkPolicy":"false"}') }))).toEqual(['fail:medium']);
    expect(summary(runAws(eksNet008, { ...cluster({}), [PATHS.addon('vpc-cni')]: addon('{not json') }))).toEqual(['fail:medium']);
  });
  it('accepts another policy engine seen in the cluster, and skips when nothing tells', () => {
    const calico = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: calico-node\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: calico/node}]\n';
    expect(summary(runAws(eksNet008, { ...cluster({}), [PATHS.listAddons]: { addons: [] } }, calico))).toEqual(['pass']);
    expect(summary(runAws(eksNet008, { ...cluster({}), [PATHS.listAddons]: { addons: [] } }))).toEqual(['skipped']);
  });
  it('reads the network-policy agent argument of a self-managed aws-node DaemonSet', () => {
    const awsNode = (args: string) =>
      `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: aws-node\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers:\n        - name: aws-node\n          image: x\n        - name: aws-eks-nodeagent\n          image: y\n          args: [${args}]\n`;
    expect(summary(runAws(eksNet008, { ...cluster({}), [PATHS.listAddons]: { addons: [] } }, awsNode('--enable-network-policy=true, --enable-ipv6=false')))).toEqual(['pass']);
    expect(summary(runAws(eksNet008, { ...cluster({}), [PATHS.listAddons]: { addons: [] } }, awsNode('--enable-network-policy=false')))).toEqual(['fail:medium']);
  });
});
