import { definePssCheck } from './define-pss-check.js';

/** PSS-sysctls: the Pod Security Standards check `sysctls`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssSysctls = definePssCheck({
  id: 'sysctls',
  title: 'Pods must set only safe sysctls',
  rationale:
    'Only a small set of sysctls is namespaced and isolated per pod. Any other sysctl can change kernel behaviour for every workload on the node or weaken its security settings.',
  remediation:
    'Keep `securityContext.sysctls` to the safe set (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range and, by version, the ip_local_reserved_ports, tcp_keepalive_*, tcp_fin_timeout, tcp_rmem/tcp_wmem, tcp_slow_start_after_idle and tcp_notsent_lowat sysctls); tune other kernel settings on the node group.',
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  securityContext:
    sysctls:
      - name: net.ipv4.ip_unprivileged_port_start
        value: "0"
  containers:
    - name: web
      image: public.ecr.aws/nginx/nginx:1.27
`,
    ],
    fail: [
      `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cache
  namespace: shop
spec:
  serviceName: cache
  selector:
    matchLabels: { app: cache }
  template:
    metadata:
      labels: { app: cache }
    spec:
      securityContext:
        sysctls:
          - name: net.core.somaxconn
            value: "1024"
          - name: vm.overcommit_memory
            value: "1"
      containers:
        - name: redis
          image: public.ecr.aws/docker/library/redis:7.4
`,
    ],
  },
});
