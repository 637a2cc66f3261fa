import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { grantData } from '../../../../test/helpers/rbac-grant.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { podCreation } from './k8s-rbac-004-pod-creation.js';

const bindTo = (role: string, roleKind = 'ClusterRole', namespace = 'shop') => `---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: b, namespace: ${namespace} }
subjects: [{ kind: ServiceAccount, name: ci }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: ${role} }
`;

describe('K8S-RBAC-004 creating pods', () => {
  it('fails edit, which creates pods', () => {
    const [finding] = failures(runCheck(podCreation, bindTo('edit')));
    expect(finding!.message).toMatch(/^ServiceAccount shop\/ci may create pods in namespace shop via RoleBinding shop\/b → ClusterRole edit/);
    expect(finding!.message).toMatch(/It can run pods as any ServiceAccount of the namespace\.$/);
  });

  it('fails pod-owning workloads in their API group and names the group', () => {
    const role = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: deployer, namespace: shop }
rules:
  - { apiGroups: [apps], resources: [deployments], verbs: [get, create] }
`;
    expect(failures(runCheck(podCreation, role + bindTo('deployer', 'Role')))[0]!.message).toContain('may create deployments.apps in namespace shop');
  });

  it('ignores the same resource name in another API group and verbs other than create', () => {
    const role = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: lookalike, namespace: shop }
rules:
  - { apiGroups: [example.com], resources: [deployments, jobs], verbs: [create] }
  - { apiGroups: [""], resources: [pods], verbs: [get, list, delete] }
`;
    expect(statuses(runCheck(podCreation, role + bindTo('lookalike', 'Role')))).toEqual(['pass']);
    expect(statuses(runCheck(podCreation, bindTo('view')))).toEqual(['pass']);
  });

  it('excepts the built-in workload controllers', () => {
    const findings = runCheck(
      podCreation,
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: system:controller:replicaset-controller }
rules: [{ apiGroups: [""], resources: [pods], verbs: [create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: system:controller:replicaset-controller }
subjects: [{ kind: ServiceAccount, name: replicaset-controller, namespace: kube-system }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:controller:replicaset-controller }
`,
    );
    expect(statuses(findings)).toEqual(['pass']);
  });
});

const NOTE = 'It can run pods as any ServiceAccount of the namespace.';
const role = (rules: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: { name: r, namespace: shop }\nrules: ${rules}\n`;

testCheck(podCreation, {
  pass: [
    { input: bindTo('view') },
    { input: role('[{ apiGroups: [example.com], resources: [deployments, jobs], verbs: [create] }, { apiGroups: [""], resources: [pods], verbs: [get, list, delete] }]') + bindTo('r', 'Role') },
  ],
  fail: [
    {
      input: role('[{ apiGroups: [apps], resources: [deployments], verbs: [get, create] }]') + bindTo('r', 'Role'),
      failures: [{ path: 'subjects[0]', messageId: 'grant', severity: 'medium', data: grantData('ServiceAccount shop/ci', 'may create deployments.apps', 'in namespace shop', 'RoleBinding shop/b → Role shop/r rules[0]: verbs=get,create apiGroups=apps resources=deployments', { note: NOTE }) }],
    },
    {
      input: role('[{ apiGroups: [batch], resources: ["*"], verbs: ["*"] }]') + bindTo('r', 'Role'),
      failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('ServiceAccount shop/ci', 'may create jobs.batch', 'in namespace shop', 'RoleBinding shop/b → Role shop/r rules[0]: verbs=* apiGroups=batch resources=*', { note: NOTE }) }],
    },
    {
      input: role('[{ apiGroups: [""], resources: [replicationcontrollers], verbs: [create] }]') + bindTo('r', 'Role'),
      failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('ServiceAccount shop/ci', 'may create replicationcontrollers', 'in namespace shop', 'RoleBinding shop/b → Role shop/r rules[0]: verbs=create apiGroups="" resources=replicationcontrollers', { note: NOTE }) }],
    },
  ],
});
