import { describe, expect, it } from 'vitest';
import { describeSubject, readSubjects, subjectKey } from './subjects.js';

describe('binding subjects', () => {
  it('reads users, groups and ServiceAccounts with their index', () => {
    const subjects = readSubjects(
      [
        { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' },
        { kind: 'Group', name: 'dev' },
        { kind: 'ServiceAccount', name: 'ci', namespace: 'build' },
      ],
      undefined,
    );
    expect(subjects.map(describeSubject)).toEqual(['User alice', 'Group dev', 'ServiceAccount build/ci']);
    expect(subjects.map((subject) => subject.index)).toEqual([0, 1, 2]);
  });

  it('defaults a ServiceAccount namespace to the RoleBinding namespace, and drops it in a ClusterRoleBinding', () => {
    expect(readSubjects([{ kind: 'ServiceAccount', name: 'default' }], 'shop')).toEqual([{ kind: 'ServiceAccount', name: 'default', namespace: 'shop', index: 0 }]);
    expect(readSubjects([{ kind: 'ServiceAccount', name: 'default' }], undefined)).toEqual([]);
  });

  it('treats a system:serviceaccount user name as that ServiceAccount', () => {
    const [subject] = readSubjects([{ kind: 'User', name: 'system:serviceaccount:kube-system:default' }], undefined);
    expect(subject).toMatchObject({ kind: 'ServiceAccount', namespace: 'kube-system', name: 'default', fromUserName: true });
    expect(subjectKey(subject!)).toBe('ServiceAccount:kube-system:default');
  });

  it('skips subjects the authorizer can never match, keeping the indexes of the others', () => {
    const subjects = readSubjects(['x', null, { kind: 'Robot', name: 'r2' }, { kind: 'User' }, { kind: 'User', name: 42 }, { kind: 'Group', name: 'ok' }], undefined);
    expect(subjects).toEqual([{ kind: 'Group', name: 'ok', index: 5 }]);
    expect(readSubjects({ kind: 'User', name: 'a' }, undefined)).toEqual([]);
  });
});
