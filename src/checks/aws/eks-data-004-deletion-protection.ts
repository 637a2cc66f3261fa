import { defineCheck, fail, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { EKS_UG, skipped } from '../../aws/verdicts.js';
import { clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse } from './fixtures.js';

/**
 * EKS-DATA-004: fails for a cluster whose DescribeCluster response says `deletionProtection: false`;
 * skipped when the response has no such field (collected before EKS added it).
 */
export const clusterDeletionProtection = defineCheck<ClusterModel>({
  id: 'EKS-DATA-004',
  title: 'Clusters should have deletion protection on',
  area: 'data',
  severity: 'low',
  target: clusters,
  needs: [AWS_KEYS.cluster],
  rationale:
    'Deleting an EKS cluster deletes its control plane and etcd: every Kubernetes object, Secret and RBAC binding is gone, and no API restores them. With deletion protection on, a mistaken `eks delete-cluster` (or a Terraform plan that replaces the cluster) is refused until someone first turns the protection off, which takes a separate permission (eks:UpdateClusterConfig) and a deliberate step.',
  remediation: 'Turn it on: `aws eks update-cluster-config --name <cluster> --deletion-protection` (Terraform: `deletion_protection = true` on `aws_eks_cluster`).',
  messages: { deletionProtectionOff: 'deletion protection is off: one delete-cluster call removes the control plane and every Kubernetes object' },
  references: [`${EKS_UG}/deletion-protection.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse({ deletionProtection: true }) })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse({ deletionProtection: false }) })],
  }),
  evaluate(cluster) {
    if (cluster.deletionProtection === undefined) return skipped('the DescribeCluster response has no deletionProtection field (collected before EKS added it, or by an older tool): cannot tell');
    if (cluster.deletionProtection) return pass('deletion protection is on');
    return fail({ messageId: 'deletionProtectionOff', path: fieldPath('deletionProtection') });
  },
});
