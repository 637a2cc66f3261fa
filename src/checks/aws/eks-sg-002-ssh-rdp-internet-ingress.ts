import { defineCheck, fail, pass, type Verdict } from '../../core/check.js';
import { fieldPath, listItem } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { NodegroupModel } from '../../aws/models.js';
import { coversPort, describePorts, internetIngress } from '../../aws/network.js';
import { EKS_BPG, skipped } from '../../aws/verdicts.js';
import { awsView, nodegroups } from '../../aws/view.js';
import { awsExample } from './example.js';
import { fromInternet } from './fixtures.js';
import { nodeGroupFixture } from './eks-sg-001-kubelet-internet-ingress.js';

/**
 * EKS-SG-002: fails when a node security group admits SSH (22) or RDP (3389) from the internet.
 */
export const remoteAccessInternetIngress = defineCheck<NodegroupModel>({
  id: 'EKS-SG-002',
  title: 'SSH and RDP to the nodes must not be open to the internet',
  area: 'data-plane',
  severity: 'high',
  target: nodegroups,
  needs: [AWS_KEYS.cluster, AWS_KEYS.nodegroups, AWS_KEYS.securityGroups, AWS_KEYS.launchTemplates],
  rationale:
    'SSH (22) or RDP (3389) from 0.0.0.0/0 exposes every node to credential stuffing and SSH/RDP vulnerabilities; a shell on a node reaches every pod on it, the kubelet credentials and the node IAM role. A managed node group with an SSH key and no source security groups gets exactly such a rule from EKS.',
  remediation:
    'Remove the rules, and reach nodes through SSM Session Manager instead of SSH. For managed node groups, drop `remoteAccess` or give it `sourceSecurityGroups`.',
  messages: {
    remoteAccessOpen: 'remote access with key {{key}} and no source security groups: EKS opens SSH to 0.0.0.0/0',
    internetIngress: 'node security group {{group}} admits {{ports}} (SSH/RDP) from {{cidr}}',
  },
  references: [`${EKS_BPG}/protecting-the-infrastructure.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample(nodeGroupFixture([]))],
    fail: [awsExample(nodeGroupFixture([fromInternet('tcp', 22)])), awsExample(nodeGroupFixture([fromInternet('tcp', 3000, 3500)]))],
  }),
  evaluate(nodegroup, ctx) {
    const view = awsView(ctx);
    const verdicts: Verdict[] = [];
    // EKS opens 22 to 0.0.0.0/0 itself when a key is given without source groups (DescribeNodegroup API docs)
    if (nodegroup.remoteAccess?.ec2SshKey && nodegroup.remoteAccess.sourceSecurityGroups.length === 0) {
      verdicts.push(fail({ messageId: 'remoteAccessOpen', data: { key: nodegroup.remoteAccess.ec2SshKey }, path: fieldPath('nodegroup', 'remoteAccess') }));
    }
    const ids = view.nodeGroups(nodegroup);
    const groups = ids.map((id) => view.securityGroup(id)).filter((group) => group !== undefined);
    for (const { group, rule, cidr } of internetIngress(groups)) {
      if (coversPort(rule, 'tcp', 22) || coversPort(rule, 'tcp', 3389)) {
        verdicts.push(fail({ messageId: 'internetIngress', data: { group: group.id, ports: describePorts(rule), cidr }, path: fieldPath('SecurityGroups', listItem('GroupId', group.id), 'IpPermissions') }));
      }
    }
    if (verdicts.length > 0) return verdicts;
    if (groups.length === 0) return skipped(ids.length ? `security groups ${ids.join(', ')} were not found in the collected data` : 'the node security groups are not known');
    return pass(`no SSH/RDP from the internet on ${groups.map((group) => group.id).join(', ')}`);
  },
});
