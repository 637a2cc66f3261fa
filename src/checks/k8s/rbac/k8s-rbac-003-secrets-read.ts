import { defineCheck } from '../../../core/check.js';
import { permission, rbacBindings, type BindingNode } from '../../../k8s/rbac/index.js';
import { firstGrant, judgeBinding, RBAC_GRANT_MESSAGES, RBAC_NEEDS, RBAC_REFERENCES } from './grants.js';

const READ_SECRETS = [permission({ id: 'secrets:read', verbs: ['get', 'list', 'watch'], group: '', resources: ['secrets'] })];

/** Cluster-wide grants, and grants in kube-system where the cluster's own credentials live. */
function inScope(binding: BindingNode): boolean {
  return binding.clusterWide || binding.namespace === 'kube-system';
}

/**
 * K8S-RBAC-003: fails for a binding that lets its subjects get, list or watch Secrets cluster-wide
 * or in kube-system.
 */
export const secretsRead = defineCheck<BindingNode>({
  id: 'K8S-RBAC-003',
  title: 'Subjects should not be able to read Secrets cluster-wide or in kube-system',
  area: 'iam',
  severity: 'high',
  target: rbacBindings,
  needs: RBAC_NEEDS,
  admission: { judges: 'the RoleBinding or ClusterRoleBinding and the built-in role it names (cluster-admin, admin, edit…); a binding to a custom role the request does not carry passes here, and `scan` judges it with the role' },
  rationale:
    'Reading Secrets everywhere, or in kube-system, yields the credentials of other workloads and of cluster components (service-account tokens, registry and cloud credentials). `list` and `watch` return every Secret\'s data just like `get`.',
  remediation:
    'Grant Secret access in a Role in the workload\'s own namespace, limited with `resourceNames` to the Secrets it reads; read secrets from a secret store (Secrets Store CSI driver, External Secrets) instead of the Kubernetes API where possible.',
  messages: RBAC_GRANT_MESSAGES,
  references: [...RBAC_REFERENCES],
  standards: [],
  examples: {
    pass: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: app-secret
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["app-db"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: app-secret
  namespace: shop
subjects:
  - kind: ServiceAccount
    name: web
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: app-secret
`,
    ],
    fail: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: secret-reader
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: monitoring-secrets
subjects:
  - kind: ServiceAccount
    name: agent
    namespace: monitoring
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: secret-reader
`,
    ],
  },
  evaluate: (binding, ctx) =>
    judgeBinding(binding, ctx, {
      id: 'K8S-RBAC-003',
      find: (node, graph) => (inScope(node) ? firstGrant(node, graph, READ_SECRETS) : undefined),
      none: 'grants no get, list or watch on Secrets cluster-wide or in kube-system',
    }),
});
