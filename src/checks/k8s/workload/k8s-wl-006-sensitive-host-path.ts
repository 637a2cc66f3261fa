import { defineCheck } from '../../../core/check.js';
import { childPath } from '../../../core/field-path.js';
import { workloads } from '../../../k8s/targets.js';
import type { Workload } from '../../../k8s/workload.js';
import { hostPathMounts, RUNTIME_SOCKETS } from './host-paths.js';
import { BPG, containerLabel, offencesVerdict, type Offence } from './offences.js';
import { describeSensitiveMatch, sensitiveMatch } from './sensitive-paths.js';

/**
 * K8S-WL-006: no container mounts a sensitive host path, anything beneath
 * one, or a directory above one, without `readOnly: true` on its
 * volumeMount. Sensitive are the node's state and credentials and the paths
 * whose contents the node executes or trusts (see sensitive-paths.ts).
 * `subPath` narrows the host path that is checked. A mount of exactly a runtime socket is
 * K8S-WL-005's finding and is not reported twice.
 */
export const sensitiveHostPath = defineCheck<Workload>({
  id: 'K8S-WL-006',
  title: 'Sensitive host paths must be mounted read-only',
  area: 'containers',
  severity: 'critical',
  target: workloads,
  needs: ['kube:workloads'],
  admission: { judges: 'the hostPath volumes of the object' },
  scope: 'object',
  rationale:
    "Write access to the node's /etc, /root, /home, kubelet or etcd state, /run, /proc or /sys lets a container plant cron jobs or SSH keys, rewrite kubelet credentials, read other pods' secrets under /var/lib/kubelet, or change kernel settings. Write access to what the node executes or trusts (/usr, /bin, /sbin, /lib, kernel modules, /boot, CNI plugins in /opt/cni, image layers under /var/lib/containerd or /var/lib/docker) runs the attacker's code as root on the node. A directory above any of these (/, /var, /var/lib, /opt) exposes them all: each is a node takeover.",
  remediation:
    'Avoid hostPath volumes; where a node agent must read host files, mount the narrowest path with `readOnly: true` on the volumeMount and run the agent in a dedicated namespace.',
  messages: {
    readWrite: '{{container}} mounts host path {{hostPath}}{{how}} read-write at {{mountPath}} (volume {{volume}})',
  },
  references: [BPG.podSecurity, 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: node-exporter, namespace: monitoring }
spec:
  selector: { matchLabels: { app: node-exporter } }
  template:
    metadata: { labels: { app: node-exporter } }
    spec:
      containers:
        - name: exporter
          image: quay.io/prometheus/node-exporter:v1.8.2
          volumeMounts:
            - { name: proc, mountPath: /host/proc, readOnly: true }
            - { name: sys, mountPath: /host/sys, readOnly: true }
      volumes:
        - { name: proc, hostPath: { path: /proc } }
        - { name: sys, hostPath: { path: /sys } }
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: ops }
spec:
  containers:
    - name: shell
      image: busybox:1.36
      volumeMounts: [{ name: host-etc, mountPath: /host/etc }]
  volumes:
    - { name: host-etc, hostPath: { path: /etc } }
`,
    ],
  },
  evaluate(workload) {
    const offences: Offence[] = [];
    for (const mount of hostPathMounts(workload.spec)) {
      if (mount.readOnly || RUNTIME_SOCKETS.includes(mount.effectiveHostPath)) continue;
      const match = sensitiveMatch(mount.effectiveHostPath);
      if (!match) continue;
      const how = describeSensitiveMatch(mount.effectiveHostPath, match);
      offences.push({
        path: childPath(mount.container.path, 'volumeMounts', mount.mountIndex),
        messageId: 'readWrite',
        data: { container: containerLabel(mount.container), hostPath: JSON.stringify(mount.effectiveHostPath), how, mountPath: JSON.stringify(mount.mountPath), volume: JSON.stringify(mount.volumeName) },
      });
    }
    return offencesVerdict(offences, 'no sensitive host path is mounted read-write');
  },
});
