import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { eksNet004 } from './eks-net-004.js';
import { PATHS, clusterResponse } from './fixtures.js';

const cluster = (patch: unknown) => ({ [PATHS.cluster]: clusterResponse(patch) });

describe('EKS-NET-004 cluster security group', () => {
  it('fails for a legacy cluster without one', () => {
    expect(summary(runAws(eksNet004, cluster({ resourcesVpcConfig: { clusterSecurityGroupId: undefined } })))).toEqual(['fail:low']);
  });
});
