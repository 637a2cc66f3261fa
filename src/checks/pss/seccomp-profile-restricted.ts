import { definePssCheck } from './define-pss-check.js';
import { fixSeccompProfile } from '../../k8s/fixes/pod-fixes.js';

/** PSS-seccompProfile_restricted: the Pod Security Standards check `seccompProfile_restricted`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssSeccompProfileRestricted = definePssCheck({
  id: 'seccompProfile_restricted',
  title: 'Pods must set a RuntimeDefault or Localhost seccomp profile',
  rationale:
    'Without an explicit profile the kubelet runs containers Unconfined (unless the node enables seccomp by default), so every system call is open to an attacker. Restricted requires RuntimeDefault or Localhost at pod level or on every container. Windows pods are exempt from v1.25.',
  remediation: 'Set `securityContext.seccompProfile.type: RuntimeDefault` at pod level (or Localhost with a profile installed on the nodes).',
  fix: (workload) => fixSeccompProfile(workload),
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
kind: ReplicaSet
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
`,
    ],
  },
});
