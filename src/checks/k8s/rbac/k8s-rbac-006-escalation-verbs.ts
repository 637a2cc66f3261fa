import { defineCheck } from '../../../core/check.js';
import { permission, rbacBindings, type BindingNode } from '../../../k8s/rbac/index.js';
import { firstGrant, judgeBinding, RBAC_GRANT_MESSAGES, RBAC_NEEDS, RBAC_REFERENCES } from './grants.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/**
 * Named roles or identities still count (`bind` limited to `cluster-admin` is
 * the worst case); the message shows the names so a reviewer can judge.
 * `escalate` on ClusterRoles, and impersonating users, groups and uids, act on
 * cluster-scoped objects: only ClusterRoleBindings grant them. `bind` on
 * ClusterRoles is checked in the namespace of the RoleBinding being created,
 * so a RoleBinding that grants it lets the subject bind any ClusterRole there.
 */
const ESCALATION = [
  permission({ id: 'escalate:roles', verbs: ['escalate', 'bind'], group: RBAC_GROUP, resources: ['roles'], names: 'any' }),
  permission({ id: 'bind:clusterroles', verbs: ['bind'], group: RBAC_GROUP, resources: ['clusterroles'], names: 'any' }),
  permission({ id: 'escalate:clusterroles', verbs: ['escalate'], group: RBAC_GROUP, resources: ['clusterroles'], names: 'any', clusterScoped: true }),
  permission({ id: 'impersonate:identities', verbs: ['impersonate'], group: '', resources: ['users', 'groups'], names: 'any', clusterScoped: true }),
  permission({ id: 'impersonate:uids', verbs: ['impersonate'], group: 'authentication.k8s.io', resources: ['uids'], names: 'any', clusterScoped: true }),
  permission({ id: 'impersonate:serviceaccounts', verbs: ['impersonate'], group: '', resources: ['serviceaccounts'], names: 'any' }),
];

/**
 * K8S-RBAC-006: fails for a binding that grants escalate or bind on roles, or impersonate on users,
 * groups or UIDs.
 */
export const escalationVerbs = defineCheck<BindingNode>({
  id: 'K8S-RBAC-006',
  title: 'Subjects should not hold escalate, bind or impersonate',
  area: 'iam',
  severity: 'high',
  target: rbacBindings,
  needs: RBAC_NEEDS,
  admission: { judges: 'the RoleBinding or ClusterRoleBinding and the built-in role it names (cluster-admin, admin, edit…); a binding to a custom role the request does not carry passes here, and `scan` judges it with the role' },
  rationale:
    'RBAC stops a subject from granting permissions it does not hold, except through these verbs: `escalate` lets it write roles with any permission, `bind` lets it bind any role (cluster-admin included), `impersonate` lets it act as another user, group or ServiceAccount. Each is a step to cluster admin.',
  remediation:
    'Remove escalate, bind and impersonate from the role. Where a controller must manage RBAC, limit `bind` with `resourceNames` to the roles it hands out, and never to cluster-admin, admin or edit.',
  messages: RBAC_GRANT_MESSAGES,
  references: [...RBAC_REFERENCES, 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: rbac-viewer
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["roles", "rolebindings", "clusterroles", "clusterrolebindings"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: auditors
subjects:
  - kind: Group
    name: auditors
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: rbac-viewer
`,
    ],
    fail: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: impersonator
rules:
  - apiGroups: [""]
    resources: ["users", "groups"]
    verbs: ["impersonate"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: proxy-impersonation
subjects:
  - kind: ServiceAccount
    name: auth-proxy
    namespace: gateway
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: impersonator
`,
    ],
  },
  evaluate: (binding, ctx) =>
    judgeBinding(binding, ctx, {
      id: 'K8S-RBAC-006',
      find: (node, graph) => firstGrant(node, graph, ESCALATION),
      none: 'grants no escalate, bind or impersonate',
    }),
});
