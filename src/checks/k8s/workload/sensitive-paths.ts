import { isWithin, normalizeHostPath } from './host-paths.js';

/**
 * Host paths whose write access hands over the node, in their normalised
 * spelling. A path beneath one of them counts too, and so does every
 * directory above one (a read-write `/var` reaches `/var/lib/kubelet`).
 */
const NODE_STATE: readonly string[] = [
  // node configuration: kubelet, containerd, CNI network config (/etc/cni/net.d), /etc/kubernetes, /etc/eks, cron, users
  '/etc',
  // SSH keys and shell profiles of the node's users
  '/root',
  '/home',
  // kubelet credentials, every pod's volumes and secrets, plugin and device-plugin sockets
  '/var/lib/kubelet',
  '/var/lib/etcd',
  // kernel interfaces
  '/proc',
  '/sys',
  // runtime state and sockets (/var/run folds into it)
  '/run',
  // crontabs the node's cron runs as root
  '/var/spool/cron',
];

/** Paths whose contents the node executes or trusts: a write there runs code as root on the node. */
const NODE_EXECUTES: readonly string[] = [
  // binaries, libraries, systemd units, kubelet volume plugins (/usr/libexec/kubernetes), /usr/local/bin
  '/usr',
  // merged-/usr hosts link these into /usr; elsewhere they are the binaries and kernel modules themselves
  '/bin',
  '/sbin',
  '/lib',
  '/lib64',
  // kernel and boot loader
  '/boot',
  // CNI plugin binaries the runtime executes for every pod, and their state
  '/opt/cni',
  '/var/lib/cni',
  // image layers and container filesystems: a write plants code into other containers
  '/var/lib/containerd',
  '/var/lib/docker',
  '/var/lib/containers',
];

export const SENSITIVE_HOST_PATHS: readonly string[] = [...NODE_STATE, ...NODE_EXECUTES].map(normalizeHostPath).sort();

/** How a host path meets the sensitive ones: it is one or lies beneath one, or it is a directory above some. */
export type SensitiveMatch = { readonly beneath: string } | { readonly above: readonly string[] };

export function sensitiveMatch(path: string): SensitiveMatch | undefined {
  const beneath = SENSITIVE_HOST_PATHS.find((sensitive) => isWithin(path, sensitive));
  if (beneath !== undefined) return { beneath };
  const above = SENSITIVE_HOST_PATHS.filter((sensitive) => isWithin(sensitive, path));
  return above.length > 0 ? { above } : undefined;
}

const NAMED = 3;

/** ` (beneath /etc)`, ` (contains /var/lib/cni, /var/lib/containerd, /var/lib/containers and 5 more)`, or nothing for a listed path itself. */
export function describeSensitiveMatch(path: string, match: SensitiveMatch): string {
  if ('beneath' in match) return match.beneath === path ? '' : ` (beneath ${match.beneath})`;
  const named = match.above.slice(0, NAMED).join(', ');
  const more = match.above.length > NAMED ? ` and ${match.above.length - NAMED} more` : '';
  return ` (contains ${named}${more})`;
}
