import { definePssCheck } from './define-pss-check.js';
import { fixPrivileged } from '../../k8s/fixes/container-fixes.js';

/** PSS-privileged: the Pod Security Standards check `privileged`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssPrivileged = definePssCheck({
  id: 'privileged',
  title: 'Containers must not run privileged',
  rationale:
    'A privileged container gets every Linux capability and access to all host devices, with the seccomp, AppArmor and SELinux confinement lifted. A compromise of the container is a compromise of the node, its kubelet credentials and the EC2 instance role.',
  remediation: 'Remove `securityContext.privileged: true` from every container, init container and ephemeral container, and grant only the specific capabilities the workload needs.',
  fix: (workload, _ctx, options) => fixPrivileged(workload.spec, options),
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
          securityContext:
            privileged: false
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata:
  name: node-debugger
  namespace: ops
spec:
  containers:
    - name: debug
      image: public.ecr.aws/amazonlinux/amazonlinux:2023
      command: ["sleep", "infinity"]
      securityContext:
        privileged: true
`,
    ],
  },
});
