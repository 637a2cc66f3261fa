import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { publicRoutes } from './eks-node-005-public-subnets.js';
import { fargateProfileExposure } from './eks-node-007-fargate-profiles.js';
import { PATHS, attachedPolicies, clusterResponse, privateSubnets } from './fixtures.js';

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
