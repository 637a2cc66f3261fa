import { defineCheck } from '../../../core/check.js';
import { permission, rbacBindings, type BindingNode } from '../../../k8s/rbac/index.js';
import { firstGrant, judgeBinding, RBAC_GRANT_MESSAGES, RBAC_NEEDS, RBAC_REFERENCES } from './grants.js';

/** Any verb: the API server maps proxied GETs to `get` and POSTs (exec through the kubelet) to `create`. */
const NODE_PROXY = [
  permission({
    id: 'nodes:proxy',
    verbs: ['get', 'create', 'update', 'patch', 'delete'],
    group: '',
    resources: ['nodes/proxy'],
    names: 'any',
    clusterScoped: true,
  }),
];

/**
 * K8S-RBAC-008: fails for a binding that grants access to nodes/proxy (the kubelet API, exec on any
 * pod of the node).
 */
export const nodeProxy = defineCheck<BindingNode>({
  id: 'K8S-RBAC-008',
  title: 'Subjects should not be able to reach nodes/proxy',
  area: 'iam',
  severity: 'high',
  target: rbacBindings,
  needs: RBAC_NEEDS,
  admission: { judges: 'the RoleBinding or ClusterRoleBinding and the built-in role it names (cluster-admin, admin, edit…); a binding to a custom role the request does not carry passes here, and `scan` judges it with the role' },
  rationale:
    'nodes/proxy reaches the kubelet API of a node through the API server: it can run commands in any pod on the node (`/exec`, `/run`), read every pod\'s logs and environment, and its requests do not show up as pod exec in the audit log. Even `get` alone is enough on many kubelet endpoints.',
  remediation:
    'Grant monitoring agents nodes/metrics and nodes/stats instead of nodes/proxy; keep nodes/proxy for break-glass node debugging only.',
  messages: RBAC_GRANT_MESSAGES,
  references: [...RBAC_REFERENCES, 'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: metrics-reader
rules:
  - apiGroups: [""]
    resources: ["nodes/metrics", "nodes/stats"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: metrics-reader
subjects:
  - kind: ServiceAccount
    name: agent
    namespace: monitoring
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: metrics-reader
`,
    ],
    fail: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: node-scraper
rules:
  - apiGroups: [""]
    resources: ["nodes/proxy"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: node-scraper
subjects:
  - kind: ServiceAccount
    name: agent
    namespace: monitoring
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: node-scraper
`,
    ],
  },
  evaluate: (binding, ctx) =>
    judgeBinding(binding, ctx, {
      id: 'K8S-RBAC-008',
      find: (node, graph) => firstGrant(node, graph, NODE_PROXY),
      none: 'grants no access to nodes/proxy',
    }),
});
