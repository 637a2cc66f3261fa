import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { controlPlaneInternetIngress } from './eks-net-005-control-plane-internet-ingress.js';
import { CLUSTER_SG, PATHS, clusterResponse, fromInternet, securityGroup, securityGroupsResponse, selfReference } from './fixtures.js';

const cluster = (patch: unknown) => ({ [PATHS.cluster]: clusterResponse(patch) });

describe('EKS-NET-005 control-plane security groups', () => {
  const groups = (rules: unknown[], extra: unknown[] = []) => ({
    ...cluster({ resourcesVpcConfig: { securityGroupIds: ['sg-0add1710000000000'] } }),
    [PATHS.securityGroups]: securityGroupsResponse([securityGroup(CLUSTER_SG, [selfReference(CLUSTER_SG), ...rules]), securityGroup('sg-0add1710000000000', extra)]),
  });
  it('is critical for all traffic, 443 or 10250 from anywhere, high for other ports', () => {
    expect(summary(runAws(controlPlaneInternetIngress, groups([fromInternet('-1')])))).toEqual(['fail:critical']);
    expect(summary(runAws(controlPlaneInternetIngress, groups([fromInternet('tcp', 10000, 11000)])))).toEqual(['fail:critical']);
    expect(summary(runAws(controlPlaneInternetIngress, groups([], [fromInternet('udp', 53)])))).toEqual(['fail:high']);
  });
  it('judges IPv6 ranges and reports one finding per open rule', () => {
    const ipv6 = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, Ipv6Ranges: [{ CidrIpv6: '::/0' }] };
    expect(summary(runAws(controlPlaneInternetIngress, groups([ipv6, fromInternet('tcp', 8080)])))).toEqual(['fail:high', 'fail:high']);
  });
  it('passes private sources and skips groups it did not collect', () => {
    const vpcOnly = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] };
    expect(summary(runAws(controlPlaneInternetIngress, groups([vpcOnly])))).toEqual(['pass']);
    expect(summary(runAws(controlPlaneInternetIngress, { ...cluster({}), [PATHS.securityGroups]: { SecurityGroups: [] } }))).toEqual(['skipped']);
  });
  it('is skipped as a whole when DescribeSecurityGroups was not collected', () => {
    expect(summary(runAws(controlPlaneInternetIngress, cluster({})))).toEqual(['skipped']);
  });
});

const additional = 'sg-0add1710000000000';
const controlPlane = (rules: unknown[], extra: unknown[] = []) => ({
  ...cluster({ resourcesVpcConfig: { securityGroupIds: [additional] } }),
  [PATHS.securityGroups]: securityGroupsResponse([securityGroup(CLUSTER_SG, [selfReference(CLUSTER_SG), ...rules]), securityGroup(additional, extra)]),
});
const ingressOf = (group: string) => `SecurityGroups[GroupId="${group}"].IpPermissions`;

testCheck(controlPlaneInternetIngress, {
  pass: [{ input: { aws: controlPlane([{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }]) } }],
  fail: [
    { input: { aws: controlPlane([fromInternet('tcp', 443)]) }, failures: [{ path: ingressOf(CLUSTER_SG), messageId: 'internetIngress', data: { group: CLUSTER_SG, ports: 'tcp/443', cidr: '0.0.0.0/0' }, severity: 'critical' }] },
    {
      input: { aws: controlPlane([], [fromInternet('udp', 53), { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }]) },
      failures: [
        { path: ingressOf(additional), messageId: 'internetIngress', data: { group: additional, ports: 'udp/53', cidr: '0.0.0.0/0' }, severity: 'high' },
        { path: ingressOf(additional), messageId: 'internetIngress', data: { group: additional, ports: 'tcp/22', cidr: '::/0' }, severity: 'high' },
      ],
    },
  ],
});
