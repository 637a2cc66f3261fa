import { defineCheck, fail, notApplicable, pass, type Verdict } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { NodegroupModel } from '../../aws/models.js';
import { EKS_BPG } from '../../aws/verdicts.js';
import { awsView, nodegroups } from '../../aws/view.js';
import { awsExample } from './example.js';
import { templateFixture } from './eks-node-001-imdsv2.js';

/**
 * EKS-NODE-003: fails when a launch template installs an SSH key, or a node group has remote access
 * (high when no source security group limits it).
 */
export const nodeSshAccess = defineCheck<NodegroupModel>({
  id: 'EKS-NODE-003',
  title: 'Node groups should not allow SSH remote access',
  area: 'nodes',
  severity: 'medium',
  target: nodegroups,
  needs: [AWS_KEYS.cluster, AWS_KEYS.nodegroups, AWS_KEYS.launchTemplates],
  rationale:
    'An SSH key on the nodes is a standing credential into every node: whoever holds it gets root next to every pod, the kubelet credentials and the node role. Nodes should be immutable and reached, if ever, through SSM Session Manager, which is authorised and logged through IAM.',
  remediation:
    'Create node groups without `remoteAccess` and without `KeyName` in the launch template; use SSM Session Manager (AmazonSSMManagedInstanceCore on the node role) for break-glass access.',
  messages: {
    sshFromAnywhere: 'remote access with SSH key {{key}} from anywhere (no source security groups: EKS opens port 22 to 0.0.0.0/0)',
    sshFromGroups: 'remote access with SSH key {{key}} from {{groups}}',
    launchTemplateKey: 'the launch template installs SSH key {{key}}',
  },
  references: [`${EKS_BPG}/protecting-the-infrastructure.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample(templateFixture({}))],
    fail: [
      awsExample(templateFixture({ KeyName: 'ops-keypair' })),
      awsExample(templateFixture({}, { launchTemplate: undefined, remoteAccess: { ec2SshKey: 'ops-keypair', sourceSecurityGroups: [] } })),
    ],
  }),
  evaluate(nodegroup, ctx) {
    const view = awsView(ctx);
    if (view.clusterOf(nodegroup)?.autoMode) return notApplicable('EKS Auto Mode nodes take no SSH keys');
    const verdicts: Verdict[] = [];
    const key = nodegroup.remoteAccess?.ec2SshKey;
    if (key) {
      const open = nodegroup.remoteAccess!.sourceSecurityGroups.length === 0;
      verdicts.push(
        open
          ? fail({ messageId: 'sshFromAnywhere', data: { key }, path: fieldPath('nodegroup', 'remoteAccess', 'ec2SshKey'), severity: 'high' })
          : fail({ messageId: 'sshFromGroups', data: { key, groups: nodegroup.remoteAccess!.sourceSecurityGroups.join(', ') }, path: fieldPath('nodegroup', 'remoteAccess', 'ec2SshKey') }),
      );
    }
    const template = view.launchTemplateOf(nodegroup);
    if (template?.keyName) verdicts.push(fail({ messageId: 'launchTemplateKey', data: { key: template.keyName }, path: fieldPath('LaunchTemplateData', 'KeyName') }));
    return verdicts.length > 0 ? verdicts : pass('no SSH key on the nodes');
  },
});
