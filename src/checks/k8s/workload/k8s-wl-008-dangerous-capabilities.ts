import { defineCheck } from '../../../core/check.js';
import { childPath } from '../../../core/field-path.js';
import { list, record } from '../../../k8s/fields.js';
import { workloads } from '../../../k8s/targets.js';
import { containersOf, type Workload } from '../../../k8s/workload.js';
import { BPG, containerLabel, offencesVerdict, type Offence } from './offences.js';

/**
 * Capabilities that each amount to, or open a short path to, control of the
 * node: Kubescape's insecure-capabilities list (C-0046) without NET_RAW and
 * SETPCAP, which container runtimes grant by default (PSS-capabilities_baseline
 * reports NET_RAW), plus DAC_READ_SEARCH (the "shocker" escape).
 */
export const DANGEROUS_CAPABILITIES: readonly string[] = [
  'SYS_ADMIN',
  'NET_ADMIN',
  'SYS_PTRACE',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_BOOT',
  'DAC_READ_SEARCH',
  'MAC_ADMIN',
  'MAC_OVERRIDE',
  'BPF',
  'PERFMON',
  'ALL',
];

/** Runtimes accept `CAP_SYS_ADMIN` and `sys_admin` as well as `SYS_ADMIN`; `ALL` in any case. */
function normalizeCapability(value: string): string {
  return value.trim().toUpperCase().replace(/^CAP_/, '');
}

/**
 * K8S-WL-008: no container adds a dangerous capability in
 * `securityContext.capabilities.add`. `privileged: true`, which grants all of
 * them, is PSS-privileged's finding and is not repeated here.
 */
export const dangerousCapabilities = defineCheck<Workload>({
  id: 'K8S-WL-008',
  title: 'Containers must not add dangerous Linux capabilities',
  area: 'containers',
  severity: 'high',
  target: workloads,
  needs: ['kube:workloads'],
  admission: { judges: 'the capabilities the containers add' },
  scope: 'object',
  rationale:
    'SYS_ADMIN is close to root on the host (mounts, namespaces, BPF); SYS_MODULE loads kernel modules; SYS_RAWIO opens raw devices and I/O ports (/dev/mem, disks); SYS_BOOT loads a new kernel with kexec; SYS_PTRACE and DAC_READ_SEARCH read other processes and files; MAC_ADMIN rewrites and MAC_OVERRIDE bypasses the node-wide AppArmor or SELinux policy that confines containers; NET_ADMIN rewrites node networking, including routes around the metadata-service protections; BPF and PERFMON load kernel programs. Each turns a container compromise into a node compromise.',
  remediation:
    'Drop `ALL` and add back only narrow capabilities the process truly needs (often none, or NET_BIND_SERVICE). Node agents that need more belong in a dedicated, tightly controlled namespace.',
  messages: {
    adds: '{{container}} adds {{capabilities}}',
  },
  references: [BPG.podSecurity, 'https://man7.org/linux/man-pages/man7/capabilities.7.html'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers:
    - name: web
      image: nginx:1.27
      securityContext:
        capabilities: { drop: [ALL], add: [NET_BIND_SERVICE] }
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata: { name: agent, namespace: ops }
spec:
  containers:
    - name: agent
      image: agent:1.0
      securityContext:
        capabilities: { add: [CAP_SYS_ADMIN, NET_RAW] }
`,
    ],
  },
  evaluate(workload) {
    const offences: Offence[] = [];
    for (const ref of containersOf(workload.spec)) {
      const added = list(record(record(ref.container['securityContext'])['capabilities'])['add']);
      const dangerous: string[] = [];
      added.forEach((value) => {
        if (typeof value !== 'string') return;
        const capability = normalizeCapability(value);
        if (DANGEROUS_CAPABILITIES.includes(capability) && !dangerous.includes(capability)) dangerous.push(capability);
      });
      if (dangerous.length > 0) {
        offences.push({ path: childPath(ref.path, 'securityContext', 'capabilities', 'add'), messageId: 'adds', data: { container: containerLabel(ref), capabilities: dangerous.join(', ') } });
      }
    }
    return offencesVerdict(offences, 'no container adds a dangerous capability');
  },
});
