import { describe, expect, it } from 'vitest';
import { instancesResponse as instances, runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { nodeGroupFixture } from './eks-sg-001-kubelet-internet-ingress.js';
import { templateFixture } from './eks-node-001-imdsv2.js';
import { nodesInPublicSubnets, publicRoutes } from './eks-node-005-public-subnets.js';
import { PATHS, fromInternet, privateRoutes, privateSubnets } from './fixtures.js';

describe('EKS-NODE-005 private subnets', () => {
  it('uses the VPC main route table for subnets without an explicit association', () => {
    const mainIsPublic = { RouteTables: [{ ...publicRoutes.RouteTables[0], Associations: [{ Main: true }] }] };
    expect(summary(runAws(nodesInPublicSubnets, { ...templateFixture({}), [PATHS.subnets]: privateSubnets, [PATHS.routeTables]: mainIsPublic }))).toEqual(['fail:medium']);
  });
  it('flags public IPs on launch and on instances', () => {
    const mapPublic = { Subnets: [{ ...privateSubnets.Subnets[0], MapPublicIpOnLaunch: true }] };
    expect(summary(runAws(nodesInPublicSubnets, { ...templateFixture({}), [PATHS.subnets]: mapPublic, [PATHS.routeTables]: privateRoutes }))).toEqual(['fail:medium']);
    const files = { ...templateFixture({}), [PATHS.subnets]: privateSubnets, [PATHS.routeTables]: privateRoutes, [PATHS.instances]: instances([{}], { PublicIpAddress: '203.0.113.9' }) };
    expect(runAws(nodesInPublicSubnets, files)[0]?.message).toContain('public IP');
  });
  it('is high when the node security groups also admit the internet', () => {
    const files = { ...nodeGroupFixture([fromInternet('tcp', 8080)]), [PATHS.subnets]: privateSubnets, [PATHS.routeTables]: publicRoutes };
    expect(summary(runAws(nodesInPublicSubnets, files))).toEqual(['fail:high']);
  });
  it('skips subnets it did not collect', () => {
    expect(summary(runAws(nodesInPublicSubnets, { ...templateFixture({}), [PATHS.subnets]: { Subnets: [] }, [PATHS.routeTables]: privateRoutes }))).toEqual(['skipped']);
  });
});

const PUBLIC_ROUTE = 'routes 0.0.0.0/0 to an internet gateway (rtb-0public)';
const network = (subnets: unknown, routes: unknown, base: Record<string, unknown> = templateFixture({})) => ({ ...base, [PATHS.subnets]: subnets, [PATHS.routeTables]: routes });

testCheck(nodesInPublicSubnets, {
  pass: [{ input: { aws: network(privateSubnets, privateRoutes) } }],
  fail: [
    { input: { aws: network(privateSubnets, publicRoutes) }, failures: [{ path: 'nodegroup.subnets', messageId: 'publicSubnet', data: { subnet: 'subnet-0a000000000000001', reasons: PUBLIC_ROUTE }, severity: 'medium' }] },
    {
      input: { aws: network({ Subnets: [{ ...privateSubnets.Subnets[0], MapPublicIpOnLaunch: true }] }, publicRoutes) },
      failures: [{ path: 'nodegroup.subnets', messageId: 'publicSubnet', data: { subnet: 'subnet-0a000000000000001', reasons: `${PUBLIC_ROUTE} and assigns public IPs on launch` }, severity: 'medium' }],
    },
    { input: { aws: network(privateSubnets, privateRoutes, templateFixture({ NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true }] })) }, failures: [{ path: 'nodegroup.subnets', messageId: 'publicIpTemplate', severity: 'medium' }] },
    {
      input: { aws: { ...network(privateSubnets, privateRoutes), [PATHS.instances]: instances([{}], { PublicIpAddress: '203.0.113.9' }) } },
      failures: [{ path: 'nodegroup.subnets', messageId: 'publicIpInstances', data: { instances: 'i-00' }, severity: 'medium' }],
    },
    // the security groups admitting the internet are listed after the exposures (internetIngress), and make it high
    {
      input: { aws: network(privateSubnets, publicRoutes, nodeGroupFixture([fromInternet('tcp', 8080)])) },
      failures: [{ path: 'nodegroup.subnets', messageId: 'publicSubnet', data: { subnet: 'subnet-0a000000000000001', reasons: PUBLIC_ROUTE }, severity: 'high' }],
    },
  ],
});

describe('EKS-NODE-005 lists every exposure in one finding', () => {
  it('names the public subnet, then the internet-open security groups, and is high', () => {
    const [finding] = runAws(nodesInPublicSubnets, network(privateSubnets, publicRoutes, nodeGroupFixture([fromInternet('tcp', 8080)])));
    expect(finding).toMatchObject({ status: 'fail', severity: 'high', messageId: 'publicSubnet', path: 'nodegroup.subnets' });
    expect(finding!.message).toBe(`subnet subnet-0a000000000000001 ${PUBLIC_ROUTE}; the node security groups admit traffic from the internet`);
  });
  it('bounds the list: nine exposures at most, then how many more', () => {
    const ids = Array.from({ length: 12 }, (_, index) => `subnet-0${String(index).padStart(2, '0')}`);
    const files = {
      ...templateFixture({}, { subnets: ids }),
      [PATHS.subnets]: { Subnets: ids.map((id) => ({ SubnetId: id, VpcId: 'vpc-0fedcba9876543210', MapPublicIpOnLaunch: true })) },
      [PATHS.routeTables]: privateRoutes,
    };
    const [finding] = runAws(nodesInPublicSubnets, files);
    expect(finding!.message.split('; ')).toHaveLength(10);
    expect(finding!.message).toMatch(/; and 3 more$/);
  });
});
