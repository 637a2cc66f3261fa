import { describe, expect, it } from 'vitest';
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
