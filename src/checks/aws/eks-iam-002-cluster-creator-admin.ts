import { defineCheck, fail, notApplicable, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { EKS_BPG } from '../../aws/verdicts.js';
import { awsView, clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { ACCOUNT, PATHS, clusterResponse } from './fixtures.js';

export const CLUSTER_ADMIN_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

const creator = `arn:aws:iam::${ACCOUNT}:role/platform-ci`;
const bootstrapped = {
  [PATHS.cluster]: clusterResponse({ accessConfig: { bootstrapClusterCreatorAdminPermissions: true } }),
  [PATHS.listAccessEntries]: { accessEntries: [creator] },
  [PATHS.accessEntry('ci')]: { accessEntry: { clusterName: 'prod', principalArn: creator, type: 'STANDARD', kubernetesGroups: [] } },
  [PATHS.accessPolicies('ci')]: { clusterName: 'prod', principalArn: creator, associatedAccessPolicies: [{ policyArn: CLUSTER_ADMIN_POLICY, accessScope: { type: 'cluster', namespaces: [] } }] },
};

/**
 * EKS-IAM-002: fails when the cluster creator was bootstrapped as cluster-admin and a cluster-admin
 * access entry remains.
 */
export const clusterCreatorAdmin = defineCheck<ClusterModel>({
  id: 'EKS-IAM-002',
  title: 'The cluster creator should not keep standing cluster-admin',
  area: 'iam',
  severity: 'medium',
  target: clusters,
  needs: [AWS_KEYS.cluster, AWS_KEYS.accessEntries, AWS_KEYS.accessPolicies],
  rationale:
    'By default EKS makes the IAM principal that created the cluster a cluster-admin through an access entry. That is usually a CI role or a person, and the grant is easy to forget: anyone who can assume that principal later owns the cluster.',
  remediation:
    'Create clusters with `bootstrapClusterCreatorAdminPermissions=false` and explicit access entries, or remove (or narrow) the creator\'s access entry once named administrators have their own: `aws eks delete-access-entry --cluster-name <cluster> --principal-arn <creator>`.',
  messages: { creatorAdminRemains: 'the cluster creator was made cluster-admin at creation and cluster-admin access entries remain ({{principals}}): remove the creator\'s entry if it is among them' },
  references: [`${EKS_BPG}/identity-and-access-management.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.listAccessEntries]: { accessEntries: [] } })],
    fail: [awsExample(bootstrapped)],
  }),
  evaluate(cluster, ctx) {
    const bootstrap = cluster.accessConfig?.bootstrapClusterCreatorAdminPermissions;
    if (bootstrap === undefined) return notApplicable('the cluster reports no access configuration');
    if (!bootstrap) return pass('the cluster creator was not given cluster-admin');
    // EKS does not say which entry is the creator's: any cluster-wide admin entry may still be it
    const admins = awsView(ctx)
      .accessEntriesOf(cluster)
      .filter((entry) => entry.policies?.some((policy) => policy.policyArn === CLUSTER_ADMIN_POLICY && policy.scopeType !== 'namespace'));
    if (admins.length === 0) return pass('the creator was bootstrapped as admin, but no cluster-admin access entry remains');
    return fail({
      messageId: 'creatorAdminRemains',
      data: { principals: admins.map((entry) => entry.principalArn).join(', ') },
      path: fieldPath('accessConfig', 'bootstrapClusterCreatorAdminPermissions'),
    });
  },
});
