import { defineCheck, fail, pass, type Verdict } from '../../core/check.js';
import { fieldPath, listItem } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { coversAllPorts, coversPort, describePorts, internetIngress } from '../../aws/network.js';
import { EKS_UG, skipped } from '../../aws/verdicts.js';
import { awsView, clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { CLUSTER_SG, PATHS, clusterResponse, fromInternet, securityGroup, securityGroupsResponse, selfReference } from './fixtures.js';

/**
 * EKS-NET-005: fails for each control-plane security group rule that admits traffic from 0.0.0.0/0
 * or ::/0.
 */
export const controlPlaneInternetIngress = defineCheck<ClusterModel>({
  id: 'EKS-NET-005',
  title: 'Control-plane security groups must not admit traffic from the internet',
  area: 'data-plane',
  severity: 'high',
  target: clusters,
  needs: [AWS_KEYS.cluster, AWS_KEYS.securityGroups],
  rationale:
    'The cluster security group sits on the control-plane ENIs and, by default, on every managed node. An ingress rule from 0.0.0.0/0 or ::/0 on it opens the API server ENIs and the nodes (kubelet on 10250, NodePorts, anything listening) to the internet. EKS creates it with a single self-referencing rule.',
  remediation:
    'Remove the internet-wide ingress rules from the cluster security group and the additional control-plane groups; allow only the VPC peers that need the API (a bastion, CI runners) by security group or a narrow CIDR.',
  messages: { internetIngress: 'control-plane security group {{group}} admits {{ports}} from {{cidr}}' },
  references: [`${EKS_UG}/sec-group-reqs.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.securityGroups]: securityGroupsResponse() })],
    fail: [
      awsExample({
        [PATHS.cluster]: clusterResponse(),
        [PATHS.securityGroups]: securityGroupsResponse([securityGroup(CLUSTER_SG, [selfReference(CLUSTER_SG), fromInternet('tcp', 443)])]),
      }),
    ],
  }),
  evaluate(cluster, ctx) {
    const view = awsView(ctx);
    const ids = view.controlPlaneGroups(cluster);
    if (ids.length === 0) return skipped('the response names no control-plane security group');
    const groups = ids.map((id) => view.securityGroup(id)).filter((group) => group !== undefined);
    const unknown = ids.filter((id) => !view.securityGroup(id));
    const verdicts: Verdict[] = internetIngress(groups).map(({ group, rule, cidr }) => {
      const severe = coversAllPorts(rule) || coversPort(rule, 'tcp', 443) || coversPort(rule, 'tcp', 10250);
      return fail({
        messageId: 'internetIngress',
        data: { group: group.id, ports: describePorts(rule), cidr },
        path: fieldPath('SecurityGroups', listItem('GroupId', group.id), 'IpPermissions'),
        ...(severe ? { severity: 'critical' as const } : {}),
      });
    });
    if (verdicts.length > 0) return verdicts;
    if (groups.length === 0) return skipped(`security groups ${unknown.join(', ')} were not found in the collected data`);
    return pass(`no internet ingress on ${groups.map((group) => group.id).join(', ')}${unknown.length ? ` (not found: ${unknown.join(', ')})` : ''}`);
  },
});
