import { definePssCheck } from './define-pss-check.js';
import { fixRunAsNonRoot } from '../../k8s/fixes/pod-fixes.js';

/** PSS-runAsNonRoot: the Pod Security Standards check `runAsNonRoot`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssRunAsNonRoot = definePssCheck({
  id: 'runAsNonRoot',
  title: 'Containers must be required to run as a non-root user',
  rationale:
    'runAsNonRoot: true makes the kubelet refuse to start a container whose user is root, whatever the image says. A root process that escapes the container is root on the node. A non-zero runAsUser alone does not satisfy the check. From v1.35, pods with their own user namespace (hostUsers: false) are exempt.',
  remediation: 'Set `securityContext.runAsNonRoot: true` at pod level (or on every container) and run the image as a non-root user.',
  fix: (workload) => fixRunAsNonRoot(workload.spec),
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
  containers:
    - name: web
      image: public.ecr.aws/nginx/nginx-unprivileged:1.27
`,
    ],
    fail: [
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      securityContext:
        runAsUser: 10001
      containers:
        - name: api
          image: public.ecr.aws/docker/library/python:3.13-slim
`,
    ],
  },
});
