import { defineCheck, fail, notApplicable, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { amiReleaseParameter, compareReleases, latestAmiRelease, releaseDate } from '../../aws/ami.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { NodegroupModel } from '../../aws/models.js';
import { EKS_BPG, skipped } from '../../aws/verdicts.js';
import { nodegroups } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse, nodegroupResponse } from './fixtures.js';

/** A release older than the latest by more than this many days is a high finding. */
export const STALE_AMI_DAYS = 90;

const latest = (value: string) => ({
  Parameters: [{ Name: '/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/x86_64/standard/recommended/release_version', Type: 'String', Value: value }],
  InvalidParameters: [],
});

/**
 * EKS-VER-003: not applicable for custom AMIs; fails when a managed node group release is behind
 * the latest EKS-optimized AMI release.
 */
export const nodegroupAmiRelease = defineCheck<NodegroupModel>({
  id: 'EKS-VER-003',
  title: 'Managed node groups should run the latest EKS-optimized AMI release',
  area: 'os-updates',
  severity: 'medium',
  target: nodegroups,
  needs: [AWS_KEYS.nodegroups, AWS_KEYS.amiReleases],
  rationale:
    'EKS-optimized AMI releases carry the kernel, containerd, kubelet and OS package security fixes. Managed node groups do not update themselves: until the group is updated its nodes keep the vulnerabilities fixed in every newer release.',
  remediation: 'Update the node group to the latest AMI release (`aws eks update-nodegroup-version --cluster-name <cluster> --nodegroup-name <ng>`), ideally on a schedule, and treat nodes as immutable.',
  messages: {
    behindByDays: 'release {{release}} is behind the latest {{latest}} by {{days}} days',
    behind: 'release {{release}} is behind the latest {{latest}}',
  },
  references: [`${EKS_BPG}/protecting-the-infrastructure.html`, 'https://docs.aws.amazon.com/eks/latest/userguide/update-managed-node-group.html'],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.nodegroup()]: nodegroupResponse(), [PATHS.ssm]: latest('1.35.2-20261101') })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.nodegroup()]: nodegroupResponse(), [PATHS.ssm]: latest('1.35.3-20261120') })],
  }),
  evaluate(nodegroup, ctx) {
    if (nodegroup.amiType === 'CUSTOM') return notApplicable('custom AMI: its release is tracked outside EKS');
    const parameter = amiReleaseParameter(nodegroup.amiType, nodegroup.version);
    if (!parameter) return notApplicable(`no public release parameter for AMI type ${nodegroup.amiType ?? '(unknown)'}`);
    const latest = latestAmiRelease(ctx, nodegroup.region, parameter);
    if (latest === undefined) return skipped(`SSM parameter ${parameter} was not found in ${nodegroup.region} (not published for this version, or not collected)`);
    if (!nodegroup.releaseVersion) return skipped('the node group reports no releaseVersion');
    if (compareReleases(nodegroup.releaseVersion, latest) >= 0) return pass(`release ${nodegroup.releaseVersion} is the latest`);
    const current = releaseDate(nodegroup.releaseVersion);
    const newest = releaseDate(latest);
    const days = current && newest ? Math.floor((newest.getTime() - current.getTime()) / 86_400_000) : undefined;
    const path = fieldPath('nodegroup', 'releaseVersion');
    const data = { release: nodegroup.releaseVersion, latest };
    if (days === undefined) return fail({ messageId: 'behind', data, path });
    return fail({ messageId: 'behindByDays', data: { ...data, days }, path, ...(days > STALE_AMI_DAYS ? { severity: 'high' as const } : {}) });
  },
});
