import { asRecord, list, num, str, type KubeRaw } from '../fields.js';
import { containerPhrase, joinQuote, pluralize, setterPhrase, sortedUnique } from './format.js';
import { child, type ContainerView, type PodView } from './pod-view.js';
import type { CheckOutcome, PssCheckDefinition } from './types.js';

const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

function hostNamespaces(pod: PodView): CheckOutcome | undefined {
  const set = HOST_NAMESPACES.filter((field) => pod.spec[field] === true);
  const first = set[0];
  if (first === undefined) return undefined;
  return { reason: 'host namespaces', detail: set.map((field) => `${field}=true`).join(', '), path: first };
}

function hostPathVolumes(pod: PodView): CheckOutcome | undefined {
  const bad = pod.volumes.filter((volume) => volume.raw['hostPath'] !== undefined && volume.raw['hostPath'] !== null);
  const first = bad[0];
  if (!first) return undefined;
  const names = bad.map((volume) => volume.name);
  return {
    reason: 'hostPath volumes',
    detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`,
    path: `${first.path}.hostPath`,
  };
}

function hostPorts(pod: PodView): CheckOutcome | undefined {
  const badContainers: string[] = [];
  const ports: string[] = [];
  let path: string | undefined;
  for (const container of pod.containers) {
    let bad = false;
    list(container.raw['ports']).forEach((item, index) => {
      const hostPort = num(asRecord(item)?.['hostPort']);
      if (hostPort === undefined || hostPort === 0) return;
      bad = true;
      ports.push(String(hostPort));
      path ??= `${container.path}.ports[${index}].hostPort`;
    });
    if (bad) badContainers.push(container.name);
  }
  if (path === undefined) return undefined;
  const distinct = sortedUnique(ports);
  const count = badContainers.length;
  return {
    reason: 'hostPort',
    detail: `${containerPhrase(badContainers)} ${pluralize('uses', 'use', count)} ${pluralize('hostPort', 'hostPorts', distinct.length)} ${distinct.join(', ')}`,
    path,
  };
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const LIFECYCLE_HANDLERS = ['postStart', 'preStop'] as const;
const HOST_FIELDS = ['httpGet', 'tcpSocket'] as const;

/** Non-empty `host` values of a probe or lifecycle handler, with the path of each. */
function handlerHosts(handler: unknown, path: string): { host: string; path: string }[] {
  const record = asRecord(handler);
  if (!record) return [];
  const out: { host: string; path: string }[] = [];
  for (const field of HOST_FIELDS) {
    const host = str(asRecord(record[field])?.['host']);
    if (host) out.push({ host, path: `${path}.${field}.host` });
  }
  return out;
}

function containerHosts(container: ContainerView): { host: string; path: string }[] {
  const found = PROBES.flatMap((probe) => handlerHosts(container.raw[probe], `${container.path}.${probe}`));
  const lifecycle = asRecord(container.raw['lifecycle']);
  if (lifecycle) {
    for (const handler of LIFECYCLE_HANDLERS) found.push(...handlerHosts(lifecycle[handler], `${container.path}.lifecycle.${handler}`));
  }
  return found;
}

function hostProbesAndHostLifecycle(pod: PodView): CheckOutcome | undefined {
  const names: string[] = [];
  const hosts: string[] = [];
  let path: string | undefined;
  for (const container of pod.containers) {
    const found = containerHosts(container);
    if (found.length === 0) continue;
    names.push(container.name);
    for (const item of found) hosts.push(item.host);
    path ??= found[0]?.path;
  }
  if (path === undefined) return undefined;
  // Unlike every other check, upstream collects these container names in a set: sorted, no repeats.
  const containers = sortedUnique(names);
  const distinctHosts = sortedUnique(hosts);
  return {
    reason: 'probe or lifecycle host',
    detail: `${containerPhrase(containers)} ${pluralize('uses', 'use', containers.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', distinctHosts.length)} ${joinQuote(distinctHosts)}`,
    path,
  };
}

function windowsHostProcess(pod: PodView): CheckOutcome | undefined {
  const isHostProcess = (securityContext: KubeRaw | undefined) => child(securityContext, 'windowsOptions')?.['hostProcess'] === true;
  const podBad = isHostProcess(pod.securityContext);
  const bad = pod.containers.filter((container) => isHostProcess(container.securityContext));
  if (!podBad && bad.length === 0) return undefined;
  const field = 'securityContext.windowsOptions.hostProcess';
  return {
    reason: 'hostProcess',
    detail: `${setterPhrase(podBad, bad.map((container) => container.name))} must not set ${field}=true`,
    path: podBad ? field : `${bad[0]?.path}.${field}`,
  };
}

const SYSCTLS_1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [
  ...SYSCTLS_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const SYSCTLS_1_37 = [...SYSCTLS_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

function sysctlsAllowing(allowed: readonly string[]) {
  const allowedNames = new Set(allowed);
  return (pod: PodView): CheckOutcome | undefined => {
    const forbidden: string[] = [];
    let path: string | undefined;
    list(pod.securityContext?.['sysctls']).forEach((item, index) => {
      const sysctl = asRecord(item);
      if (!sysctl) return;
      const name = str(sysctl['name']) ?? '';
      if (allowedNames.has(name)) return;
      forbidden.push(name);
      path ??= `securityContext.sysctls[${index}].name`;
    });
    if (path === undefined) return undefined;
    return { reason: 'forbidden sysctls', detail: forbidden.join(', '), path };
  };
}

export const hostChecks: readonly PssCheckDefinition[] = [
  { id: 'hostNamespaces', level: 'baseline', revisions: [{ minMinor: 0, run: hostNamespaces }] },
  { id: 'hostPathVolumes', level: 'baseline', revisions: [{ minMinor: 0, run: hostPathVolumes }] },
  { id: 'hostPorts', level: 'baseline', revisions: [{ minMinor: 0, run: hostPorts }] },
  { id: 'hostProbesAndHostLifecycle', level: 'baseline', revisions: [{ minMinor: 34, run: hostProbesAndHostLifecycle }] },
  { id: 'windowsHostProcess', level: 'baseline', revisions: [{ minMinor: 0, run: windowsHostProcess }] },
  {
    id: 'sysctls',
    level: 'baseline',
    revisions: [
      { minMinor: 0, run: sysctlsAllowing(SYSCTLS_1_0) },
      { minMinor: 27, run: sysctlsAllowing(SYSCTLS_1_27) },
      { minMinor: 29, run: sysctlsAllowing(SYSCTLS_1_29) },
      { minMinor: 32, run: sysctlsAllowing(SYSCTLS_1_32) },
      { minMinor: 37, run: sysctlsAllowing(SYSCTLS_1_37) },
    ],
  },
];
