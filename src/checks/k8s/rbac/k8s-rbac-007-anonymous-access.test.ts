import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { anonymousAccess } from './k8s-rbac-007-anonymous-access.js';

function crb(name: string, role: string, subjects: string): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "${name}" }
subjects: ${subjects}
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "${role}" }
`;
}

describe('K8S-RBAC-007 anonymous and all-authenticated grants', () => {
  it('fails anything granted to anonymous users, built-in roles included', () => {
    const findings = runCheck(anonymousAccess, crb('oidc-public', 'system:service-account-issuer-discovery', '[{ kind: Group, name: system:unauthenticated }]'));
    expect(failures(findings)[0]!.message).toBe(
      'ClusterRoleBinding oidc-public grants ClusterRole system:service-account-issuer-discovery cluster-wide to Group system:unauthenticated (every request without credentials)',
    );
    expect(statuses(runCheck(anonymousAccess, crb('x', 'view', '[{ kind: User, name: system:anonymous }]')))).toEqual(['fail']);
  });

  it('fails all authenticated users beyond the discovery roles', () => {
    expect(statuses(runCheck(anonymousAccess, crb('everyone-views', 'view', '[{ kind: Group, name: system:authenticated }]')))).toEqual(['fail']);
    expect(statuses(runCheck(anonymousAccess, crb('extra-discovery', 'system:discovery', '[{ kind: Group, name: system:authenticated }]')))).toEqual(['pass']);
  });

  it('excepts the built-in discovery bindings, but not a subject added to them', () => {
    const builtIn = crb('system:public-info-viewer', 'system:public-info-viewer', '[{ kind: Group, name: system:authenticated }, { kind: Group, name: system:unauthenticated }]');
    expect(statuses(runCheck(anonymousAccess, builtIn))).toEqual(['pass']);
    // since Kubernetes 1.14 system:basic-user is no longer granted to unauthenticated requests
    const widened = runCheck(anonymousAccess, crb('system:basic-user', 'system:basic-user', '[{ kind: Group, name: system:authenticated }, { kind: Group, name: system:unauthenticated }]'));
    expect(failures(widened).map((finding) => finding.path)).toEqual(['subjects[1]']);
  });

  it('excepts the EKS 1.24 privileged PodSecurityPolicy binding for authenticated users', () => {
    expect(statuses(runCheck(anonymousAccess, crb('eks:podsecuritypolicy:authenticated', 'eks:podsecuritypolicy:privileged', '[{ kind: Group, name: system:authenticated }]')))).toEqual(['pass']);
  });

  it('fails RoleBindings too and ignores other subjects', () => {
    const findings = runCheck(
      anonymousAccess,
      `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: public, namespace: web }
subjects: [{ kind: Group, name: devs }, { kind: Group, name: system:unauthenticated }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
`,
    );
    expect(failures(findings).map((finding) => [finding.path, finding.message.includes('in namespace web')])).toEqual([['subjects[1]', true]]);
  });

  it('reports one finding for all authenticated users however many bindings grant them something', () => {
    const findings = runCheck(anonymousAccess, crb('a', 'view', '[{ kind: Group, name: system:authenticated }]') + '---\n' + crb('b', 'edit', '[{ kind: Group, name: system:authenticated }]'));
    expect(statuses(findings)).toEqual(['fail', 'pass']);
    expect(failures(findings)[0]!.message).toMatch(/^ClusterRoleBinding a grants ClusterRole view .*; also ClusterRoleBinding b grants ClusterRole edit cluster-wide/);
  });
});

const finding = (text: string, also = '') => ({ finding: text, also });
const ANONYMOUS = '(every request without credentials)';
const AUTHENTICATED = 'Group system:authenticated (every IAM principal, user and ServiceAccount the cluster accepts)';

testCheck(anonymousAccess, {
  pass: [
    { input: crb('extra-discovery', 'system:discovery', '[{ kind: Group, name: system:authenticated }]') },
    { input: crb('system:public-info-viewer', 'system:public-info-viewer', '[{ kind: Group, name: system:authenticated }, { kind: Group, name: system:unauthenticated }]') },
    { input: crb('eks:podsecuritypolicy:authenticated', 'eks:podsecuritypolicy:privileged', '[{ kind: Group, name: system:authenticated }]') },
    // a look-alike name is another group
    { input: crb('x', 'view', '[{ kind: Group, name: "system:authenticated " }, { kind: User, name: System:Anonymous }]') },
  ],
  fail: [
    {
      input: crb('oidc-public', 'system:service-account-issuer-discovery', '[{ kind: Group, name: system:unauthenticated }]'),
      failures: [{ path: 'subjects[0]', messageId: 'subject', severity: 'critical', data: finding(`ClusterRoleBinding oidc-public grants ClusterRole system:service-account-issuer-discovery cluster-wide to Group system:unauthenticated ${ANONYMOUS}`) }],
    },
    {
      // a subject added to a built-in discovery binding is reported, its default subject is not
      input: crb('system:basic-user', 'system:basic-user', '[{ kind: Group, name: system:authenticated }, { kind: Group, name: system:unauthenticated }]'),
      failures: [{ path: 'subjects[1]', messageId: 'subject', data: finding(`ClusterRoleBinding system:basic-user grants ClusterRole system:basic-user cluster-wide to Group system:unauthenticated ${ANONYMOUS}`) }],
    },
    {
      // the same group bound twice: one finding at its first binding in the RBAC graph (RoleBindings before ClusterRoleBindings) naming the other
      input: crb('everyone-views', 'view', '[{ kind: Group, name: system:authenticated }]') + '---\n' + 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: anon-edit, namespace: shop }\nsubjects: [{ kind: User, name: system:anonymous }, { kind: Group, name: system:authenticated }]\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }\n',
      failures: [
        { path: 'subjects[0]', messageId: 'subject', data: finding(`RoleBinding shop/anon-edit grants ClusterRole edit in namespace shop to User system:anonymous ${ANONYMOUS}`) },
        { path: 'subjects[1]', messageId: 'subject', data: finding(`RoleBinding shop/anon-edit grants ClusterRole edit in namespace shop to ${AUTHENTICATED}`, `; also ClusterRoleBinding everyone-views grants ClusterRole view cluster-wide to ${AUTHENTICATED}`) },
      ],
    },
    {
      // a binding without a roleRef still grants whatever it will name
      input: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: broken }\nsubjects: [{ kind: Group, name: system:authenticated }]\n',
      failures: [{ path: 'subjects[0]', messageId: 'subject', data: finding(`ClusterRoleBinding broken grants a role it does not name cluster-wide to ${AUTHENTICATED}`) }],
    },
  ],
});
