import { describe, expect, it } from 'vitest';
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
