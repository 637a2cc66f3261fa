import { definePssCheck } from './define-pss-check.js';

/** PSS-hostPorts: the Pod Security Standards check `hostPorts`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssHostPorts = definePssCheck({
  id: 'hostPorts',
  title: 'Containers must not bind host ports',
  rationale:
    "A hostPort publishes the container on the node's own IP address, around Services, NetworkPolicies and load balancer security groups, and pins the pod to nodes where the port is free.",
  remediation: 'Remove `hostPort` from container ports (or set it to 0) and expose the workload through a Service.',
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  containers:
    - name: web
      image: public.ecr.aws/nginx/nginx:1.27
      ports:
        - containerPort: 8080
`,
    ],
    fail: [
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress
  namespace: edge
spec:
  selector:
    matchLabels: { app: ingress }
  template:
    metadata:
      labels: { app: ingress }
    spec:
      containers:
        - name: proxy
          image: public.ecr.aws/nginx/nginx:1.27
          ports:
            - containerPort: 8080
              hostPort: 80
`,
    ],
  },
});
