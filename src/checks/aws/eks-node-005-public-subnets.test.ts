import { describe, expect, it } from 'vitest';
import { instancesResponse as instances, runAws, summary } from '../../../test/helpers/aws.js';
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
