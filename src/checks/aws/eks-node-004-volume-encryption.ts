import { defineCheck, fail, notApplicable, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { NodegroupModel } from '../../aws/models.js';
import { EKS_UG, skipped } from '../../aws/verdicts.js';
import { awsView, nodegroups } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS } from './fixtures.js';
import { templateFixture } from './eks-node-001-imdsv2.js';

const unencrypted = { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: false, VolumeSize: 80 } }] };

/**
 * EKS-NODE-004: fails when a node block device is not encrypted and EBS encryption by default is
 * off in the region.
 */
export const nodeVolumeEncryption = defineCheck<NodegroupModel>({
  id: 'EKS-NODE-004',
  title: 'Node EBS volumes must be encrypted',
  area: 'nodes',
  severity: 'medium',
  target: nodegroups,
  needs: [AWS_KEYS.cluster, AWS_KEYS.nodegroups, AWS_KEYS.launchTemplates, AWS_KEYS.ebsDefault],
  rationale:
    'Node root and data volumes hold container images, emptyDir volumes, logs and kubelet state, including projected service-account tokens and Secrets written to disk by workloads. Unencrypted, they leak through snapshots shared by mistake and through the storage layer.',
  remediation:
    'Turn on EBS encryption by default for the region (`aws ec2 enable-ebs-encryption-by-default`), or set `Encrypted: true` (with a KMS key) on every block device mapping of the launch template, then roll the node group.',
  messages: {
    amiDefaultsUnencrypted: 'the node volumes take the AMI defaults and EBS encryption by default is off in {{region}}',
    devicesUnencrypted: 'block devices {{devices}} are not encrypted and EBS encryption by default is off in {{region}}',
  },
  references: [`${EKS_UG}/launch-templates.html`, 'https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html'],
  standards: [],
  examples: () => ({
    pass: [
      awsExample({ ...templateFixture({}), [PATHS.ebsDefault]: { EbsEncryptionByDefault: false } }),
      awsExample({ ...templateFixture(unencrypted), [PATHS.ebsDefault]: { EbsEncryptionByDefault: true } }),
    ],
    fail: [awsExample({ ...templateFixture(unencrypted), [PATHS.ebsDefault]: { EbsEncryptionByDefault: false } })],
  }),
  evaluate(nodegroup, ctx) {
    const view = awsView(ctx);
    if (view.clusterOf(nodegroup)?.autoMode) return notApplicable('EKS Auto Mode encrypts node volumes');
    const byDefault = view.ebsDefault(nodegroup.region);
    // with encryption by default on, EBS encrypts every new volume whatever the mapping says
    if (byDefault?.enabled) return pass(`EBS encryption by default is on in ${nodegroup.region}`);
    const template = view.launchTemplateOf(nodegroup);
    if (nodegroup.launchTemplate && !template) return skipped('the launch template version was not found in the collected data');
    const volumes = template?.volumes ?? [];
    if (!byDefault && volumes.length === 0) return skipped(`ec2:GetEbsEncryptionByDefault was not collected for ${nodegroup.region}`);
    if (volumes.length === 0) {
      return fail({ messageId: 'amiDefaultsUnencrypted', data: { region: nodegroup.region }, path: fieldPath('LaunchTemplateData', 'BlockDeviceMappings') });
    }
    const plain = volumes.filter((volume) => volume.encrypted !== true);
    return plain.length === 0
      ? pass('every block device mapping is encrypted')
      : fail({
          messageId: 'devicesUnencrypted',
          data: { devices: plain.map((volume) => volume.device ?? '?').join(', '), region: nodegroup.region },
          path: fieldPath('LaunchTemplateData', 'BlockDeviceMappings'),
        });
  },
});
