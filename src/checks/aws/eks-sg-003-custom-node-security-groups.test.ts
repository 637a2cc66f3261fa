import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { nodeGroupFixture } from './eks-sg-001-kubelet-internet-ingress.js';
import { customNodeSecurityGroups } from './eks-sg-003-custom-node-security-groups.js';
import { templateFixture } from './eks-node-001-imdsv2.js';
import { CLUSTER_SG, PATHS, securityGroupsResponse } from './fixtures.js';

describe('EKS-SG-003 custom node security groups', () => {
  it('is not applicable when the template names no groups or includes the cluster group', () => {
    expect(summary(runAws(customNodeSecurityGroups, { ...templateFixture({}), [PATHS.securityGroups]: securityGroupsResponse() }))).toEqual(['not-applicable']);
    const withCluster = { ...nodeGroupFixture([]), [PATHS.launchTemplate()]: { LaunchTemplateVersions: [{ LaunchTemplateId: 'lt-0abc1234def567890', VersionNumber: 3, LaunchTemplateData: { SecurityGroupIds: [CLUSTER_SG] } }] } };
    expect(summary(runAws(customNodeSecurityGroups, withCluster))).toEqual(['pass']);
  });
  it('skips when the template version was not collected', () => {
    const files = { ...templateFixture({}, { launchTemplate: { id: 'lt-0abc1234def567890', version: '9' } }), [PATHS.securityGroups]: securityGroupsResponse() };
    expect(summary(runAws(customNodeSecurityGroups, files))).toEqual(['skipped']);
  });
});
