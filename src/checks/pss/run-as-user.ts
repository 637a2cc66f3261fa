import { definePssCheck } from './define-pss-check.js';

/** PSS-runAsUser: the Pod Security Standards check `runAsUser`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssRunAsUser = definePssCheck({
  id: 'runAsUser',
  title: 'Pods and containers must not set runAsUser to 0',
  rationale:
    'runAsUser: 0 runs the container as root explicitly. Restricted forbids it from v1.23; from v1.35 pods with their own user namespace (hostUsers: false) are exempt, because their root maps to an unprivileged host user.',
  remediation: 'Remove `runAsUser: 0` or set a non-zero UID at pod and container level.',
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  securityContext:
    runAsUser: 10001
  containers:
    - name: web
      image: public.ecr.aws/nginx/nginx-unprivileged:1.27
`,
    ],
    fail: [
      `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: shop
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: public.ecr.aws/docker/library/python:3.13-slim
          securityContext:
            runAsUser: 0
`,
    ],
  },
});
