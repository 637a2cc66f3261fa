import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { grantData } from '../../../../test/helpers/rbac-grant.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { awsAuthWrite } from './k8s-rbac-009-aws-auth-write.js';

function grant(rule: string, binding: { kind: 'RoleBinding' | 'ClusterRoleBinding'; namespace?: string }): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: r }
rules: [${rule}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${binding.kind}
metadata: { name: b${binding.namespace ? `, namespace: ${binding.namespace}` : ''} }
subjects: [{ kind: Group, name: platform }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r }
`;
}

const UPDATE_CONFIGMAPS = '{ apiGroups: [""], resources: [configmaps], verbs: [update] }';

describe('K8S-RBAC-009 writing kube-system ConfigMaps', () => {
  it('fails cluster-wide and kube-system grants, not other namespaces', () => {
    const [finding] = failures(runCheck(awsAuthWrite, grant(UPDATE_CONFIGMAPS, { kind: 'ClusterRoleBinding' })));
    expect(finding!.message).toMatch(/^Group platform may update configmaps \(kube-system\/aws-auth\) cluster-wide via ClusterRoleBinding b .* It can map any IAM principal to system:masters\.$/);
    expect(statuses(runCheck(awsAuthWrite, grant(UPDATE_CONFIGMAPS, { kind: 'RoleBinding', namespace: 'kube-system' })))).toEqual(['fail']);
    expect(statuses(runCheck(awsAuthWrite, grant(UPDATE_CONFIGMAPS, { kind: 'RoleBinding', namespace: 'shop' })))).toEqual(['pass']);
  });

  it('follows resourceNames: aws-auth named fails, other names pass', () => {
    const named = (name: string) => `{ apiGroups: [""], resources: [configmaps], resourceNames: [${name}], verbs: [patch] }`;
    expect(statuses(runCheck(awsAuthWrite, grant(named('aws-auth'), { kind: 'RoleBinding', namespace: 'kube-system' })))).toEqual(['fail']);
    expect(statuses(runCheck(awsAuthWrite, grant(named('coredns'), { kind: 'RoleBinding', namespace: 'kube-system' })))).toEqual(['pass']);
  });

  it('passes read-only access and create (which cannot change an existing aws-auth)', () => {
    expect(statuses(runCheck(awsAuthWrite, grant('{ apiGroups: [""], resources: [configmaps], verbs: [get, list, watch, create] }', { kind: 'ClusterRoleBinding' })))).toEqual(['pass']);
  });
});

const NOTE = 'It can map any IAM principal to system:masters.';

testCheck(awsAuthWrite, {
  pass: [
    { input: grant(UPDATE_CONFIGMAPS, { kind: 'RoleBinding', namespace: 'shop' }) },
    { input: grant('{ apiGroups: [""], resources: [configmaps], resourceNames: [coredns], verbs: [patch] }', { kind: 'RoleBinding', namespace: 'kube-system' }) },
    { input: grant('{ apiGroups: [""], resources: [configmaps], verbs: [get, list, watch, create] }', { kind: 'ClusterRoleBinding' }) },
  ],
  fail: [
    {
      input: grant(UPDATE_CONFIGMAPS, { kind: 'ClusterRoleBinding' }),
      failures: [{ path: 'subjects[0]', messageId: 'grant', severity: 'high', data: grantData('Group platform', 'may update configmaps (kube-system/aws-auth)', 'cluster-wide', 'ClusterRoleBinding b → ClusterRole r rules[0]: verbs=update apiGroups="" resources=configmaps', { note: NOTE }) }],
    },
    {
      input: grant('{ apiGroups: [""], resources: [configmaps], resourceNames: [aws-auth], verbs: [patch] }', { kind: 'RoleBinding', namespace: 'kube-system' }),
      failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('Group platform', 'may patch configmaps (only configmaps: aws-auth) (kube-system/aws-auth)', 'in namespace kube-system', 'RoleBinding kube-system/b → ClusterRole r rules[0]: verbs=patch apiGroups="" resources=configmaps resourceNames=aws-auth', { note: NOTE }) }],
    },
    {
      input: grant('{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }', { kind: 'RoleBinding', namespace: 'kube-system' }),
      failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('Group platform', 'may update configmaps (kube-system/aws-auth)', 'in namespace kube-system', 'RoleBinding kube-system/b → ClusterRole r rules[0]: verbs=* apiGroups=* resources=*', { note: NOTE }) }],
    },
  ],
});
