import { defineCheck } from '../../../core/check.js';
import { permission, rbacBindings, type BindingNode } from '../../../k8s/rbac/index.js';
import { firstGrant, judgeBinding, RBAC_NEEDS, RBAC_REFERENCES } from './grants.js';

const CHANGE_WEBHOOKS = [
  permission({
    id: 'admission:webhooks',
    verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'],
    group: 'admissionregistration.k8s.io',
    resources: ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'],
    names: 'any',
    clusterScoped: true,
  }),
];

export const admissionWebhooks = defineCheck<BindingNode>({
  id: 'K8S-RBAC-012',
  title: 'Subjects that may change admission webhook configurations',
  area: 'iam',
  severity: 'high',
  target: rbacBindings,
  needs: RBAC_NEEDS,
  rationale:
    'Admission webhooks enforce policy (Pod Security beyond PSA, image signing, eksguard itself) and mutating webhooks rewrite every object they match: whoever can change their configuration can switch the policy off, or point a mutating webhook at their own server and inject containers and credentials into every new pod.',
  remediation:
    'Let only the installer of each admission controller (its Helm release or GitOps controller) write webhook configurations; a controller that patches its own CA bundle needs update limited with `resourceNames` to its own configuration.',
  references: [...RBAC_REFERENCES, 'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/'],
  standards: ['CIS-EKS-1.8 4.1.11', 'NSA-CISA authentication-authorization', 'EKS-BPG iam'],
  examples: {
    pass: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: webhook-viewer
rules:
  - apiGroups: ["admissionregistration.k8s.io"]
    resources: ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: webhook-viewer
subjects:
  - kind: Group
    name: auditors
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: webhook-viewer
`,
    ],
    fail: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: webhook-admin
rules:
  - apiGroups: ["admissionregistration.k8s.io"]
    resources: ["mutatingwebhookconfigurations"]
    verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: webhook-admin
subjects:
  - kind: User
    name: bob
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: webhook-admin
`,
    ],
  },
  evaluate: (binding, ctx) =>
    judgeBinding(binding, ctx, {
      find: (node, graph) => firstGrant(node, graph, CHANGE_WEBHOOKS),
      none: 'grants no write access to admission webhook configurations',
    }),
});
