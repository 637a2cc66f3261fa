import { defineDefaultDenyCheck } from './default-deny.js';

/** K8S-NET-003: see defineDefaultDenyCheck. Without policyTypes a policy is never an egress policy unless it has egress rules, so a default deny must name Egress. */
export const defaultDenyEgress = defineDefaultDenyCheck({
  id: 'K8S-NET-003',
  direction: 'Egress',
  severity: 'low',
  rationale:
    'Pods may connect anywhere until some egress policy selects them: to the instance metadata service, to other namespaces, to the internet for exfiltration or command and control. A default-deny egress policy makes every outbound connection an explicit decision.',
  examples: {
    pass: [
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny-all, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
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
metadata: { name: deny-ingress, namespace: shop }
spec:
  podSelector: {}
  egress: []
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers: [{ name: web, image: nginx:1.27 }]
`,
    ],
  },
});
