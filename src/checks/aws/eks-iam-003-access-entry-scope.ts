import { defineCheck, fail, notApplicable, pass, type Verdict } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { AccessEntryModel } from '../../aws/models.js';
import { EKS_BPG, skipped } from '../../aws/verdicts.js';
import { accessEntries, awsView } from '../../aws/view.js';
import { awsExample } from './example.js';
import { ACCOUNT, PATHS, clusterResponse } from './fixtures.js';

const ADMIN_POLICIES = new Set(['AmazonEKSClusterAdminPolicy', 'AmazonEKSAdminPolicy']);

function entryFixture(principal: string, policies: { policyArn: string; accessScope: unknown }[], groups: string[] = []): Record<string, unknown> {
  return {
    [PATHS.cluster]: clusterResponse(),
    [PATHS.accessEntry('entry')]: { accessEntry: { clusterName: 'prod', principalArn: principal, type: 'STANDARD', kubernetesGroups: groups } },
    [PATHS.accessPolicies('entry')]: { clusterName: 'prod', principalArn: principal, associatedAccessPolicies: policies },
  };
}

const view = { policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy', accessScope: { type: 'namespace', namespaces: ['team-a'] } };
const admin = { policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', accessScope: { type: 'cluster', namespaces: [] } };

/**
 * EKS-IAM-003: fails for an access entry with a cluster-wide admin access policy, and for one whose
 * principal is an IAM user.
 */
export const accessEntryScope = defineCheck<AccessEntryModel>({
  id: 'EKS-IAM-003',
  title: 'Access entries should not grant broad admin or belong to IAM users',
  area: 'iam',
  severity: 'high',
  target: accessEntries,
  needs: [AWS_KEYS.accessEntries, AWS_KEYS.accessPolicies],
  rationale:
    'An access entry with AmazonEKSClusterAdminPolicy or AmazonEKSAdminPolicy at cluster scope, or mapped to system:masters, makes its IAM principal all-powerful in the cluster; each such entry is a path to full compromise and should be a short, reviewed list of break-glass roles. IAM users carry long-lived access keys; roles assumed through SSO or federation should be used instead.',
  remediation:
    'Scope access policies to namespaces and to the view/edit policies where possible, keep cluster-wide admin for one or two break-glass roles (suppress this finding for them with a reason), and replace IAM-user entries with roles.',
  messages: {
    clusterWidePolicy: '{{principal}} has {{policy}} on the whole cluster',
    masters: '{{principal}} is mapped to system:masters',
    crossAccount: '{{principal}} belongs to another account ({{account}}): review the cross-account access',
    iamUser: '{{principal}} is an IAM user: use a role',
  },
  references: [`${EKS_BPG}/identity-and-access-management.html`, 'https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html'],
  standards: [],
  examples: () => ({
    pass: [awsExample(entryFixture(`arn:aws:iam::${ACCOUNT}:role/TeamA`, [view]))],
    fail: [awsExample(entryFixture(`arn:aws:iam::${ACCOUNT}:role/PlatformAdmin`, [admin])), awsExample(entryFixture(`arn:aws:iam::${ACCOUNT}:user/alice`, [view]))],
  }),
  evaluate(entry, ctx) {
    if (entry.type && entry.type !== 'STANDARD') return notApplicable(`${entry.type} entries are managed by EKS for nodes and carry no access policies`);
    if (!entry.policies) return skipped('the associated access policies of this entry were not collected');
    const verdicts: Verdict[] = [];
    for (const policy of entry.policies) {
      const name = policy.policyArn.split('/').pop() ?? policy.policyArn;
      if (ADMIN_POLICIES.has(name) && policy.scopeType !== 'namespace') {
        verdicts.push(fail({ messageId: 'clusterWidePolicy', data: { principal: entry.principalArn, policy: name }, path: fieldPath('associatedAccessPolicies') }));
      }
    }
    if (entry.kubernetesGroups.includes('system:masters')) verdicts.push(fail({ messageId: 'masters', data: { principal: entry.principalArn }, path: fieldPath('accessEntry', 'kubernetesGroups') }));
    const account = entry.principalArn.split(':')[4];
    const clusterAccount = awsView(ctx).clusterOf(entry)?.accountId;
    if (account && clusterAccount && account !== clusterAccount) {
      verdicts.push(fail({ messageId: 'crossAccount', data: { principal: entry.principalArn, account }, path: fieldPath('accessEntry', 'principalArn'), severity: 'medium' }));
    }
    if (/:user\//.test(entry.principalArn)) verdicts.push(fail({ messageId: 'iamUser', data: { principal: entry.principalArn }, path: fieldPath('accessEntry', 'principalArn'), severity: 'medium' }));
    return verdicts.length > 0 ? verdicts : pass(`${entry.principalArn} has scoped access`);
  },
});
