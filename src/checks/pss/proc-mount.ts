import { definePssCheck } from './define-pss-check.js';

const procMountRationale =
  "The runtime masks and makes read-only the sensitive parts of /proc (kcore, sysrq-trigger, keys). procMount: Unmasked exposes them, which leaks host information and can let a container influence the host's kernel.";

/** PSS-procMount: the Pod Security Standards check `procMount`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssProcMount = definePssCheck({
  id: 'procMount',
  title: 'Containers must keep the default /proc mask',
  rationale: `${procMountRationale} From v1.35, baseline accepts any procMount in a pod with its own user namespace (hostUsers: false).`,
  remediation: 'Remove `securityContext.procMount` or set it to Default; if an unmasked /proc is truly needed, run the pod with `hostUsers: false`.',
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
        procMount: Default
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata:
  name: nested-runtime
  namespace: ci
spec:
  containers:
    - name: builder
      image: quay.io/buildah/stable:v1.37
      securityContext:
        procMount: Unmasked
`,
    ],
  },
});

export { procMountRationale };
