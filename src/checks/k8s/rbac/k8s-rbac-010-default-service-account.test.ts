import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { defaultServiceAccountBound } from './k8s-rbac-010-default-service-account.js';

function binding(kind: 'RoleBinding' | 'ClusterRoleBinding', subjects: string, name = 'b'): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: { name: "${name}"${kind === 'RoleBinding' ? ', namespace: shop' : ''} }
subjects: ${subjects}
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
`;
}

describe('K8S-RBAC-010 default ServiceAccount bindings', () => {
  it('fails the default ServiceAccount, its namespace defaulted from the RoleBinding', () => {
    const [finding] = failures(runCheck(defaultServiceAccountBound, binding('RoleBinding', '[{ kind: ServiceAccount, name: default }]')));
    expect(finding!.message).toBe(
      'ServiceAccount shop/default (used by every pod of shop that names no ServiceAccount) is bound to ClusterRole view via RoleBinding shop/b',
    );
    expect(finding!.path).toBe('subjects[0]');
  });

  it('fails the default ServiceAccount of another namespace, also written as a user name', () => {
    expect(statuses(runCheck(defaultServiceAccountBound, binding('ClusterRoleBinding', '[{ kind: ServiceAccount, name: default, namespace: kube-system }]')))).toEqual(['fail']);
    expect(statuses(runCheck(defaultServiceAccountBound, binding('ClusterRoleBinding', '[{ kind: User, name: "system:serviceaccount:web:default" }]')))).toEqual(['fail']);
  });

  it('fails groups that contain default ServiceAccounts', () => {
    const findings = runCheck(defaultServiceAccountBound, binding('ClusterRoleBinding', '[{ kind: Group, name: "system:serviceaccounts:shop" }, { kind: Group, name: system:serviceaccounts }]'));
    expect(failures(findings).map((finding) => finding.message.split(' is bound')[0])).toEqual([
      'Group system:serviceaccounts:shop (every ServiceAccount of shop, its default ServiceAccount included)',
      "Group system:serviceaccounts (every ServiceAccount, so every namespace's default ServiceAccount)",
    ]);
  });

  it('passes named ServiceAccounts, a ServiceAccount without namespace in a ClusterRoleBinding, and the built-in issuer discovery binding', () => {
    expect(statuses(runCheck(defaultServiceAccountBound, binding('RoleBinding', '[{ kind: ServiceAccount, name: web }]')))).toEqual(['pass']);
    expect(statuses(runCheck(defaultServiceAccountBound, binding('ClusterRoleBinding', '[{ kind: ServiceAccount, name: default }]')))).toEqual(['pass']);
    expect(
      statuses(runCheck(defaultServiceAccountBound, binding('ClusterRoleBinding', '[{ kind: Group, name: system:serviceaccounts }]', 'system:service-account-issuer-discovery'))),
    ).toEqual(['pass']);
  });

  it('reports a default ServiceAccount bound several times once, naming every binding', () => {
    const twice = binding('RoleBinding', '[{ kind: ServiceAccount, name: default }]', 'b1') + '---\n' + binding('RoleBinding', '[{ kind: ServiceAccount, name: default }]', 'b2');
    const findings = runCheck(defaultServiceAccountBound, twice);
    expect(statuses(findings)).toEqual(['fail', 'pass']);
    expect(failures(findings)[0]!.message).toContain('via RoleBinding shop/b1; also ServiceAccount shop/default');
    expect(failures(findings)[0]!.message).toContain('via RoleBinding shop/b2');
  });
});

const bound = (finding: string, also = '') => ({ finding, also });

testCheck(defaultServiceAccountBound, {
  pass: [
    { input: binding('RoleBinding', '[{ kind: ServiceAccount, name: web }]') },
    // a ServiceAccount without namespace in a ClusterRoleBinding names no account
    { input: binding('ClusterRoleBinding', '[{ kind: ServiceAccount, name: default }]') },
    { input: binding('ClusterRoleBinding', '[{ kind: Group, name: system:serviceaccounts }]', 'system:service-account-issuer-discovery') },
    { input: binding('ClusterRoleBinding', '[{ kind: Group, name: "system:serviceaccounts:" }, { kind: User, name: default }]') },
  ],
  fail: [
    {
      input: binding('RoleBinding', '[{ kind: ServiceAccount, name: default }]'),
      failures: [{ path: 'subjects[0]', messageId: 'subject', severity: 'medium', data: bound('ServiceAccount shop/default (used by every pod of shop that names no ServiceAccount) is bound to ClusterRole view via RoleBinding shop/b') }],
    },
    {
      // written as a user name
      input: binding('ClusterRoleBinding', '[{ kind: User, name: "system:serviceaccount:web:default" }]'),
      failures: [{ path: 'subjects[0]', messageId: 'subject', data: bound('ServiceAccount web/default (used by every pod of web that names no ServiceAccount) is bound to ClusterRole view via ClusterRoleBinding b') }],
    },
    {
      input: binding('ClusterRoleBinding', '[{ kind: Group, name: "system:serviceaccounts:shop" }, { kind: Group, name: system:serviceaccounts }]'),
      failures: [
        { path: 'subjects[0]', messageId: 'subject', data: bound('Group system:serviceaccounts:shop (every ServiceAccount of shop, its default ServiceAccount included) is bound to ClusterRole view via ClusterRoleBinding b') },
        { path: 'subjects[1]', messageId: 'subject', data: bound("Group system:serviceaccounts (every ServiceAccount, so every namespace's default ServiceAccount) is bound to ClusterRole view via ClusterRoleBinding b") },
      ],
    },
    {
      // bound twice: one finding at the first binding, the second appended
      input: binding('RoleBinding', '[{ kind: ServiceAccount, name: default }]') + '---\n' + binding('RoleBinding', '[{ kind: ServiceAccount, name: default, namespace: shop }]', 'b2'),
      failures: [{ path: 'subjects[0]', messageId: 'subject', data: bound('ServiceAccount shop/default (used by every pod of shop that names no ServiceAccount) is bound to ClusterRole view via RoleBinding shop/b', '; also ServiceAccount shop/default (used by every pod of shop that names no ServiceAccount) is bound to ClusterRole view via RoleBinding shop/b2') }],
    },
  ],
});
