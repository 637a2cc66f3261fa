import { definePssCheck } from './define-pss-check.js';

/** PSS-seccompProfile_baseline: the Pod Security Standards check `seccompProfile_baseline`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssSeccompProfileBaseline = definePssCheck({
  id: 'seccompProfile_baseline',
  title: 'Pods must not disable seccomp',
  rationale:
    'Seccomp filters the system calls a container can make and blocks many kernel attack paths. An Unconfined profile turns the filter off. (Up to v1.18 the check reads the alpha seccomp annotations; from v1.19 the seccompProfile fields.)',
  remediation: 'Set `securityContext.seccompProfile.type` to RuntimeDefault or Localhost, or leave it unset; never Unconfined.',
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: web
      image: public.ecr.aws/nginx/nginx:1.27
`,
    ],
    fail: [
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: profiler
  namespace: perf
spec:
  selector:
    matchLabels: { app: profiler }
  template:
    metadata:
      labels: { app: profiler }
    spec:
      containers:
        - name: profiler
          image: public.ecr.aws/docker/library/alpine:3.20
          securityContext:
            seccompProfile:
              type: Unconfined
`,
    ],
  },
});
