import { defineCheck } from '../../../core/check.js';
import { permission, rbacBindings, type BindingNode } from '../../../k8s/rbac/index.js';
import { firstGrant, judgeBinding, RBAC_GRANT_MESSAGES, RBAC_NEEDS, RBAC_REFERENCES } from './grants.js';

/** Pods and every built-in kind that creates pods from a template. */
const CREATE_PODS = [
  permission({ id: 'create:core-pods', verbs: ['create'], group: '', resources: ['pods', 'replicationcontrollers'] }),
  permission({ id: 'create:apps-workloads', verbs: ['create'], group: 'apps', resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'] }),
  permission({ id: 'create:batch-workloads', verbs: ['create'], group: 'batch', resources: ['jobs', 'cronjobs'] }),
];

/**
 * K8S-RBAC-004: fails for a binding that lets its subjects create pods or workloads that own pods.
 */
export const podCreation = defineCheck<BindingNode>({
  id: 'K8S-RBAC-004',
  title: 'Subjects should not be able to create pods or pod-owning workloads',
  area: 'iam',
  severity: 'medium',
  target: rbacBindings,
  needs: RBAC_NEEDS,
  admission: { judges: 'the RoleBinding or ClusterRoleBinding and the built-in role it names (cluster-admin, admin, edit…); a binding to a custom role the request does not carry passes here, and `scan` judges it with the role' },
  rationale:
    'Whoever creates a pod chooses its ServiceAccount, so can act as any ServiceAccount of the namespace and mount any of its Secrets; where Pod Security admission does not stop it, the pod can also be privileged and take over its node. A Deployment, DaemonSet, Job or other controller creates the pods for them.',
  remediation:
    'Let a deployment pipeline (GitOps controller, CI role) create workloads, and give people and applications read access only. Enforce Pod Security `restricted` on the namespace so that a created pod cannot reach the node.',
  messages: RBAC_GRANT_MESSAGES,
  references: [...RBAC_REFERENCES, 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: readers
  namespace: shop
subjects:
  - kind: Group
    name: shop-viewers
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
`,
    ],
    fail: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: job-runner
  namespace: batch
rules:
  - apiGroups: ["batch"]
    resources: ["jobs"]
    verbs: ["create", "get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: job-runner
  namespace: batch
subjects:
  - kind: ServiceAccount
    name: scheduler
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: job-runner
`,
    ],
  },
  evaluate: (binding, ctx) =>
    judgeBinding(binding, ctx, {
      id: 'K8S-RBAC-004',
      find: (node, graph) => {
        const grant = firstGrant(node, graph, CREATE_PODS);
        return grant && { ...grant, note: 'It can run pods as any ServiceAccount of the namespace.' };
      },
      none: 'grants no create on pods or pod-owning workloads',
    }),
});
