import { definePssCheck } from './define-pss-check.js';
import { procMountRationale } from './proc-mount.js';

/** PSS-procMount_restricted: the Pod Security Standards check `procMount_restricted`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssProcMountRestricted = definePssCheck({
  id: 'procMount_restricted',
  title: 'Containers must keep the default /proc mask, even in a user namespace',
  rationale: `${procMountRationale} Restricted (v1.35+) keeps this rule for pods with their own user namespace, which baseline exempts.`,
  remediation: 'Remove `securityContext.procMount` or set it to Default.',
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  hostUsers: false
  containers:
    - name: web
      image: public.ecr.aws/nginx/nginx:1.27
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata:
  name: nested-runtime
  namespace: ci
spec:
  hostUsers: false
  containers:
    - name: builder
      image: quay.io/buildah/stable:v1.37
      securityContext:
        procMount: Unmasked
`,
    ],
  },
});
