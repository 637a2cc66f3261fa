import { definePathCheck } from './attack-path-check.js';

const workload = (binding: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      serviceAccountName: web
      containers: [{ name: web, image: example.com/shop/web:2.0.1 }]
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  type: LoadBalancer
  selector: { app: web }
  ports: [{ port: 443 }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: web }
subjects: [{ kind: ServiceAccount, name: web, namespace: shop }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${binding} }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: platform-admins }
subjects: [{ kind: Group, name: platform-admins, apiGroup: rbac.authorization.k8s.io }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
`;

/** EKS-PATH-004: fails for each attack path from an entry point to cluster-admin. */
export const attackPathToClusterAdmin = definePathCheck({
  id: 'EKS-PATH-004',
  title: 'No attack path should lead from an entry point to cluster-admin',
  severity: 'critical',
  jewels: ['cluster-admin'],
  rationale:
    'cluster-admin is every Secret, every workload and every node of the cluster. A path to it from the internet (an exposed pod whose ServiceAccount is bound to it, or can create pods as one that is), from any authenticated user, or from a namespace\'s developers (pod creation in kube-system, an IAM role mapped to system:masters) turns one foothold into the whole cluster.',
  remediation:
    'Remove the step named as the fix first: bind ServiceAccounts to roles with only what they use, keep pod creation in kube-system to cluster operators, enforce Pod Security baseline or restricted on every namespace, and map no workload or node role to system:masters or AmazonEKSClusterAdminPolicy.',
  examples: { pass: [workload('view')], fail: [workload('cluster-admin')] },
});
