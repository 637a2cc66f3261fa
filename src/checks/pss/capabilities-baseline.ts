import { definePssCheck } from './define-pss-check.js';

/** PSS-capabilities_baseline: the Pod Security Standards check `capabilities_baseline`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssCapabilitiesBaseline = definePssCheck({
  id: 'capabilities_baseline',
  title: 'Containers must not add capabilities beyond the default set',
  rationale:
    'Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE or NET_RAW give a container kernel powers it does not have by default, and most container escapes start from one of them.',
  remediation:
    'Limit `securityContext.capabilities.add` to AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT (exact names, no CAP_ prefix).',
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
        capabilities:
          add: ["NET_BIND_SERVICE"]
`,
    ],
    fail: [
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: vpn-gateway
  namespace: network
spec:
  selector:
    matchLabels: { app: vpn-gateway }
  template:
    metadata:
      labels: { app: vpn-gateway }
    spec:
      containers:
        - name: gateway
          image: public.ecr.aws/docker/library/alpine:3.20
          securityContext:
            capabilities:
              add: ["NET_ADMIN", "SYS_MODULE"]
`,
    ],
  },
});
