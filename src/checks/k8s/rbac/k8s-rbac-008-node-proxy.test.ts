import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { grantData } from '../../../../test/helpers/rbac-grant.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { nodeProxy } from './k8s-rbac-008-node-proxy.js';

function grant(rule: string, bindingKind: 'RoleBinding' | 'ClusterRoleBinding' = 'ClusterRoleBinding'): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: r }
rules: [${rule}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${bindingKind}
metadata: { name: b${bindingKind === 'RoleBinding' ? ', namespace: monitoring' : ''} }
subjects: [{ kind: ServiceAccount, name: agent, namespace: monitoring }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r }
`;
}

describe('K8S-RBAC-008 nodes/proxy', () => {
  it('fails any verb on nodes/proxy from a ClusterRoleBinding', () => {
    const [finding] = failures(runCheck(nodeProxy, grant('{ apiGroups: [""], resources: [nodes/proxy], verbs: [get] }')));
    expect(finding!.message).toMatch(/^ServiceAccount monitoring\/agent may get nodes\/proxy cluster-wide via ClusterRoleBinding b/);
    expect(statuses(runCheck(nodeProxy, grant('{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }')))).toEqual(['fail']);
  });

  it('passes a RoleBinding, which cannot grant a cluster-scoped resource', () => {
    expect(statuses(runCheck(nodeProxy, grant('{ apiGroups: [""], resources: [nodes/proxy], verbs: [get] }', 'RoleBinding')))).toEqual(['pass']);
  });

  it('passes nodes, nodes/metrics and nodes/stats', () => {
    expect(statuses(runCheck(nodeProxy, grant('{ apiGroups: [""], resources: [nodes, nodes/metrics, nodes/stats], verbs: [get, list] }')))).toEqual(['pass']);
  });
});

testCheck(nodeProxy, {
  pass: [
    { input: grant('{ apiGroups: [""], resources: [nodes/proxy], verbs: [get] }', 'RoleBinding') },
    { input: grant('{ apiGroups: [""], resources: [nodes, nodes/metrics, nodes/stats], verbs: [get, list] }') },
    { input: grant('{ apiGroups: [""], resources: [nodes/proxy], verbs: [list, watch] }') },
    // RBAC knows `*/proxy`, not `nodes/*`
    { input: grant('{ apiGroups: [""], resources: ["nodes/*"], verbs: ["*"] }') },
  ],
  fail: [
    { input: grant('{ apiGroups: [""], resources: [nodes/proxy], verbs: [get] }'), failures: [{ path: 'subjects[0]', messageId: 'grant', severity: 'high', data: grantData('ServiceAccount monitoring/agent', 'may get nodes/proxy', 'cluster-wide', 'ClusterRoleBinding b → ClusterRole r rules[0]: verbs=get apiGroups="" resources=nodes/proxy') }] },
    { input: grant('{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }'), failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('ServiceAccount monitoring/agent', 'may get nodes/proxy', 'cluster-wide', 'ClusterRoleBinding b → ClusterRole r rules[0]: verbs=* apiGroups=* resources=*') }] },
    // one named node is still every pod on it
    { input: grant('{ apiGroups: [""], resources: ["*/proxy"], resourceNames: [ip-10-0-0-1], verbs: [create] }'), failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('ServiceAccount monitoring/agent', 'may create nodes/proxy (only nodes: ip-10-0-0-1)', 'cluster-wide', 'ClusterRoleBinding b → ClusterRole r rules[0]: verbs=create apiGroups="" resources=*/proxy resourceNames=ip-10-0-0-1') }] },
  ],
});
