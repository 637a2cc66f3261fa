import { defineCheck } from '../../../core/check.js';
import { permission, rbacBindings, type BindingNode } from '../../../k8s/rbac/index.js';
import { firstGrant, judgeBinding, RBAC_GRANT_MESSAGES, RBAC_NEEDS, RBAC_REFERENCES } from './grants.js';

/** A rule limited to other ConfigMaps by name cannot touch aws-auth; one naming aws-auth can. */
const WRITE_AWS_AUTH = [permission({ id: 'configmaps:aws-auth', verbs: ['update', 'patch'], group: '', resources: ['configmaps'], names: { name: 'aws-auth' } })];

function inScope(binding: BindingNode): boolean {
  return binding.clusterWide || binding.namespace === 'kube-system';
}

/**
 * K8S-RBAC-009: fails for a binding that lets its subjects update or patch ConfigMaps in
 * kube-system, aws-auth among them.
 */
export const awsAuthWrite = defineCheck<BindingNode>({
  id: 'K8S-RBAC-009',
  title: 'Subjects should not be able to update or patch ConfigMaps in kube-system (aws-auth)',
  area: 'iam',
  severity: 'high',
  target: rbacBindings,
  needs: RBAC_NEEDS,
  admission: { judges: 'the RoleBinding or ClusterRoleBinding and the built-in role it names (cluster-admin, admin, edit…); a binding to a custom role the request does not carry passes here, and `scan` judges it with the role' },
  rationale:
    'Whoever can edit kube-system/aws-auth can map any IAM role of their choosing to system:masters, so it is cluster admin with extra steps; a bad edit also locks out every node and administrator at once.',
  remediation:
    'Move cluster access to EKS access entries (authentication mode API) and stop editing aws-auth. Until then, let only the cluster\'s provisioning role update kube-system ConfigMaps, and exclude aws-auth with `resourceNames` from any other rule.',
  messages: RBAC_GRANT_MESSAGES,
  references: [...RBAC_REFERENCES, 'https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: feature-flags
  namespace: kube-system
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    resourceNames: ["feature-flags"]
    verbs: ["update", "patch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: feature-flags
  namespace: kube-system
subjects:
  - kind: ServiceAccount
    name: flagger
    namespace: kube-system
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: feature-flags
`,
    ],
    fail: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: config-editor
  namespace: kube-system
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get", "patch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: config-editor
  namespace: kube-system
subjects:
  - kind: Group
    name: platform
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: config-editor
`,
    ],
  },
  evaluate: (binding, ctx) =>
    judgeBinding(binding, ctx, {
      id: 'K8S-RBAC-009',
      find: (node, graph) => {
        if (!inScope(node)) return undefined;
        const grant = firstGrant(node, graph, WRITE_AWS_AUTH);
        return grant && { ...grant, what: `${grant.what} (kube-system/aws-auth)`, note: 'It can map any IAM principal to system:masters.' };
      },
      none: 'grants no update or patch on ConfigMaps in kube-system',
    }),
});
