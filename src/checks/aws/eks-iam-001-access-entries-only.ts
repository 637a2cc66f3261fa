import { defineCheck, fail, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { EKS_UG } from '../../aws/verdicts.js';
import { clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse } from './fixtures.js';

/**
 * EKS-IAM-001: fails when the authentication mode is CONFIG_MAP or API_AND_CONFIG_MAP, so aws-auth
 * still grants access.
 */
export const accessEntriesOnly = defineCheck<ClusterModel>({
  id: 'EKS-IAM-001',
  title: 'Cluster authentication should use EKS access entries only',
  area: 'iam',
  severity: 'medium',
  target: clusters,
  needs: [AWS_KEYS.cluster],
  rationale:
    'With authenticationMode CONFIG_MAP, who may act in the cluster lives in the kube-system/aws-auth ConfigMap: one malformed edit locks everybody out, anyone who can edit it can make themselves cluster-admin, and the grants are invisible to IAM tooling and CloudTrail. Access entries (mode API) are managed, validated and audited through the EKS API.',
  remediation:
    'Move to access entries: `aws eks update-cluster-config --access-config authenticationMode=API_AND_CONFIG_MAP`, create entries for every aws-auth mapping, then switch to `API` (the change is one-way).',
  messages: {
    apiAndConfigMap: 'authentication mode API_AND_CONFIG_MAP: aws-auth still grants access next to access entries',
    configMap: 'authentication mode CONFIG_MAP: access is granted only through the aws-auth ConfigMap',
    noAccessConfig: 'the cluster reports no accessConfig: its platform version predates access entries, so aws-auth is the only mechanism',
  },
  references: [`${EKS_UG}/grant-k8s-access.html`, `${EKS_UG}/migrating-access-entries.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse() })],
    fail: [
      awsExample({ [PATHS.cluster]: clusterResponse({ accessConfig: { authenticationMode: 'CONFIG_MAP' } }) }),
      awsExample({ [PATHS.cluster]: clusterResponse({ accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } }) }),
    ],
  }),
  evaluate(cluster) {
    const mode = cluster.accessConfig?.authenticationMode;
    if (mode === 'API') return pass('authentication mode API: access entries only');
    if (mode === 'API_AND_CONFIG_MAP') return fail({ messageId: 'apiAndConfigMap', path: fieldPath('accessConfig', 'authenticationMode'), severity: 'low' });
    if (mode === 'CONFIG_MAP') return fail({ messageId: 'configMap', path: fieldPath('accessConfig', 'authenticationMode') });
    return fail({ messageId: 'noAccessConfig', path: fieldPath('accessConfig'), severity: 'info' });
  },
});
