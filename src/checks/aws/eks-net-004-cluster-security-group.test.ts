import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { clusterSecurityGroupMissing } from './eks-net-004-cluster-security-group.js';
import { PATHS, clusterResponse } from './fixtures.js';

const cluster = (patch: unknown) => ({ [PATHS.cluster]: clusterResponse(patch) });

describe('EKS-NET-004 cluster security group', () => {
  it('fails for a legacy cluster without one', () => {
    expect(summary(runAws(clusterSecurityGroupMissing, cluster({ resourcesVpcConfig: { clusterSecurityGroupId: undefined } })))).toEqual(['fail:low']);
  });
});

testCheck(clusterSecurityGroupMissing, {
  pass: [{ input: { aws: cluster({}) } }],
  fail: [
    { input: { aws: cluster({ resourcesVpcConfig: { clusterSecurityGroupId: undefined } }) }, failures: [{ path: 'resourcesVpcConfig.clusterSecurityGroupId', messageId: 'noClusterSecurityGroup', severity: 'low' }] },
    { input: { aws: cluster({ resourcesVpcConfig: { clusterSecurityGroupId: '' } }) }, failures: [{ path: 'resourcesVpcConfig.clusterSecurityGroupId', messageId: 'noClusterSecurityGroup', severity: 'low' }] },
  ],
});
