import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { grantData } from '../../../../test/helpers/rbac-grant.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { escalationVerbs } from './k8s-rbac-006-escalation-verbs.js';

function grant(rule: string, bindingKind: 'RoleBinding' | 'ClusterRoleBinding'): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: r }
rules: [${rule}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${bindingKind}
metadata: { name: b${bindingKind === 'RoleBinding' ? ', namespace: team' : ''} }
subjects: [{ kind: ServiceAccount, name: ctl, namespace: team }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r }
`;
}

describe('K8S-RBAC-006 escalate, bind and impersonate', () => {
  it('fails escalate and bind on roles', () => {
    const rule = '{ apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [escalate] }';
    expect(failures(runCheck(escalationVerbs, grant(rule, 'RoleBinding')))[0]!.message).toMatch(/^ServiceAccount team\/ctl may escalate roles.rbac.authorization.k8s.io in namespace team/);
  });

  it('knows bind on ClusterRoles works inside a RoleBinding namespace but escalate on them needs a ClusterRoleBinding', () => {
    const bind = '{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [cluster-admin], verbs: [bind] }';
    const [finding] = failures(runCheck(escalationVerbs, grant(bind, 'RoleBinding')));
    expect(finding!.message).toContain('may bind clusterroles.rbac.authorization.k8s.io (only clusterroles: cluster-admin) in namespace team');
    const escalate = '{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate] }';
    expect(statuses(runCheck(escalationVerbs, grant(escalate, 'RoleBinding')))).toEqual(['pass']);
    expect(statuses(runCheck(escalationVerbs, grant(escalate, 'ClusterRoleBinding')))).toEqual(['fail']);
  });

  it('fails impersonation of users cluster-wide and of ServiceAccounts anywhere', () => {
    const users = '{ apiGroups: [""], resources: [users], verbs: [impersonate] }';
    expect(statuses(runCheck(escalationVerbs, grant(users, 'RoleBinding')))).toEqual(['pass']);
    expect(statuses(runCheck(escalationVerbs, grant(users, 'ClusterRoleBinding')))).toEqual(['fail']);
    const accounts = '{ apiGroups: [""], resources: [serviceaccounts], verbs: [impersonate] }';
    expect(statuses(runCheck(escalationVerbs, grant(accounts, 'RoleBinding')))).toEqual(['fail']);
  });

  it('passes read access to RBAC objects', () => {
    const read = '{ apiGroups: [rbac.authorization.k8s.io], resources: ["*"], verbs: [get, list, watch, create, update] }';
    expect(statuses(runCheck(escalationVerbs, grant(read, 'ClusterRoleBinding')))).toEqual(['pass']);
  });
});

const RBAC = 'rbac.authorization.k8s.io';
const crbVia = (rule: string) => `ClusterRoleBinding b → ClusterRole r rules[0]: ${rule}`;

testCheck(escalationVerbs, {
  pass: [
    // escalate on ClusterRoles and impersonating users act on cluster-scoped objects: a RoleBinding cannot grant them
    { input: grant(`{ apiGroups: [${RBAC}], resources: [clusterroles], verbs: [escalate] }`, 'RoleBinding') },
    { input: grant('{ apiGroups: [""], resources: [users, groups], verbs: [impersonate] }', 'RoleBinding') },
    { input: grant(`{ apiGroups: [${RBAC}], resources: [roles, clusterroles], verbs: [get, list, create] }`, 'ClusterRoleBinding') },
  ],
  fail: [
    {
      input: grant(`{ apiGroups: [${RBAC}], resources: [roles], verbs: [escalate] }`, 'RoleBinding'),
      failures: [{ path: 'subjects[0]', messageId: 'grant', severity: 'high', data: grantData('ServiceAccount team/ctl', `may escalate roles.${RBAC}`, 'in namespace team', `RoleBinding team/b → ClusterRole r rules[0]: verbs=escalate apiGroups=${RBAC} resources=roles`) }],
    },
    {
      // bind limited to cluster-admin is the worst case, and a RoleBinding grants it in its namespace
      input: grant(`{ apiGroups: [${RBAC}], resources: [clusterroles], resourceNames: [cluster-admin], verbs: [bind] }`, 'RoleBinding'),
      failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('ServiceAccount team/ctl', `may bind clusterroles.${RBAC} (only clusterroles: cluster-admin)`, 'in namespace team', `RoleBinding team/b → ClusterRole r rules[0]: verbs=bind apiGroups=${RBAC} resources=clusterroles resourceNames=cluster-admin`) }],
    },
    { input: grant('{ apiGroups: [""], resources: [groups], verbs: [impersonate] }', 'ClusterRoleBinding'), failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('ServiceAccount team/ctl', 'may impersonate groups', 'cluster-wide', crbVia('verbs=impersonate apiGroups="" resources=groups')) }] },
    { input: grant('{ apiGroups: [authentication.k8s.io], resources: [uids], verbs: ["*"] }', 'ClusterRoleBinding'), failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('ServiceAccount team/ctl', 'may impersonate uids.authentication.k8s.io', 'cluster-wide', crbVia('verbs=* apiGroups=authentication.k8s.io resources=uids')) }] },
    { input: grant('{ apiGroups: [""], resources: [serviceaccounts], verbs: [impersonate] }', 'RoleBinding'), failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('ServiceAccount team/ctl', 'may impersonate serviceaccounts', 'in namespace team', 'RoleBinding team/b → ClusterRole r rules[0]: verbs=impersonate apiGroups="" resources=serviceaccounts') }] },
  ],
});
