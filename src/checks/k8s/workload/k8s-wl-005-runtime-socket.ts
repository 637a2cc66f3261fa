import { defineCheck } from '../../../core/check.js';
import { childPath } from '../../../core/field-path.js';
import { workloads } from '../../../k8s/targets.js';
import type { Workload } from '../../../k8s/workload.js';
import { exposedRuntimeSockets, hostPathMounts } from './host-paths.js';
import { BPG, containerLabel, offencesVerdict, type Offence } from './offences.js';

/**
 * K8S-WL-005: no container mounts a container runtime socket (Docker,
 * containerd, Bottlerocket's host containerd, dockershim, cri-dockerd,
 * CRI-O, Podman; see RUNTIME_SOCKETS) or a host directory that contains one
 * (`/run`, `/var/run`, `/run/containerd`, `/`). `readOnly` does not help: a
 * read-only mount still lets a process connect to the socket.
 */
export const runtimeSocket = defineCheck<Workload>({
  id: 'K8S-WL-005',
  title: 'Containers must not mount a container runtime socket',
  area: 'containers',
  severity: 'critical',
  target: workloads,
  needs: ['kube:workloads'],
  admission: { judges: 'the hostPath volumes of the object' },
  scope: 'object',
  rationale:
    "Whoever can talk to the container runtime's socket can start a privileged container on the node, read every other container's filesystem and environment, and so take over the node and its IAM role. Mounting the socket read-only does not help: connecting to a socket needs no write access to the file. The sockets known are Docker's, containerd's (also Bottlerocket's host containerd under /run/host-containerd and k3s'), dockershim's, cri-dockerd's, CRI-O's and Podman's, and any host directory above one of them.",
  remediation:
    'Remove the hostPath volume. Tools that inspect containers should use the Kubernetes API or a purpose-built, read-only agent; build images with Kaniko, BuildKit rootless or AWS CodeBuild instead of the node runtime.',
  messages: {
    socket: '{{container}} can reach the container runtime socket {{sockets}} through hostPath {{hostPath}} (volume {{volume}})',
    sockets: '{{container}} can reach container runtime sockets ({{sockets}}) through hostPath {{hostPath}} (volume {{volume}})',
  },
  references: [BPG.podSecurity, 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: log-agent, namespace: logging }
spec:
  selector: { matchLabels: { app: log-agent } }
  template:
    metadata: { labels: { app: log-agent } }
    spec:
      containers:
        - name: agent
          image: fluent/fluent-bit:3.0
          volumeMounts: [{ name: varlog, mountPath: /var/log, readOnly: true }]
      volumes:
        - { name: varlog, hostPath: { path: /var/log } }
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata: { name: builder, namespace: ci }
spec:
  containers:
    - name: docker
      image: docker:27
      volumeMounts: [{ name: sock, mountPath: /var/run/docker.sock, readOnly: true }]
  volumes:
    - { name: sock, hostPath: { path: /var/run/docker.sock, type: Socket } }
`,
      `apiVersion: v1
kind: Pod
metadata: { name: inspector, namespace: ops }
spec:
  containers:
    - name: inspector
      image: inspector:1.0
      volumeMounts: [{ name: run, mountPath: /host/run }]
  volumes:
    - { name: run, hostPath: { path: /run/containerd } }
`,
    ],
  },
  evaluate(workload) {
    const offences: Offence[] = [];
    for (const mount of hostPathMounts(workload.spec)) {
      const sockets = exposedRuntimeSockets(mount.effectiveHostPath);
      if (sockets.length === 0) continue;
      offences.push({
        path: childPath(mount.volumePath, 'hostPath', 'path'),
        messageId: sockets.length === 1 ? 'socket' : 'sockets',
        data: { container: containerLabel(mount.container), sockets: sockets.join(', '), hostPath: JSON.stringify(mount.hostPath), volume: JSON.stringify(mount.volumeName) },
      });
    }
    return offencesVerdict(offences, 'no container mounts a container runtime socket');
  },
});
