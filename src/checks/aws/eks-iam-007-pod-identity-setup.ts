import { defineCheck, fail, notApplicable, pass, type Verdict } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel, RoleModel } from '../../aws/models.js';
import { EKS_BPG } from '../../aws/verdicts.js';
import { awsView, clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { ACCOUNT, PATHS, clusterResponse, podIdentityTrust, roleJson } from './fixtures.js';

function trustsPodIdentity(role: RoleModel): boolean {
  return role.trust.some(
    (statement) =>
      statement.effect === 'Allow' &&
      (statement.principals['Service'] ?? []).includes('pods.eks.amazonaws.com') &&
      ['sts:AssumeRole', 'sts:TagSession'].every((action) => statement.actions.includes(action) || statement.actions.includes('sts:*')),
  );
}

function association(id: string, namespace: string, serviceAccount: string, role: string) {
  return { association: { clusterName: 'prod', namespace, serviceAccount, associationId: id, associationArn: `arn:aws:eks:us-east-1:${ACCOUNT}:podidentityassociation/prod/${id}`, roleArn: `arn:aws:iam::${ACCOUNT}:role/${role}` } };
}

const agent = { addon: { addonName: 'eks-pod-identity-agent', clusterName: 'prod', status: 'ACTIVE', addonVersion: 'v1.3.8-eksbuild.2' } };
const base = {
  [PATHS.cluster]: clusterResponse(),
  [PATHS.roles]: { Roles: [roleJson('payments', podIdentityTrust), roleJson('orders', podIdentityTrust)] },
  [PATHS.podIdentity('a1')]: association('a-1', 'payments', 'api', 'payments'),
};

/**
 * EKS-IAM-007: fails when Pod Identity associations exist without the eks-pod-identity-agent
 * add-on, or one role is shared by several service accounts.
 */
export const podIdentitySetup = defineCheck<ClusterModel>({
  id: 'EKS-IAM-007',
  title: 'EKS Pod Identity must be set up correctly, with one role per application',
  area: 'iam',
  severity: 'medium',
  target: clusters,
  needs: [AWS_KEYS.cluster, AWS_KEYS.podIdentity, AWS_KEYS.addons, AWS_KEYS.roles],
  rationale:
    'Pod Identity associations only take effect when the eks-pod-identity-agent add-on runs and the role trusts pods.eks.amazonaws.com for sts:AssumeRole and sts:TagSession; otherwise pods fall back to the node role. One role shared by several service accounts gives each application the permissions of all of them.',
  remediation:
    'Install the eks-pod-identity-agent add-on, give every associated role the Pod Identity trust policy, and create one role per application (or scope a shared role with session-tag conditions such as aws:PrincipalTag/kubernetes-namespace).',
  messages: {
    noAgent: '{{count}} Pod Identity association(s) but no eks-pod-identity-agent add-on: the pods get no credentials from them',
    sharedRole: 'role {{role}} is shared by {{users}}: one role per application',
    notTrusted: 'role {{role}} does not trust pods.eks.amazonaws.com for sts:AssumeRole and sts:TagSession',
  },
  references: [`${EKS_BPG}/identity-and-access-management.html`, 'https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html'],
  standards: [],
  examples: () => ({
    pass: [awsExample({ ...base, [PATHS.addon('eks-pod-identity-agent')]: agent })],
    fail: [
      awsExample({ ...base, [PATHS.listAddons]: { addons: [] } }),
      awsExample({ ...base, [PATHS.addon('eks-pod-identity-agent')]: agent, [PATHS.podIdentity('a2')]: association('a-2', 'orders', 'worker', 'payments') }),
    ],
  }),
  evaluate(cluster, ctx) {
    const view = awsView(ctx);
    const associations = view.podIdentityOf(cluster);
    if (associations.length === 0) return notApplicable('no Pod Identity associations');
    const verdicts: Verdict[] = [];
    if (!view.addon(cluster, 'eks-pod-identity-agent') && !cluster.autoMode) {
      verdicts.push(fail({ messageId: 'noAgent', data: { count: associations.length }, path: fieldPath('addons') }));
    }
    const byRole = new Map<string, Set<string>>();
    for (const item of associations) {
      if (!item.roleArn) continue;
      byRole.set(item.roleArn, (byRole.get(item.roleArn) ?? new Set()).add(`${item.namespace}/${item.serviceAccount}`));
    }
    for (const [roleArn, users] of byRole) {
      if (users.size > 1) verdicts.push(fail({ messageId: 'sharedRole', data: { role: roleArn, users: [...users].join(', ') }, path: fieldPath('associations'), severity: 'low' }));
      const role = view.role(roleArn);
      if (role && !trustsPodIdentity(role)) verdicts.push(fail({ messageId: 'notTrusted', data: { role: role.name }, path: fieldPath('AssumeRolePolicyDocument') }));
    }
    return verdicts.length > 0 ? verdicts : pass(`${associations.length} Pod Identity association(s), agent installed, one role per application`);
  },
});
