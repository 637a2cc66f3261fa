import { describe, expect, it } from 'vitest';
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
