import { definePssCheck } from './define-pss-check.js';

/** PSS-hostProbesAndHostLifecycle: the Pod Security Standards check `hostProbesAndHostLifecycle`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssHostProbesAndHostLifecycle = definePssCheck({
  id: 'hostProbesAndHostLifecycle',
  title: 'Probes and lifecycle hooks must not target another host',
  rationale:
    "The kubelet runs httpGet and tcpSocket probes and lifecycle hooks from the node. A `host` field makes the node connect wherever the pod author chooses, for example the instance metadata service or an internal endpoint the pod itself cannot reach (v1.34+).",
  remediation: 'Remove `host` from httpGet and tcpSocket probes and lifecycle handlers, so the kubelet targets the pod IP.',
  examples: {
    pass: [
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: public.ecr.aws/nginx/nginx:1.27
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata:
  name: probe-abuse
  namespace: shop
spec:
  containers:
    - name: web
      image: public.ecr.aws/nginx/nginx:1.27
      livenessProbe:
        httpGet:
          host: 169.254.169.254
          path: /latest/meta-data/iam/security-credentials/
          port: 80
`,
    ],
  },
});
