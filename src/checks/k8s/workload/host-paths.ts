import type { FieldPath } from '../../../core/field-path.js';
import { asRecord, bool, records, str } from '../../../k8s/fields.js';
import { containersOf, volumesOf, type ContainerRef } from '../../../k8s/workload.js';
import type { KubeRaw } from '../../../k8s/fields.js';

/**
 * hostPath volumes and the container mounts that use them, with host paths
 * normalised the way the node resolves them: empty and `.` segments dropped,
 * `..` taken back one segment (the API server rejects `..` in hostPath and
 * subPath, but a manifest may still carry it), trailing `/` ignored.
 * `/var/run` is a symlink to `/run` on every Linux distribution EKS nodes run
 * (Amazon Linux, Bottlerocket, Ubuntu), and the kubelet resolves hostPath
 * symlinks on the host, so `/var/run` folds into `/run` wherever it appears,
 * also before a `..` (`/var/run/../etc` is `/etc`).
 */
export function normalizeHostPath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
    if (out.length === 2 && out[0] === 'var' && out[1] === 'run') out.splice(0, 2, 'run');
  }
  return `/${out.join('/')}`;
}

/** True when `path` is `ancestor` or lies beneath it. */
export function isWithin(path: string, ancestor: string): boolean {
  if (ancestor === '/') return true;
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

export interface HostPathMount {
  readonly container: ContainerRef;
  /** index in the container's volumeMounts */
  readonly mountIndex: number;
  readonly mountPath: string;
  readonly readOnly: boolean;
  readonly volumeName: string;
  /** `volumes[2]` */
  readonly volumePath: FieldPath;
  /** as written in the volume */
  readonly hostPath: string;
  /** the host path the container sees, subPath included, normalised */
  readonly effectiveHostPath: string;
}

interface HostPathVolume {
  readonly name: string;
  readonly path: FieldPath;
  readonly hostPath: string;
}

function hostPathVolumes(spec: KubeRaw): Map<string, HostPathVolume> {
  const out = new Map<string, HostPathVolume>();
  for (const { volume, name, path } of volumesOf(spec)) {
    const hostPath = asRecord(volume['hostPath']);
    const hostPathValue = hostPath ? str(hostPath['path']) : undefined;
    if (hostPathValue !== undefined && !out.has(name)) out.set(name, { name, path, hostPath: hostPathValue });
  }
  return out;
}

/** Every container mount of a hostPath volume. */
export function hostPathMounts(spec: KubeRaw): HostPathMount[] {
  const volumes = hostPathVolumes(spec);
  if (volumes.size === 0) return [];
  const out: HostPathMount[] = [];
  for (const container of containersOf(spec)) {
    records(container.container['volumeMounts']).forEach((mount, mountIndex) => {
      const volume = volumes.get(str(mount['name']) ?? '');
      if (!volume) return;
      // subPathExpr depends on runtime values; the whole volume is the safe assumption.
      const subPath = str(mount['subPath']);
      const effective = normalizeHostPath(subPath ? `${volume.hostPath}/${subPath}` : volume.hostPath);
      out.push({
        container,
        mountIndex,
        mountPath: str(mount['mountPath']) ?? '',
        readOnly: bool(mount['readOnly']) === true,
        volumeName: volume.name,
        volumePath: volume.path,
        hostPath: volume.hostPath,
        effectiveHostPath: effective,
      });
    });
  }
  return out;
}

/**
 * Container runtime sockets, in their normalised (`/run`) spelling. Whoever
 * connects to one can start a privileged container on the node.
 */
export const RUNTIME_SOCKETS: readonly string[] = [
  '/run/docker.sock',
  '/run/dockershim.sock',
  '/run/cri-dockerd.sock',
  '/run/containerd/containerd.sock',
  // Docker's own containerd, when it does not use the system one
  '/run/docker/containerd/containerd.sock',
  // Bottlerocket's host containerd, which runs its host containers (the admin container among them)
  '/run/host-containerd/containerd.sock',
  '/run/k3s/containerd/containerd.sock',
  '/run/crio/crio.sock',
  '/run/podman/podman.sock',
];

/** The runtime sockets a host path gives access to: the socket itself, or a directory above it. */
export function exposedRuntimeSockets(effectiveHostPath: string): string[] {
  return RUNTIME_SOCKETS.filter((socket) => isWithin(socket, effectiveHostPath));
}
