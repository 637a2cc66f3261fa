import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { grantData } from '../../../../test/helpers/rbac-grant.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { persistentVolumeCreate } from './k8s-rbac-013-persistent-volume-create.js';

function grant(rule: string, bindingKind: 'RoleBinding' | 'ClusterRoleBinding' = 'ClusterRoleBinding'): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: r }
rules: [${rule}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${bindingKind}
metadata: { name: b${bindingKind === 'RoleBinding' ? ', namespace: team-a' : ''} }
subjects: [{ kind: ServiceAccount, name: provisioner, namespace: team-a }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r }
`;
}

describe('K8S-RBAC-013 create PersistentVolumes', () => {
  it('fails create on persistentvolumes from a ClusterRoleBinding, naming subject, binding and rule', () => {
    const [finding] = failures(runCheck(persistentVolumeCreate, grant('{ apiGroups: [""], resources: [persistentvolumes], verbs: [create] }')));
    expect(finding!.message).toMatch(/^ServiceAccount team-a\/provisioner may create persistentvolumes cluster-wide via ClusterRoleBinding b/);
    expect(finding!.resource).toMatchObject({ kind: 'ClusterRoleBinding', name: 'b' });
    expect(finding!.path).toBe('subjects[0]');
  });

  it('fails wildcards that include create on persistentvolumes', () => {
    expect(statuses(runCheck(persistentVolumeCreate, grant('{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }')))).toEqual(['fail']);
    expect(statuses(runCheck(persistentVolumeCreate, grant('{ apiGroups: [""], resources: [persistentvolumes], verbs: ["*"] }')))).toEqual(['fail']);
  });

  it('passes reading PersistentVolumes, creating claims, and a RoleBinding (which cannot grant a cluster-scoped resource)', () => {
    expect(statuses(runCheck(persistentVolumeCreate, grant('{ apiGroups: [""], resources: [persistentvolumes], verbs: [get, list, watch] }')))).toEqual(['pass']);
    expect(statuses(runCheck(persistentVolumeCreate, grant('{ apiGroups: [""], resources: [persistentvolumeclaims], verbs: [create] }')))).toEqual(['pass']);
    expect(statuses(runCheck(persistentVolumeCreate, grant('{ apiGroups: [""], resources: [persistentvolumes], verbs: [create] }', 'RoleBinding')))).toEqual(['pass']);
  });
});

testCheck(persistentVolumeCreate, {
  pass: [
    { input: grant('{ apiGroups: [""], resources: [persistentvolumes], verbs: [get, list, watch, update] }') },
    { input: grant('{ apiGroups: [""], resources: [persistentvolumeclaims], verbs: [create] }') },
    { input: grant('{ apiGroups: [""], resources: [persistentvolumes], verbs: [create] }', 'RoleBinding') },
    // a create request carries no name, so a rule limited by name never grants it
    { input: grant('{ apiGroups: [""], resources: [persistentvolumes], resourceNames: [pv-1], verbs: [create] }') },
  ],
  fail: [
    { input: grant('{ apiGroups: [""], resources: [persistentvolumes], verbs: [create] }'), failures: [{ path: 'subjects[0]', messageId: 'grant', severity: 'high', data: grantData('ServiceAccount team-a/provisioner', 'may create persistentvolumes', 'cluster-wide', 'ClusterRoleBinding b → ClusterRole r rules[0]: verbs=create apiGroups="" resources=persistentvolumes') }] },
    { input: grant('{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }'), failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('ServiceAccount team-a/provisioner', 'may create persistentvolumes', 'cluster-wide', 'ClusterRoleBinding b → ClusterRole r rules[0]: verbs=* apiGroups=* resources=*') }] },
    { input: grant('{ apiGroups: [""], resources: [persistentvolumes], verbs: [create, delete] }', 'ClusterRoleBinding').replace('kind: ServiceAccount, name: provisioner, namespace: team-a', 'kind: Group, name: storage-admins'), failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('Group storage-admins', 'may create persistentvolumes', 'cluster-wide', 'ClusterRoleBinding b → ClusterRole r rules[0]: verbs=create,delete apiGroups="" resources=persistentvolumes') }] },
  ],
});
