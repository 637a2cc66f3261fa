import { defineCheck, fail, pass, type Verdict } from '../../core/check.js';
import { fieldPath, listItem } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { NodegroupModel } from '../../aws/models.js';
import { coversAllPorts, coversPort, describePorts, internetIngress } from '../../aws/network.js';
import { EKS_BPG, skipped } from '../../aws/verdicts.js';
import { awsView, nodegroups } from '../../aws/view.js';
import { awsExample } from './example.js';
import { NODE_SG, PATHS, clusterResponse, fromInternet, launchTemplateResponse, nodegroupResponse, securityGroup, securityGroupsResponse, selfReference } from './fixtures.js';

export function nodeGroupFixture(nodeIngress: unknown[]): Record<string, unknown> {
  return {
    [PATHS.cluster]: clusterResponse(),
    [PATHS.nodegroup()]: nodegroupResponse(),
    [PATHS.launchTemplate()]: launchTemplateResponse({ SecurityGroupIds: [NODE_SG] }),
    [PATHS.securityGroups]: securityGroupsResponse([securityGroup(NODE_SG, [selfReference(NODE_SG), ...nodeIngress])]),
  };
}

/**
 * EKS-SG-001: fails (critical) when a node security group admits the kubelet port 10250 or all
 * traffic from the internet.
 */
export const kubeletInternetIngress = defineCheck<NodegroupModel>({
  id: 'EKS-SG-001',
  title: 'Node security groups must not open the kubelet or all ports to the internet',
  area: 'data-plane',
  severity: 'critical',
  target: nodegroups,
  needs: [AWS_KEYS.cluster, AWS_KEYS.nodegroups, AWS_KEYS.securityGroups, AWS_KEYS.launchTemplates],
  rationale:
    'A node security group that admits 0.0.0.0/0 or ::/0 on all ports or on TCP 10250 puts the kubelet API, NodePorts and every hostPort on the internet. The kubelet authenticates requests, but any misconfiguration or kubelet vulnerability then becomes remotely exploitable.',
  remediation: 'Remove the internet-wide rules from the node security groups; admit the control plane by the cluster security group and load balancers by their own security groups.',
  messages: { internetIngress: 'node security group {{group}} admits {{ports}} from {{cidr}}' },
  references: [`${EKS_BPG}/network-security.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample(nodeGroupFixture([]))],
    fail: [awsExample(nodeGroupFixture([fromInternet('tcp', 10250)])), awsExample(nodeGroupFixture([fromInternet('-1')]))],
  }),
  evaluate(nodegroup, ctx) {
    const view = awsView(ctx);
    const ids = view.nodeGroups(nodegroup);
    const groups = ids.map((id) => view.securityGroup(id)).filter((group) => group !== undefined);
    if (groups.length === 0) return skipped(ids.length ? `security groups ${ids.join(', ')} were not found in the collected data` : 'the node security groups are not known');
    const verdicts: Verdict[] = internetIngress(groups)
      .filter(({ rule }) => coversAllPorts(rule) || coversPort(rule, 'tcp', 10250))
      .map(({ group, rule, cidr }) =>
        fail({ messageId: 'internetIngress', data: { group: group.id, ports: describePorts(rule), cidr }, path: fieldPath('SecurityGroups', listItem('GroupId', group.id), 'IpPermissions') }),
      );
    return verdicts.length > 0 ? verdicts : pass(`no internet ingress to the kubelet or all ports on ${groups.map((group) => group.id).join(', ')}`);
  },
});
