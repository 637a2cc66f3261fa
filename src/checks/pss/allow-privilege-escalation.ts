import { definePssCheck } from './define-pss-check.js';
import { fixAllowPrivilegeEscalation } from '../../k8s/fixes/container-fixes.js';

/** PSS-allowPrivilegeEscalation: the Pod Security Standards check `allowPrivilegeEscalation`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssAllowPrivilegeEscalation = definePssCheck({
  id: 'allowPrivilegeEscalation',
  title: 'Containers must set allowPrivilegeEscalation to false',
  rationale:
    'Unless allowPrivilegeEscalation is explicitly false, a process can gain more privileges than its parent through setuid binaries or file capabilities (no_new_privs is not set). Windows pods are exempt from v1.25.',
  remediation: 'Set `securityContext.allowPrivilegeEscalation: false` on every container, init container and ephemeral container.',
  fix: (workload) => fixAllowPrivilegeEscalation(workload.spec),
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
      securityContext:
        allowPrivilegeEscalation: false
`,
    ],
    fail: [
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
`,
    ],
  },
});
