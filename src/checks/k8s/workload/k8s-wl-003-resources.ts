import { defineCheck, type CheckContext } from '../../../core/check.js';
import { childPath } from '../../../core/field-path.js';
import { record, records, str, type KubeRaw } from '../../../k8s/fields.js';
import { objectsByNamespace } from '../../../k8s/namespaces.js';
import { workloads } from '../../../k8s/targets.js';
import { containersOf, type Workload } from '../../../k8s/workload.js';
import { BPG, containerLabel, offencesVerdict, type Offence } from './offences.js';

interface NamespaceDefaults {
  /** a LimitRange gives containers a default memory limit */
  memoryLimit?: string;
  /** a LimitRange gives containers a default CPU request */
  cpuRequest?: string;
}

function hasQuantity(resourceList: unknown, name: 'memory' | 'cpu'): boolean {
  const value = record(resourceList)[name];
  return (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value));
}

function present(resources: unknown, bucket: 'limits' | 'requests', name: 'memory' | 'cpu'): boolean {
  return hasQuantity(record(resources)[bucket], name);
}

/**
 * The defaults LimitRanges apply to containers, with the API server's own
 * defaulting of LimitRange items: a missing `default` takes `max`, a missing
 * `defaultRequest` takes `default`, then `min`.
 */
function namespaceDefaults(namespace: string, ctx: CheckContext): NamespaceDefaults {
  const cache = ctx.memo('wl003:limitRangeDefaults', () => new Map<string, NamespaceDefaults>());
  let defaults = cache.get(namespace);
  if (defaults) return defaults;
  defaults = {};
  for (const limitRange of objectsByNamespace('LimitRange', ctx).get(namespace) ?? []) {
    for (const item of records(record(limitRange.raw['spec'])['limits'])) {
      if (str(item['type']) !== 'Container') continue;
      const has = (field: string, name: 'memory' | 'cpu'): boolean => hasQuantity(item[field], name);
      if (!defaults.memoryLimit && (has('default', 'memory') || has('max', 'memory'))) defaults.memoryLimit = limitRange.name;
      if (!defaults.cpuRequest && (has('defaultRequest', 'cpu') || has('default', 'cpu') || has('max', 'cpu') || has('min', 'cpu'))) {
        defaults.cpuRequest = limitRange.name;
      }
    }
  }
  cache.set(namespace, defaults);
  return defaults;
}

/**
 * K8S-WL-003: every init and regular container has a memory limit and a CPU
 * request, counting what the cluster fills in: a CPU limit without a request
 * becomes the request, pod-level `spec.resources` covers its containers, and
 * a LimitRange of type Container in the namespace supplies defaults.
 * Ephemeral containers cannot carry resources and are not judged.
 */
export const resources = defineCheck<Workload>({
  id: 'K8S-WL-003',
  title: 'Containers must have a memory limit and a CPU request',
  area: 'containers',
  severity: 'low',
  target: workloads,
  needs: ['kube:workloads', 'kube:LimitRange'],
  scope: 'namespace',
  admission: { judges: 'a Pod\'s container resources (LimitRanger has already applied LimitRange defaults to it); for a workload template it reports `skipped`, since the namespace\'s LimitRanges may still fill them' },
  rationale:
    'Without a memory limit one container can exhaust a node and get its neighbours evicted or OOM-killed; without a CPU request the scheduler packs pods blindly. Both turn one compromised or buggy workload into a denial of service for others.',
  remediation:
    'Set `resources.limits.memory` and `resources.requests.cpu` on every container, or give the namespace a LimitRange of type Container with `default.memory` and `defaultRequest.cpu`.',
  messages: {
    noMemoryLimit: '{{container}} has no memory limit',
    noCpuRequest: '{{container}} has no CPU request',
    neither: '{{container}} has no memory limit and no CPU request',
  },
  references: [BPG.podSecurity, 'https://kubernetes.io/docs/concepts/policy/limit-range/'],
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
      resources:
        requests: { cpu: 100m }
        limits: { memory: 128Mi }
`,
      `apiVersion: v1
kind: LimitRange
metadata: { name: defaults, namespace: shop }
spec:
  limits:
    - type: Container
      default: { memory: 256Mi, cpu: 500m }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers:
    - name: web
      image: nginx:1.27
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers:
    - name: web
      image: nginx:1.27
      resources:
        requests: { cpu: 100m }
`,
    ],
  },
  evaluate(workload, ctx) {
    const podResources: KubeRaw = record(workload.spec['resources']);
    const defaults = namespaceDefaults(workload.namespaceKey, ctx);
    const podMemoryLimit = present(podResources, 'limits', 'memory');
    const podCpuRequest = present(podResources, 'requests', 'cpu') || present(podResources, 'limits', 'cpu');
    const offences: Offence[] = [];
    for (const ref of containersOf(workload.spec)) {
      if (ref.list === 'ephemeralContainers') continue;
      const own = ref.container['resources'];
      const noMemoryLimit = !present(own, 'limits', 'memory') && !podMemoryLimit && !defaults.memoryLimit;
      const noCpuRequest = !present(own, 'requests', 'cpu') && !present(own, 'limits', 'cpu') && !podCpuRequest && !defaults.cpuRequest;
      const messageId = noMemoryLimit ? (noCpuRequest ? 'neither' : 'noMemoryLimit') : noCpuRequest ? 'noCpuRequest' : undefined;
      if (messageId) offences.push({ path: childPath(ref.path, 'resources'), messageId, data: { container: containerLabel(ref) } });
    }
    return offencesVerdict(offences, 'every container has a memory limit and a CPU request (set or defaulted)');
  },
});
