import { definePssCheck } from './define-pss-check.js';

/** PSS-hostPathVolumes: the Pod Security Standards check `hostPathVolumes`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssHostPathVolumes = definePssCheck({
  id: 'hostPathVolumes',
  title: 'Pods must not mount hostPath volumes',
  rationale:
    "A hostPath volume exposes the node's filesystem to the container: kubelet credentials, the container runtime socket, other pods' data. Write access to the wrong path is a direct node takeover.",
  remediation: 'Replace hostPath volumes with emptyDir, configMap, secret, projected or persistentVolumeClaim volumes; run node agents that truly need the host in a dedicated namespace with a privileged Pod Security level.',
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata:
  name: worker
  namespace: shop
spec:
  containers:
    - name: worker
      image: public.ecr.aws/docker/library/busybox:1.36
      volumeMounts:
        - { name: scratch, mountPath: /tmp }
  volumes:
    - name: scratch
      emptyDir: {}
`,
    ],
    fail: [
      `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-agent
  namespace: logging
spec:
  selector:
    matchLabels: { app: log-agent }
  template:
    metadata:
      labels: { app: log-agent }
    spec:
      containers:
        - name: agent
          image: public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4
          volumeMounts:
            - { name: varlog, mountPath: /var/log }
      volumes:
        - name: varlog
          hostPath:
            path: /var/log
`,
    ],
  },
});
