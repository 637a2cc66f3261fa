import { defineDefaultDenyCheck } from './default-deny.js';

/** K8S-NET-002: see defineDefaultDenyCheck. */
export const defaultDenyIngress = defineDefaultDenyCheck({
  id: 'K8S-NET-002',
  direction: 'Ingress',
  severity: 'medium',
  rationale:
    'A pod is open to every source until some ingress policy selects it. A default-deny ingress policy flips that default for the whole namespace, so a new workload, or one whose labels drift from its allow policy, is closed instead of exposed.',
  examples: {
    pass: [
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny-ingress, namespace: shop }
spec:
  podSelector: {}
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers: [{ name: web, image: nginx:1.27 }]
`,
    ],
    fail: [
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-web, namespace: shop }
spec:
  podSelector: { matchLabels: { app: web } }
  ingress: [{ ports: [{ port: 8080 }] }]
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop, labels: { app: web } }
spec:
  containers: [{ name: web, image: nginx:1.27 }]
`,
    ],
  },
});
