import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { grantData } from '../../../../test/helpers/rbac-grant.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { secretsRead } from './k8s-rbac-003-secrets-read.js';

const SECRET_READER = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: secret-reader }
rules:
  - { apiGroups: [""], resources: [configmaps], verbs: [get] }
  - { apiGroups: [""], resources: [secrets], verbs: [watch] }
`;

function binding(kind: 'RoleBinding' | 'ClusterRoleBinding', namespace: string | undefined, role: string, roleKind = 'ClusterRole'): string {
  return `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: { name: b, ${namespace ? `namespace: ${namespace}` : ''} }
subjects: [{ kind: Group, name: team }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: ${role} }
`;
}

describe('K8S-RBAC-003 reading Secrets', () => {
  it('fails a cluster-wide grant, naming the verb and the rule', () => {
    const findings = runCheck(secretsRead, SECRET_READER + binding('ClusterRoleBinding', undefined, 'secret-reader'));
    expect(failures(findings)[0]!.message).toBe(
      'Group team may watch secrets cluster-wide via ClusterRoleBinding b → ClusterRole secret-reader rules[1]: verbs=watch apiGroups="" resources=secrets.',
    );
  });

  it('fails in kube-system but not in an application namespace', () => {
    expect(statuses(runCheck(secretsRead, SECRET_READER + binding('RoleBinding', 'kube-system', 'secret-reader')))).toEqual(['fail']);
    expect(statuses(runCheck(secretsRead, SECRET_READER + binding('RoleBinding', 'shop', 'secret-reader')))).toEqual(['pass']);
  });

  it('knows that edit reads Secrets through aggregation and view does not', () => {
    const edit = failures(runCheck(secretsRead, binding('RoleBinding', 'kube-system', 'edit')));
    expect(edit[0]!.message).toContain('→ ClusterRole edit (Kubernetes default) rules[0] of ClusterRole system:aggregate-to-edit (Kubernetes default) (aggregated): verbs=get,list,watch');
    expect(statuses(runCheck(secretsRead, binding('ClusterRoleBinding', undefined, 'view')))).toEqual(['pass']);
  });

  it('counts wildcards and ignores rules limited to named Secrets', () => {
    const wildcard = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: everything }
rules: [{ apiGroups: ["*"], resources: ["*"], verbs: [list] }]
`;
    expect(statuses(runCheck(secretsRead, wildcard + binding('ClusterRoleBinding', undefined, 'everything')))).toEqual(['fail']);
    const named = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: one-secret, namespace: kube-system }
rules: [{ apiGroups: [""], resources: [secrets], resourceNames: [webhook-cert], verbs: [get, list, watch] }]
`;
    expect(statuses(runCheck(secretsRead, named + binding('RoleBinding', 'kube-system', 'one-secret', 'Role')))).toEqual(['pass']);
  });

  it('passes a binding whose role is missing or in another namespace', () => {
    const role = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: reader, namespace: shop }
rules: [{ apiGroups: [""], resources: [secrets], verbs: [get] }]
`;
    expect(statuses(runCheck(secretsRead, role + binding('RoleBinding', 'kube-system', 'reader', 'Role')))).toEqual(['pass']);
    expect(statuses(runCheck(secretsRead, binding('ClusterRoleBinding', undefined, 'not-there')))).toEqual(['pass']);
  });

  it('excepts the controllers Kubernetes binds to read Secrets', () => {
    const findings = runCheck(
      secretsRead,
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: system:kube-controller-manager }
rules: [{ apiGroups: [""], resources: [secrets], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: system:kube-controller-manager }
subjects: [{ kind: User, name: system:kube-controller-manager }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:kube-controller-manager }
`,
    );
    expect(statuses(findings)).toEqual(['pass']);
    expect(findings[0]!.message).toMatch(/^built-in ClusterRoleBinding system:kube-controller-manager/);
  });

  it('reports a subject bound five times once, at its first binding, naming every binding that grants it', () => {
    const bindings = [1, 2, 3, 4, 5].map((n) => binding('ClusterRoleBinding', undefined, 'secret-reader').replace('name: b,', `name: b${n},`)).join('');
    const findings = runCheck(secretsRead, SECRET_READER + bindings);
    const failed = failures(findings);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.resource).toMatchObject({ kind: 'ClusterRoleBinding', name: 'b1' });
    expect(failed[0]!.path).toBe('subjects[0]');
    for (const name of ['b2', 'b3', 'b4', 'b5']) expect(failed[0]!.message).toContain(`cluster-wide via ClusterRoleBinding ${name} → ClusterRole secret-reader rules[1]`);
    expect(statuses(findings)).toEqual(['fail', 'pass', 'pass', 'pass', 'pass']);
    // each subject is its own risk: another group on the second binding is reported there
    const other = binding('ClusterRoleBinding', undefined, 'secret-reader').replace('name: b,', 'name: b2,').replace('name: team', 'name: ops');
    expect(failures(runCheck(secretsRead, SECRET_READER + binding('ClusterRoleBinding', undefined, 'secret-reader') + other)).map((f) => f.message.split(' may ')[0])).toEqual(['Group team', 'Group ops']);
  });
});

testCheck(secretsRead, {
  pass: [
    { input: SECRET_READER + binding('RoleBinding', 'shop', 'secret-reader') },
    { input: binding('ClusterRoleBinding', undefined, 'view') },
    // limited to a named Secret, and a binding to a role that is not there
    { input: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: { name: one-secret, namespace: kube-system }\nrules: [{ apiGroups: [""], resources: [secrets], resourceNames: [webhook-cert], verbs: [get, list, watch] }]\n' + binding('RoleBinding', 'kube-system', 'one-secret', 'Role') },
    { input: binding('ClusterRoleBinding', undefined, 'not-there') },
  ],
  fail: [
    {
      input: SECRET_READER + binding('ClusterRoleBinding', undefined, 'secret-reader'),
      failures: [{ path: 'subjects[0]', messageId: 'grant', severity: 'high', data: grantData('Group team', 'may watch secrets', 'cluster-wide', 'ClusterRoleBinding b → ClusterRole secret-reader rules[1]: verbs=watch apiGroups="" resources=secrets') }],
    },
    {
      // edit reads Secrets through the roles it aggregates
      input: binding('RoleBinding', 'kube-system', 'edit'),
      failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('Group team', 'may get secrets', 'in namespace kube-system', 'RoleBinding kube-system/b → ClusterRole edit (Kubernetes default) rules[0] of ClusterRole system:aggregate-to-edit (Kubernetes default) (aggregated): verbs=get,list,watch apiGroups="" resources=pods/attach,pods/exec,pods/portforward,pods/proxy,secrets,services/proxy') }],
    },
    {
      input: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: everything }\nrules: [{ apiGroups: ["*"], resources: ["*"], verbs: [list] }]\n' + binding('ClusterRoleBinding', undefined, 'everything'),
      failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('Group team', 'may list secrets', 'cluster-wide', 'ClusterRoleBinding b → ClusterRole everything rules[0]: verbs=list apiGroups=* resources=*') }],
    },
    {
      // bound twice: one finding at the first binding naming the second
      input: SECRET_READER + binding('ClusterRoleBinding', undefined, 'secret-reader') + binding('ClusterRoleBinding', undefined, 'secret-reader').replace('name: b,', 'name: b2,'),
      failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('Group team', 'may watch secrets', 'cluster-wide', 'ClusterRoleBinding b → ClusterRole secret-reader rules[1]: verbs=watch apiGroups="" resources=secrets', { others: ['cluster-wide via ClusterRoleBinding b2 → ClusterRole secret-reader rules[1]: verbs=watch apiGroups="" resources=secrets'] }) }],
    },
  ],
});
