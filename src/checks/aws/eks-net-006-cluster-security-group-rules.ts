import { defineCheck, fail, notApplicable, pass } from '../../core/check.js';
import { fieldPath, listItem } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel, SecurityGroupModel } from '../../aws/models.js';
import { coversPort, normaliseProtocol } from '../../aws/network.js';
import { EKS_UG, skipped } from '../../aws/verdicts.js';
import { awsView, clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { ACCOUNT, CLUSTER_SG, PATHS, clusterResponse, securityGroup, securityGroupsResponse } from './fixtures.js';

/** The minimum rules of a tightened cluster security group (EKS user guide, sec-group-reqs). */
const MINIMUM: readonly { protocol: 'tcp' | 'udp'; port: number; why: string }[] = [
  { protocol: 'tcp', port: 443, why: 'kubelets and pods to the API server' },
  { protocol: 'tcp', port: 10250, why: 'API server to kubelet (logs, exec, metrics)' },
  { protocol: 'tcp', port: 53, why: 'DNS to CoreDNS' },
  { protocol: 'udp', port: 53, why: 'DNS to CoreDNS' },
];

function selfAllowsEverything(group: SecurityGroupModel): boolean {
  return group.ingress.some((rule) => normaliseProtocol(rule.protocol) === '-1' && rule.groupIds.includes(group.id));
}

function selfAllows(group: SecurityGroupModel, protocol: 'tcp' | 'udp', port: number): boolean {
  return group.ingress.some((rule) => rule.groupIds.includes(group.id) && coversPort(rule, protocol, port));
}

const tightened = (id: string) =>
  securityGroup(id, [
    { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: id, UserId: ACCOUNT }] },
    { IpProtocol: 'tcp', FromPort: 10250, ToPort: 10250, UserIdGroupPairs: [{ GroupId: id, UserId: ACCOUNT }] },
  ]);

/**
 * EKS-NET-006: not applicable without a cluster security group; passes with its default
 * self-referencing all-traffic rule; fails when a tightened group lacks a self-referencing rule for
 * tcp/443, tcp/10250 or DNS (tcp and udp 53).
 */
export const clusterSecurityGroupRules = defineCheck<ClusterModel>({
  id: 'EKS-NET-006',
  title: 'A tightened cluster security group must keep the rules nodes and control plane need',
  area: 'data-plane',
  severity: 'low',
  target: clusters,
  needs: [AWS_KEYS.cluster, AWS_KEYS.securityGroups],
  rationale:
    'When the default self-referencing all-traffic rule of the cluster security group is replaced by narrower rules, nodes and control plane still need TCP 443, TCP 10250 and DNS (TCP and UDP 53) between them. A missing rule breaks node registration, kubectl logs/exec, metrics or DNS, and such outages push teams to re-open the group far wider than needed. This is a connectivity risk, not an exposure.',
  remediation:
    'Add self-referencing ingress rules on the cluster security group for TCP 443, TCP 10250 and TCP+UDP 53 (or restore the default self-referencing all-traffic rule, which EKS recreates if deleted).',
  messages: { missingRules: 'cluster security group {{group}} has no self-referencing ingress for {{rules}}' },
  references: [`${EKS_UG}/sec-group-reqs.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.securityGroups]: securityGroupsResponse() })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.securityGroups]: securityGroupsResponse([tightened(CLUSTER_SG)]) })],
  }),
  evaluate(cluster, ctx) {
    if (!cluster.clusterSecurityGroupId) return notApplicable('no EKS-managed cluster security group (see EKS-NET-004 and EKS-SG-003)');
    const group = awsView(ctx).securityGroup(cluster.clusterSecurityGroupId);
    if (!group) return skipped(`security group ${cluster.clusterSecurityGroupId} was not found in the collected data`);
    if (selfAllowsEverything(group)) return pass('the default self-referencing all-traffic rule is in place');
    const missing = MINIMUM.filter((rule) => !selfAllows(group, rule.protocol, rule.port));
    if (missing.length === 0) return pass('the minimum node/control-plane rules are in place');
    return fail({
      messageId: 'missingRules',
      data: { group: group.id, rules: missing.map((rule) => `${rule.protocol}/${rule.port} (${rule.why})`).join(', ') },
      path: fieldPath('SecurityGroups', listItem('GroupId', group.id), 'IpPermissions'),
    });
  },
});
