import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { grantData } from '../../../../test/helpers/rbac-grant.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { clusterAdminBinding } from './k8s-rbac-001-cluster-admin-binding.js';

function crb(name: string, subjects: string, role = 'cluster-admin'): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ${name}
subjects:
${subjects}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${role}
`;
}

describe('K8S-RBAC-001 cluster-admin bindings', () => {
  it('names the subject, the binding and the rule, at the subject line', () => {
    const findings = runCheck(clusterAdminBinding, crb('ci-admin', '  - kind: ServiceAccount\n    name: deployer\n    namespace: ci'));
    const [finding] = failures(findings);
    expect(finding!.message).toBe(
      'ServiceAccount ci/deployer is bound to cluster-admin cluster-wide via ClusterRoleBinding ci-admin → ClusterRole cluster-admin (Kubernetes default) rules[0]: verbs=* apiGroups=* resources=*. That is every action on every object.',
    );
    expect(finding!.path).toBe('subjects[0]');
    expect(finding!.location).toEqual({ file: 'test.yaml', line: 6 });
    expect(finding!.resource).toMatchObject({ kind: 'ClusterRoleBinding', name: 'ci-admin' });
  });

  it('reports every subject of the binding separately', () => {
    const findings = runCheck(clusterAdminBinding, crb('admins', '  - kind: User\n    name: alice\n  - kind: Group\n    name: ops'));
    expect(failures(findings).map((finding) => finding.path)).toEqual(['subjects[0]', 'subjects[1]']);
  });

  it('excepts the built-in bindings only for their default subjects', () => {
    expect(statuses(runCheck(clusterAdminBinding, crb('cluster-admin', '  - kind: Group\n    name: system:masters')))).toEqual(['pass']);
    expect(statuses(runCheck(clusterAdminBinding, crb('eks:addon-cluster-admin', '  - kind: User\n    name: eks:addon-manager')))).toEqual(['pass']);
    const tampered = runCheck(clusterAdminBinding, crb('cluster-admin', '  - kind: Group\n    name: system:masters\n  - kind: User\n    name: mallory'));
    expect(failures(tampered).map((finding) => finding.message.split(' is ')[0])).toEqual(['User mallory']);
  });

  it('does not except by name prefix', () => {
    const findings = runCheck(clusterAdminBinding, crb('system:controller:backdoor', '  - kind: User\n    name: mallory'));
    expect(statuses(findings)).toEqual(['fail']);
  });

  it('reports a RoleBinding to cluster-admin as full control of the namespace', () => {
    const findings = runCheck(
      clusterAdminBinding,
      `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: shop-admin, namespace: shop }
subjects: [{ kind: ServiceAccount, name: deployer }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
`,
    );
    expect(failures(findings)[0]!.message).toMatch(/^ServiceAccount shop\/deployer is bound to cluster-admin in namespace shop via RoleBinding shop\/shop-admin .* in namespace shop, its Secrets and RBAC included\.$/);
  });

  it('passes other roles, a Role named cluster-admin, bindings without subjects and malformed bindings', () => {
    expect(statuses(runCheck(clusterAdminBinding, crb('viewers', '  - kind: Group\n    name: viewers', 'view')))).toEqual(['pass']);
    expect(statuses(runCheck(clusterAdminBinding, crb('nobody', '  []')))).toEqual(['pass']);
    const odd = runCheck(
      clusterAdminBinding,
      `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: fake, namespace: shop }
subjects: [{ kind: User, name: alice }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: cluster-admin }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: broken }
subjects: "alice"
roleRef: [cluster-admin]
`,
    );
    expect(statuses(odd)).toEqual(['pass', 'pass']);
  });

  it('fails a role that is cluster-admin in all but name, and says so', () => {
    const admin = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: superuser }\nrules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, { nonResourceURLs: ["*"], verbs: ["*"] }]\n---\n';
    const [finding] = failures(runCheck(clusterAdminBinding, admin + crb('ops', '  - { kind: Group, name: ops }', 'superuser')));
    expect(finding?.message).toMatch(/^Group ops is bound to ClusterRole superuser \(cluster-admin in all but name\) cluster-wide via ClusterRoleBinding ops → ClusterRole superuser rules\[0\]/);
    expect(finding?.message).not.toContain('not bound');
    // a wildcard limited to some names, or to one API group, is not everything
    const narrow = admin.replace('resources: ["*"], verbs: ["*"] }', 'resources: ["*"], resourceNames: [x], verbs: ["*"] }');
    const [passed] = runCheck(clusterAdminBinding, narrow + crb('ops', '  - { kind: Group, name: ops }', 'superuser'));
    expect(passed?.status).toBe('pass');
    expect(passed?.message).toBe('bound neither to cluster-admin nor to a role that grants every verb on every resource');
  });
});

const EVERYTHING = 'That is every action on every object.';
const SUPERUSER = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: superuser }\nrules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]\n---\n';

testCheck(clusterAdminBinding, {
  pass: [
    { input: crb('viewers', '  - kind: Group\n    name: viewers', 'view') },
    // the built-in bindings, for their default subjects only
    { input: crb('cluster-admin', '  - kind: Group\n    name: system:masters') },
    { input: crb('eks:addon-cluster-admin', '  - kind: User\n    name: eks:addon-manager') },
    // a wildcard limited to some names is not everything
    { input: SUPERUSER.replace('verbs: ["*"] }', 'resourceNames: [x], verbs: ["*"] }') + crb('ops', '  - { kind: Group, name: ops }', 'superuser') },
    { input: crb('nobody', '  []') },
  ],
  fail: [
    {
      input: crb('ci-admin', '  - kind: ServiceAccount\n    name: deployer\n    namespace: ci'),
      failures: [{ path: 'subjects[0]', messageId: 'grant', severity: 'high', data: grantData('ServiceAccount ci/deployer', 'is bound to cluster-admin', 'cluster-wide', 'ClusterRoleBinding ci-admin → ClusterRole cluster-admin (Kubernetes default) rules[0]: verbs=* apiGroups=* resources=*', { note: EVERYTHING }) }],
    },
    {
      // a subject added to the built-in binding is reported; its default subject is not
      input: crb('cluster-admin', '  - kind: Group\n    name: system:masters\n  - kind: User\n    name: mallory'),
      failures: [{ path: 'subjects[1]', messageId: 'grant', data: grantData('User mallory', 'is bound to cluster-admin', 'cluster-wide', 'ClusterRoleBinding cluster-admin → ClusterRole cluster-admin (Kubernetes default) rules[0]: verbs=* apiGroups=* resources=*', { note: EVERYTHING }) }],
    },
    {
      // a RoleBinding applied without a namespace: the namespace it lands in
      input: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: admin }\nsubjects: [{ kind: ServiceAccount, name: deployer }]\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }\n',
      failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('ServiceAccount (namespace not set)/deployer', 'is bound to cluster-admin', 'in namespace (not set: the one it is applied to)', 'RoleBinding admin → ClusterRole cluster-admin (Kubernetes default) rules[0]: verbs=* apiGroups=* resources=*', { note: 'That is every action on every object in namespace (not set: the one it is applied to), its Secrets and RBAC included.' }) }],
    },
    {
      // cluster-admin in all but name, bound twice to the same group: one finding naming both bindings
      input: SUPERUSER + crb('ops', '  - { kind: Group, name: ops }', 'superuser') + '---\n' + crb('ops-again', '  - { kind: Group, name: ops }', 'superuser'),
      failures: [{
        path: 'subjects[0]', messageId: 'grant',
        data: grantData('Group ops', 'is bound to ClusterRole superuser (cluster-admin in all but name)', 'cluster-wide', 'ClusterRoleBinding ops → ClusterRole superuser rules[0]: verbs=* apiGroups=* resources=*', { note: EVERYTHING, others: ['cluster-wide via ClusterRoleBinding ops-again → ClusterRole superuser rules[0]: verbs=* apiGroups=* resources=*'] }),
      }],
    },
    {
      // an aggregated ClusterRole that collects a wildcard rule
      input: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: agg }\naggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: "true" } }] }\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: part, labels: { agg: "true" } }\nrules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]\n---\n' + crb('agg', '  - { kind: User, name: bob }', 'agg'),
      failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('User bob', 'is bound to ClusterRole agg (cluster-admin in all but name)', 'cluster-wide', 'ClusterRoleBinding agg → ClusterRole agg rules[0] of ClusterRole part (aggregated): verbs=* apiGroups=* resources=*', { note: EVERYTHING }) }],
    },
  ],
});
