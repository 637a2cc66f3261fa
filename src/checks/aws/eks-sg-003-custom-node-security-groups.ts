import { defineCheck, fail, notApplicable, pass } from '../../core/check.js';
import type { MessageRef } from '../../core/message.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { NodegroupModel, SecurityGroupModel } from '../../aws/models.js';
import { coversPort } from '../../aws/network.js';
import { EKS_UG, skipped } from '../../aws/verdicts.js';
import { awsView, nodegroups } from '../../aws/view.js';
import { awsExample } from './example.js';
import { ACCOUNT, CLUSTER_SG, NODE_SG, PATHS, clusterResponse, launchTemplateResponse, nodegroupResponse, securityGroup, securityGroupsResponse, selfReference } from './fixtures.js';

function admits(groups: readonly SecurityGroupModel[], port: number, from: readonly string[]): boolean {
  return groups.some((group) =>
    group.ingress.some((rule) => coversPort(rule, 'tcp', port) && (rule.groupIds.some((id) => from.includes(id)) || rule.cidrs.length > 0 || rule.prefixListIds.length > 0)),
  );
}

const fromGroup = (port: number, group: string) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, UserIdGroupPairs: [{ GroupId: group, UserId: ACCOUNT }] });

function fixture(nodeIngress: unknown[], clusterIngress: unknown[]): Record<string, unknown> {
  return {
    [PATHS.cluster]: clusterResponse(),
    [PATHS.nodegroup()]: nodegroupResponse(),
    [PATHS.launchTemplate()]: launchTemplateResponse({ SecurityGroupIds: [NODE_SG] }),
    [PATHS.securityGroups]: securityGroupsResponse([
      securityGroup(NODE_SG, [selfReference(NODE_SG), ...nodeIngress]),
      securityGroup(CLUSTER_SG, [selfReference(CLUSTER_SG), ...clusterIngress]),
    ]),
  };
}

/**
 * EKS-SG-003: fails when the custom security groups of a node group do not admit TCP 10250 from the
 * control plane.
 */
export const customNodeSecurityGroups = defineCheck<NodegroupModel>({
  id: 'EKS-SG-003',
  title: 'Custom node security groups must admit the control plane\'s traffic',
  area: 'data-plane',
  severity: 'low',
  target: nodegroups,
  needs: [AWS_KEYS.cluster, AWS_KEYS.nodegroups, AWS_KEYS.securityGroups, AWS_KEYS.launchTemplates],
  rationale:
    'When a launch template names its own security groups, EKS no longer attaches the cluster security group to the nodes. The custom groups must then admit TCP 10250 from the control plane, and the control-plane groups must admit TCP 443 from the nodes, or nodes fail to join and kubectl logs/exec and webhooks break. Such outages tend to be fixed by opening far more than needed.',
  remediation:
    'Admit TCP 10250 (and the webhook ports your add-ons use) from the cluster security group on the node groups, and TCP 443 from the node groups on the cluster security group; or add the cluster security group to the launch template.',
  messages: {
    kubeletClosed: 'the node groups {{groups}} do not admit TCP 10250 from the control plane',
    apiClosed: 'the control-plane groups {{groups}} do not admit TCP 443 from the nodes',
  },
  references: [`${EKS_UG}/launch-templates.html`, `${EKS_UG}/sec-group-reqs.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample(fixture([fromGroup(10250, CLUSTER_SG)], [fromGroup(443, NODE_SG)]))],
    fail: [awsExample(fixture([], [fromGroup(443, NODE_SG)]))],
  }),
  evaluate(nodegroup, ctx) {
    const view = awsView(ctx);
    const template = view.launchTemplateOf(nodegroup);
    if (!nodegroup.launchTemplate) return notApplicable('no launch template: EKS attaches the cluster security group');
    if (!template) return skipped('the launch template version was not found in the collected data');
    if (template.securityGroupIds.length === 0) return notApplicable('the launch template names no security groups: EKS attaches the cluster security group');
    const cluster = view.clusterOf(nodegroup);
    const controlPlane = cluster ? view.controlPlaneGroups(cluster) : [];
    if (template.securityGroupIds.some((id) => controlPlane.includes(id))) return pass('the launch template includes a control-plane security group');
    const nodeGroups = template.securityGroupIds.map((id) => view.securityGroup(id)).filter((group) => group !== undefined);
    const planeGroups = controlPlane.map((id) => view.securityGroup(id)).filter((group) => group !== undefined);
    if (nodeGroups.length === 0 || planeGroups.length === 0) return skipped('the node or control-plane security groups were not found in the collected data');
    const problems: MessageRef[] = [];
    if (!admits(nodeGroups, 10250, controlPlane)) problems.push({ messageId: 'kubeletClosed', data: { groups: template.securityGroupIds.join(', ') } });
    if (!admits(planeGroups, 443, template.securityGroupIds)) problems.push({ messageId: 'apiClosed', data: { groups: controlPlane.join(', ') } });
    const [first, ...more] = problems;
    if (!first) return pass('the custom node security groups allow control-plane traffic');
    return fail({ ...first, ...(more.length > 0 ? { more } : {}), path: fieldPath('LaunchTemplateData', 'SecurityGroupIds') });
  },
});
