import { defineCheck, fail, pass, type Subject, type Target, type Verdict } from '../../core/check.js';
import type { CheckContext } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import { irsaStatements, matchesPattern, trustScope } from '../../aws/irsa.js';
import { AWS_TYPES, type RoleModel } from '../../aws/models.js';
import { EKS_BPG } from '../../aws/verdicts.js';
import { awsView, subjectOf } from '../../aws/view.js';
import { record, stringMap } from '../../k8s/fields.js';
import { objectsOf } from '../../k8s/targets.js';
import { awsExample } from './example.js';
import { ISSUER_HOST, PATHS, clusterResponse, irsaTrust, roleJson } from './fixtures.js';

const ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';
const SUBJECT_PREFIX = 'system:serviceaccount:';
const TRUST_POLICY = fieldPath('AssumeRolePolicyDocument');

/** `system:serviceaccount:<namespace>:<name>` as `<namespace>/<name>` (a namespace holds no colon). */
function serviceAccountName(subject: string): string {
  return subject.slice(SUBJECT_PREFIX.length).replace(':', '/');
}

/** The IRSA subjects (`system:serviceaccount:<namespace>:<name>`) of the ServiceAccounts that name a role, by role name. */
function serviceAccountsByRole(ctx: CheckContext): Map<string, string[]> {
  return ctx.memo('aws:irsa:serviceAccounts', () => {
    const out = new Map<string, string[]>();
    for (const sa of objectsOf('ServiceAccount', ctx)) {
      const arn = stringMap(record(record(sa.raw)['metadata'])['annotations'])[ROLE_ANNOTATION];
      const name = arn?.split('/').pop();
      if (!name) continue;
      out.set(name, [...(out.get(name) ?? []), `${SUBJECT_PREFIX}${sa.namespace ?? 'default'}:${sa.name}`]);
    }
    return out;
  });
}

/** Roles that trust an EKS OIDC provider, and roles named by ServiceAccount annotations. */
const irsaRoles: Target<RoleModel> = {
  id: 'aws:irsa-roles',
  select(inventory, ctx) {
    const used = serviceAccountsByRole(ctx);
    return inventory.aws
      .filter((entry) => entry.type === AWS_TYPES.role)
      .filter((entry) => {
        const role = entry.model as RoleModel;
        return irsaStatements(role).length > 0 || used.has(role.name);
      })
      .map((entry): Subject<RoleModel> => subjectOf<RoleModel>(entry));
  },
};

const exact = { StringEquals: { [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:payments:api', [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } };
const serviceAccount = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
  namespace: payments
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/payments-api
`;

/**
 * EKS-IAM-006: fails for an IRSA role whose trust policy admits any service account (wildcards, no
 * StringEquals on :sub) or does not pin :aud to sts.amazonaws.com.
 */
export const irsaTrustScope = defineCheck<RoleModel>({
  id: 'EKS-IAM-006',
  title: 'IRSA role trust policies must be scoped to one service account',
  area: 'iam',
  severity: 'high',
  target: irsaRoles,
  needs: [AWS_KEYS.roles],
  rationale:
    'An IRSA role trusts tokens issued by the cluster OIDC provider. Without a StringEquals condition on `<issuer>:sub` naming one `system:serviceaccount:<namespace>:<name>` (and `:aud` = sts.amazonaws.com), any pod in any namespace, or in any cluster sharing a wildcard, can assume the role with its own service-account token.',
  remediation:
    'Give every statement that trusts the OIDC provider `"StringEquals": {"<issuer>:sub": "system:serviceaccount:<ns>:<sa>", "<issuer>:aud": "sts.amazonaws.com"}`; use one role per service account.',
  messages: {
    trustUnreadable: 'the trust policy of {{role}} cannot be decoded',
    wildcardSubject: '{{role}} trusts {{issuer}} for any service account matching {{patterns}}',
    anySubject: '{{role}} trusts every service account of {{issuer}}: no StringEquals condition on {{issuer}}:sub',
    audienceNotPinned: '{{role}} does not pin {{issuer}}:aud to sts.amazonaws.com',
    serviceAccountNotTrusted: 'ServiceAccount {{serviceAccount}} uses {{role}}, whose trust policy does not name it: its pods get no role (or fall back to the node role)',
  },
  references: [`${EKS_BPG}/identity-and-access-management.html`, 'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html'],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.roles]: { Roles: [roleJson('payments-api', irsaTrust(exact))] } }, serviceAccount)],
    fail: [
      awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.roles]: { Roles: [roleJson('payments-api', irsaTrust({ StringLike: { [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:*' } }))] } }),
      awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.roles]: { Roles: [roleJson('payments-api', irsaTrust({}))] } }),
    ],
  }),
  evaluate(role, ctx) {
    if (!role.trustReadable) return fail({ messageId: 'trustUnreadable', data: { role: role.name }, path: TRUST_POLICY });
    const verdicts: Verdict[] = [];
    const statements = irsaStatements(role);
    const allowed: string[] = [];
    const patterns: string[] = [];
    for (const entry of statements) {
      const scope = trustScope(entry);
      allowed.push(...scope.subjects);
      patterns.push(...scope.wildcards);
      if (scope.wildcards.length > 0) verdicts.push(fail({ messageId: 'wildcardSubject', data: { role: role.name, issuer: entry.host, patterns: scope.wildcards.join(', ') }, path: TRUST_POLICY }));
      else if (scope.subjects.length === 0) verdicts.push(fail({ messageId: 'anySubject', data: { role: role.name, issuer: entry.host }, path: TRUST_POLICY }));
      if (!scope.audienceOk) verdicts.push(fail({ messageId: 'audienceNotPinned', data: { role: role.name, issuer: entry.host }, path: TRUST_POLICY, severity: 'medium' }));
    }
    const users = serviceAccountsByRole(ctx).get(role.name) ?? [];
    const clusterHosts = awsView(ctx).clusters.map((cluster) => cluster.oidcIssuer?.replace(/^https:\/\//, ''));
    for (const user of users) {
      const trusted = allowed.includes(user) || patterns.some((pattern) => matchesPattern(pattern, user));
      if (!trusted && clusterHosts.length > 0) {
        verdicts.push(fail({ messageId: 'serviceAccountNotTrusted', data: { serviceAccount: serviceAccountName(user), role: role.name }, path: TRUST_POLICY, severity: 'low' }));
      }
    }
    return verdicts.length > 0 ? verdicts : pass(`${role.name} trusts only ${[...new Set(allowed)].join(', ')}`);
  },
});
