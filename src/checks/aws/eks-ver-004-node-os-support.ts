import { defineCheck, fail, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { NodegroupModel } from '../../aws/models.js';
import { EKS_UG, skipped } from '../../aws/verdicts.js';
import { nodegroups } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse, nodegroupResponse } from './fixtures.js';

/** End of support of the EKS-optimized Amazon Linux 2 AMIs (no AL2 AMI for Kubernetes 1.33 and later). */
export const AL2_END_OF_SUPPORT = '2025-11-26';

/**
 * EKS-VER-004: fails when a node group AMI type (Amazon Linux 2 and other retired ones) no longer
 * gets EKS AMI updates.
 */
export const nodeOsEndOfSupport = defineCheck<NodegroupModel>({
  id: 'EKS-VER-004',
  title: 'Node groups must run an operating system that still gets EKS AMI updates',
  area: 'os-updates',
  severity: 'high',
  target: nodegroups,
  needs: [AWS_KEYS.nodegroups],
  rationale:
    'EKS stopped building Amazon Linux 2 optimized AMIs on 2025-11-26 and has none for Kubernetes 1.33 or later: AL2 node groups receive no further OS or kubelet security fixes and cannot follow the control plane upgrades.',
  remediation: 'Move the node group to AL2023 or Bottlerocket (create a new node group with amiType AL2023_* or BOTTLEROCKET_*, migrate workloads, delete the old one).',
  messages: {
    al2Ended: 'AMI type {{amiType}}: EKS Amazon Linux 2 AMIs are out of support since {{endOfSupport}}',
    al2Ending: 'AMI type {{amiType}}: EKS Amazon Linux 2 AMIs leave support on {{endOfSupport}}',
  },
  references: [`${EKS_UG}/eks-ami-deprecation-faqs.html`, `${EKS_UG}/al2023.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.nodegroup()]: nodegroupResponse() })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.nodegroup()]: nodegroupResponse({ amiType: 'AL2_x86_64', version: '1.32', releaseVersion: '1.32.9-20251016' }) })],
  }),
  evaluate(nodegroup, ctx) {
    if (!nodegroup.amiType) return skipped('the node group reports no amiType');
    if (!nodegroup.amiType.startsWith('AL2_')) return pass(`AMI type ${nodegroup.amiType} is maintained`);
    const ended = ctx.now.getTime() >= Date.parse(`${AL2_END_OF_SUPPORT}T00:00:00Z`);
    const data = { amiType: nodegroup.amiType ?? '(unknown)', endOfSupport: AL2_END_OF_SUPPORT };
    const path = fieldPath('nodegroup', 'amiType');
    return ended ? fail({ messageId: 'al2Ended', data, path }) : fail({ messageId: 'al2Ending', data, path, severity: 'medium' });
  },
});
