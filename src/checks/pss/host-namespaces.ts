import { definePssCheck } from './define-pss-check.js';

/** PSS-hostNamespaces: the Pod Security Standards check `hostNamespaces`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssHostNamespaces = definePssCheck({
  id: 'hostNamespaces',
  title: "Pods must not share the host's network, PID or IPC namespace",
  rationale:
    "hostNetwork lets a pod bind node ports, sniff node traffic and reach the instance metadata service with the node role's credentials; hostPID lets it see and signal every process on the node; hostIPC lets it read other workloads' shared memory.",
  remediation: 'Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec (or set them to false); expose traffic through a Service instead of the node network.',
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: shop
spec:
  hostNetwork: false
  containers:
    - name: api
      image: public.ecr.aws/docker/library/python:3.13-slim
`,
    ],
    fail: [
      `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-monitor
  namespace: monitoring
spec:
  selector:
    matchLabels: { app: node-monitor }
  template:
    metadata:
      labels: { app: node-monitor }
    spec:
      hostNetwork: true
      hostPID: true
      containers:
        - name: monitor
          image: quay.io/prometheus/node-exporter:v1.8.2
`,
    ],
  },
});
