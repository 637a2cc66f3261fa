import { definePssCheck } from './define-pss-check.js';

/** PSS-seLinuxOptions: the Pod Security Standards check `seLinuxOptions`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssSeLinuxOptions = definePssCheck({
  id: 'seLinuxOptions',
  title: 'Pods must not set a custom SELinux user, role or privileged type',
  rationale:
    'On SELinux-enforcing nodes (Bottlerocket) the container types confine each container. A type such as spc_t, or a custom SELinux user or role, runs the container outside that confinement.',
  remediation:
    'Leave `seLinuxOptions.type` unset or use container_t, container_init_t, container_kvm_t or container_engine_t, and do not set `seLinuxOptions.user` or `seLinuxOptions.role`.',
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  securityContext:
    seLinuxOptions:
      level: "s0:c123,c456"
  containers:
    - name: web
      image: public.ecr.aws/nginx/nginx:1.27
`,
    ],
    fail: [
      `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: csi-node
  namespace: storage
spec:
  selector:
    matchLabels: { app: csi-node }
  template:
    metadata:
      labels: { app: csi-node }
    spec:
      containers:
        - name: driver
          image: public.ecr.aws/docker/library/alpine:3.20
          securityContext:
            seLinuxOptions:
              type: spc_t
`,
    ],
  },
});
