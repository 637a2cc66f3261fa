import { defineCheck, fail, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { EKS_UG } from '../../aws/verdicts.js';
import { clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse } from './fixtures.js';

/**
 * EKS-NET-004: fails when resourcesVpcConfig.clusterSecurityGroupId is empty (a cluster without the
 * EKS-managed cluster security group).
 */
export const clusterSecurityGroupMissing = defineCheck<ClusterModel>({
  id: 'EKS-NET-004',
  title: 'The cluster should have an EKS-managed cluster security group',
  area: 'data-plane',
  severity: 'low',
  target: clusters,
  needs: [AWS_KEYS.cluster],
  rationale:
    'Since platform version eks.3 (Kubernetes 1.14) EKS creates a cluster security group that carries the control-plane/node rules for you. A cluster without one predates it and relies on hand-made control-plane and node security groups, which are easy to get wrong in either direction (too open, or breaking kubelet and webhook traffic).',
  remediation:
    'Plan a migration to a new cluster (the cluster security group cannot be added to an old one) or audit the legacy control-plane and node security groups against the EKS user guide tables.',
  messages: {
    noClusterSecurityGroup: 'the cluster has no EKS-managed cluster security group (resourcesVpcConfig.clusterSecurityGroupId is empty)',
  },
  references: [`${EKS_UG}/sec-group-reqs.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse() })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse({ resourcesVpcConfig: { clusterSecurityGroupId: undefined } }) })],
  }),
  evaluate(cluster) {
    return cluster.clusterSecurityGroupId
      ? pass(`cluster security group ${cluster.clusterSecurityGroupId}`)
      : fail({ messageId: 'noClusterSecurityGroup', path: fieldPath('resourcesVpcConfig', 'clusterSecurityGroupId') });
  },
});
