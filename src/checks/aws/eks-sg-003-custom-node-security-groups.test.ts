import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { nodeGroupFixture } from './eks-sg-001-kubelet-internet-ingress.js';
import { customNodeSecurityGroups } from './eks-sg-003-custom-node-security-groups.js';
import { templateFixture } from './eks-node-001-imdsv2.js';
import { CLUSTER_SG, NODE_SG, PATHS, securityGroup, securityGroupsResponse, selfReference } from './fixtures.js';

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

const fromGroup = (port: number, group: string) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, UserIdGroupPairs: [{ GroupId: group }] });
const customGroups = (nodeIngress: unknown[], clusterIngress: unknown[]) => ({
  ...templateFixture({ SecurityGroupIds: [NODE_SG] }),
  [PATHS.securityGroups]: securityGroupsResponse([securityGroup(NODE_SG, [selfReference(NODE_SG), ...nodeIngress]), securityGroup(CLUSTER_SG, [selfReference(CLUSTER_SG), ...clusterIngress])]),
});
const SECURITY_GROUP_IDS = 'LaunchTemplateData.SecurityGroupIds';

testCheck(customNodeSecurityGroups, {
  pass: [{ input: { aws: customGroups([fromGroup(10250, CLUSTER_SG)], [fromGroup(443, NODE_SG)]) } }],
  fail: [
    { input: { aws: customGroups([], [fromGroup(443, NODE_SG)]) }, failures: [{ path: SECURITY_GROUP_IDS, messageId: 'kubeletClosed', data: { groups: NODE_SG }, severity: 'low' }] },
    { input: { aws: customGroups([fromGroup(10250, CLUSTER_SG)], []) }, failures: [{ path: SECURITY_GROUP_IDS, messageId: 'apiClosed', data: { groups: CLUSTER_SG }, severity: 'low' }] },
  ],
});

describe('EKS-SG-003 names both directions in one finding', () => {
  it('lists the closed kubelet port, then the closed API port', () => {
    const [finding] = runAws(customNodeSecurityGroups, customGroups([], []));
    expect(finding).toMatchObject({ status: 'fail', messageId: 'kubeletClosed', path: SECURITY_GROUP_IDS });
    expect(finding!.message).toBe(`the node groups ${NODE_SG} do not admit TCP 10250 from the control plane; the control-plane groups ${CLUSTER_SG} do not admit TCP 443 from the nodes`);
  });
});
