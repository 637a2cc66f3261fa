import { defineCheck } from '../../../core/check.js';
import { permission, rbacBindings, type BindingNode } from '../../../k8s/rbac/index.js';
import { firstGrant, judgeBinding, RBAC_GRANT_MESSAGES, RBAC_NEEDS, RBAC_REFERENCES } from './grants.js';

/**
 * `create` is what kubectl uses; `get` counts too because WebSocket exec,
 * attach and port-forward requests are GETs, authorized as `get` alone on
 * API servers before 1.30 (AuthorizePodWebsocketUpgradeCreatePermission).
 * A rule limited to some pod names still opens a shell in those pods.
 * `patch` or `update` on pods/ephemeralcontainers is `kubectl debug`: it
 * adds a container of the caller's choosing (image, command, target
 * process namespace) to a running pod, which is exec with extra steps.
 */
const EXEC = [
  permission({ id: 'pods:exec', verbs: ['create', 'get'], group: '', resources: ['pods/exec', 'pods/attach', 'pods/portforward'], names: 'any' }),
  permission({ id: 'pods:ephemeralcontainers', verbs: ['patch', 'update'], group: '', resources: ['pods/ephemeralcontainers'], names: 'any' }),
];

/**
 * K8S-RBAC-005: fails for a binding that lets its subjects exec into, attach to, debug or
 * port-forward pods.
 */
export const podExec = defineCheck<BindingNode>({
  id: 'K8S-RBAC-005',
  title: 'Subjects should not be able to exec into, attach to, debug or port-forward pods',
  area: 'iam',
  severity: 'medium',
  target: rbacBindings,
  needs: RBAC_NEEDS,
  admission: { judges: 'the RoleBinding or ClusterRoleBinding and the built-in role it names (cluster-admin, admin, edit…); a binding to a custom role the request does not carry passes here, and `scan` judges it with the role' },
  rationale:
    "exec and attach give a shell inside the container, with its service-account token, its mounted Secrets and its network position; adding an ephemeral container (`kubectl debug`, patch or update on pods/ephemeralcontainers) runs an image and command of the caller's choosing inside the pod, sharing its process namespace and volumes; port-forward reaches ports that no Service or NetworkPolicy exposes. These bypass the application's own authentication.",
  remediation:
    'Keep pods/exec, pods/attach, pods/portforward and patch/update on pods/ephemeralcontainers out of standing roles; grant them for an incident through a short-lived binding to a break-glass role.',
  messages: RBAC_GRANT_MESSAGES,
  references: [...RBAC_REFERENCES],
  standards: [],
  examples: {
    pass: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: log-reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["pods", "pods/log"]
    verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: log-reader
  namespace: shop
subjects:
  - kind: Group
    name: support
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: log-reader
`,
    ],
    fail: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: debugger
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["pods/exec"]
    verbs: ["create"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: debugger
  namespace: shop
subjects:
  - kind: User
    name: alice
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: debugger
`,
    ],
  },
  evaluate: (binding, ctx) =>
    judgeBinding(binding, ctx, {
      id: 'K8S-RBAC-005',
      find: (node, graph) => firstGrant(node, graph, EXEC),
      none: 'grants no pods/exec, pods/attach, pods/portforward or pods/ephemeralcontainers',
    }),
});
