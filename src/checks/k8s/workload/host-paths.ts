import { asRecord, bool, records, str } from '../../../k8s/fields.js';
import { containersOf, volumesOf, type ContainerRef } from '../../../k8s/workload.js';
import type { KubeRaw } from '../../../k8s/fields.js';

/**
 * hostPath volumes and the container mounts that use them, with host paths
 * normalised (`//`, `.`, `..`, trailing `/`). `/var/run` is a symlink to
 * `/run` on every Linux distribution EKS nodes run, and the kubelet resolves
 * hostPath symlinks on the host, so both spellings compare as `/run`.
 */

export function normalizeHostPath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  const normalized = `/${out.join('/')}`;
  return normalized === '/var/run' || normalized.startsWith('/var/run/') ? normalized.slice('/var'.length) : normalized;
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
  readonly volumePath: string;
  /** as written in the volume */
  readonly hostPath: string;
  /** the host path the container sees, subPath included, normalised */
  readonly effectiveHostPath: string;
}

interface HostPathVolume {
  readonly name: string;
  readonly path: string;
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

/** Container runtime sockets, in their normalised (`/run`) spelling. */
export const RUNTIME_SOCKETS: readonly string[] = [
  '/run/docker.sock',
  '/run/dockershim.sock',
  '/run/cri-dockerd.sock',
  '/run/containerd/containerd.sock',
  '/run/k3s/containerd/containerd.sock',
  '/run/crio/crio.sock',
];

export function exposedRuntimeSockets(effectiveHostPath: string): string[] {
  return RUNTIME_SOCKETS.filter((socket) => isWithin(socket, effectiveHostPath));
}
