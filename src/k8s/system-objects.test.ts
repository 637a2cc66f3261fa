import { describe, expect, it } from 'vitest';
import { builtInBinding, builtInCounts, builtInRoleOrigin, isBroadSubject, isDefaultSubject } from './system-objects.js';

describe('built-in RBAC objects', () => {
  it('knows Kubernetes and EKS roles by exact kind, name and namespace', () => {
    expect(builtInRoleOrigin('ClusterRole', 'cluster-admin')).toBe('kubernetes');
    expect(builtInRoleOrigin('ClusterRole', 'system:controller:replicaset-controller')).toBe('kubernetes');
    expect(builtInRoleOrigin('ClusterRole', 'eks:node-manager')).toBe('eks');
    expect(builtInRoleOrigin('ClusterRole', 'aws-node')).toBe('eks');
    expect(builtInRoleOrigin('Role', 'extension-apiserver-authentication-reader', 'kube-system')).toBe('kubernetes');
    expect(builtInRoleOrigin('Role', 'eks:authenticator', 'kube-system')).toBe('eks');
  });

  it('does not match by prefix, by another kind or in another namespace', () => {
    expect(builtInRoleOrigin('ClusterRole', 'system:controller:my-controller')).toBeUndefined();
    expect(builtInRoleOrigin('ClusterRole', 'eks:anything')).toBeUndefined();
    expect(builtInRoleOrigin('Role', 'cluster-admin', 'default')).toBeUndefined();
    expect(builtInRoleOrigin('Role', 'extension-apiserver-authentication-reader', 'shop')).toBeUndefined();
    expect(builtInBinding('RoleBinding', 'cluster-admin', 'shop')).toBeUndefined();
    expect(builtInBinding('ClusterRoleBinding', 'system:controller:backdoor')).toBeUndefined();
  });

  it('excuses only the default subjects of a binding that pins them', () => {
    const clusterAdmin = builtInBinding('ClusterRoleBinding', 'cluster-admin')!;
    expect(isDefaultSubject(clusterAdmin, { kind: 'Group', name: 'system:masters' })).toBe(true);
    expect(isDefaultSubject(clusterAdmin, { kind: 'User', name: 'system:masters' })).toBe(false);
    const controller = builtInBinding('ClusterRoleBinding', 'system:controller:job-controller')!;
    expect(isDefaultSubject(controller, { kind: 'ServiceAccount', namespace: 'kube-system', name: 'job-controller' })).toBe(true);
    expect(isDefaultSubject(controller, { kind: 'ServiceAccount', namespace: 'shop', name: 'job-controller' })).toBe(false);
    const leader = builtInBinding('RoleBinding', 'system::leader-locking-kube-scheduler', 'kube-system')!;
    expect(isDefaultSubject(leader, { kind: 'User', name: 'system:kube-scheduler' })).toBe(true);
  });

  it('never excuses broad subjects through an EKS binding whose subjects are not documented', () => {
    const nodeManager = builtInBinding('ClusterRoleBinding', 'eks:node-manager')!;
    expect(nodeManager.subjects).toBeUndefined();
    expect(isDefaultSubject(nodeManager, { kind: 'User', name: 'eks:node-manager' })).toBe(true);
    for (const broad of [
      { kind: 'User', name: 'system:anonymous' },
      { kind: 'Group', name: 'system:unauthenticated' },
      { kind: 'Group', name: 'system:authenticated' },
      { kind: 'Group', name: 'system:serviceaccounts' },
      { kind: 'Group', name: 'system:serviceaccounts:kube-system' },
    ] as const) {
      expect(isBroadSubject(broad)).toBe(true);
      expect(isDefaultSubject(nodeManager, broad)).toBe(false);
    }
    expect(isBroadSubject({ kind: 'Group', name: 'system:masters' })).toBe(false);
  });

  it('lists a plausible number of objects', () => {
    const counts = builtInCounts();
    expect(counts.roles).toBeGreaterThan(90);
    expect(counts.bindings).toBeGreaterThan(80);
  });
});
