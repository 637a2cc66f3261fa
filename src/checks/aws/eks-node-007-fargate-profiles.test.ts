import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { publicRoutes } from './eks-node-005-public-subnets.js';
import { fargateProfileExposure } from './eks-node-007-fargate-profiles.js';
import { PATHS, attachedPolicies, clusterResponse, privateRoutes, privateSubnets, roleJson } from './fixtures.js';

describe('EKS-NODE-007 Fargate profiles', () => {
  it('flags public subnets', () => {
    const [example] = fargateProfileExposure.examples.pass;
    expect(example).toBeDefined();
    const files = {
      [PATHS.cluster]: clusterResponse(),
      [PATHS.fargate()]: { fargateProfile: { fargateProfileName: 'batch', clusterName: 'prod', subnets: ['subnet-0a000000000000001'], podExecutionRoleArn: 'arn:aws:iam::111122223333:role/missing' } },
      [PATHS.subnets]: privateSubnets,
      [PATHS.routeTables]: publicRoutes,
      [PATHS.roles]: { Roles: [] },
      [PATHS.attachedPolicies('missing')]: attachedPolicies([]),
      [PATHS.rolePolicies('missing')]: { PolicyNames: [] },
    };
    expect(summary(runAws(fargateProfileExposure, files))).toEqual(['fail:low']);
  });
});

const FARGATE_POLICY = 'arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy';
const fargate = (options: { routes?: unknown; policies?: string[]; inline?: string[] } = {}) => ({
  [PATHS.cluster]: clusterResponse(),
  [PATHS.fargate()]: { fargateProfile: { fargateProfileName: 'batch', clusterName: 'prod', subnets: ['subnet-0a000000000000001'], podExecutionRoleArn: 'arn:aws:iam::111122223333:role/fargate-pods', selectors: [{ namespace: 'batch' }] } },
  [PATHS.subnets]: privateSubnets,
  [PATHS.routeTables]: options.routes ?? privateRoutes,
  [PATHS.roles]: { Roles: [roleJson('fargate-pods', {})] },
  [PATHS.attachedPolicies('fargate-pods')]: attachedPolicies(options.policies ?? [FARGATE_POLICY]),
  [PATHS.rolePolicies('fargate-pods')]: { PolicyNames: options.inline ?? [] },
});

testCheck(fargateProfileExposure, {
  pass: [{ input: { aws: fargate() } }],
  fail: [
    {
      input: { aws: fargate({ routes: publicRoutes }) },
      failures: [{ path: 'fargateProfile.subnets', messageId: 'publicSubnet', data: { subnet: 'subnet-0a000000000000001', reasons: 'routes 0.0.0.0/0 to an internet gateway (rtb-0public)' }, severity: 'low' }],
    },
    {
      input: { aws: fargate({ policies: [FARGATE_POLICY, 'arn:aws:iam::aws:policy/AmazonS3FullAccess', 'arn:aws:iam::111122223333:policy/AmazonEKSFargatePodExecutionRolePolicy'], inline: ['extra'] }) },
      failures: [
        { path: 'podExecutionRoleArn', messageId: 'extraPolicies', data: { role: 'fargate-pods', policies: 'arn:aws:iam::aws:policy/AmazonS3FullAccess, arn:aws:iam::111122223333:policy/AmazonEKSFargatePodExecutionRolePolicy' }, severity: 'low' },
        { path: 'podExecutionRoleArn', messageId: 'inlinePolicies', data: { role: 'fargate-pods', policies: 'extra' }, severity: 'low' },
      ],
    },
  ],
});
