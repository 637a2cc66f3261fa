import { defineCheck, fail, notApplicable, pass } from '../../../core/check.js';
import { record } from '../../../k8s/fields.js';
import { displayNamespace, namespaces, objectsByNamespace, SYSTEM_NAMESPACES, workloadsByNamespace, type NamespaceInfo } from '../../../k8s/namespaces.js';
import { BPG } from './offences.js';

/**
 * K8S-WL-013: fails for a namespace (other than kube-system, kube-public, kube-node-lease) that runs
 * workloads and has no ResourceQuota with at least one `spec.hard` limit. Opinionated (a single-team
 * cluster may not want quotas): off by default.
 */
export const namespaceResourceQuota = defineCheck<NamespaceInfo>({
  id: 'K8S-WL-013',
  title: 'Namespaces with workloads should have a ResourceQuota',
  area: 'containers',
  severity: 'low',
  target: namespaces,
  needs: ['kube:workloads', 'kube:ResourceQuota'],
  scope: 'namespace',
  admission: { scanOnly: 'needs every ResourceQuota of the namespace' },
  enabledByDefault: false,
  rationale:
    'In a cluster shared by teams, a namespace without a ResourceQuota can take every node\'s CPU and memory, or create pods, Services and load balancers without bound: one compromised or runaway tenant starves the others (a denial of service that autoscaling turns into a bill).',
  remediation:
    'Give each tenant namespace a ResourceQuota with `spec.hard` limits for `requests.cpu`, `requests.memory`, `limits.memory`, `pods` and `services.loadbalancers`, sized to the team\'s share, and a LimitRange for container defaults.',
  messages: {
    quotaWithoutLimits: 'namespace {{namespace}} runs {{workloads}} workload(s) and its ResourceQuota {{quota}} sets no spec.hard limit',
    noQuota: 'namespace {{namespace}} runs {{workloads}} workload(s) and has no ResourceQuota: nothing bounds the CPU, memory and objects it may take',
  },
  references: [BPG.multiTenancy, 'https://kubernetes.io/docs/concepts/policy/resource-quotas/'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: v1
kind: ResourceQuota
metadata: { name: team, namespace: shop }
spec:
  hard: { requests.cpu: "8", requests.memory: 16Gi, pods: "50" }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers: [{ name: web, image: nginx:1.27 }]
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers: [{ name: web, image: nginx:1.27 }]
`,
    ],
  },
  evaluate(namespace, ctx) {
    const name = displayNamespace(namespace.name);
    if (SYSTEM_NAMESPACES.includes(namespace.name)) return notApplicable(`${name} belongs to the cluster, not to a tenant`);
    const workloads = workloadsByNamespace(ctx).get(namespace.name) ?? [];
    if (workloads.length === 0) return notApplicable(`namespace ${name} runs no workloads`);
    const quotas = objectsByNamespace('ResourceQuota', ctx).get(namespace.name) ?? [];
    const limiting = quotas.filter((quota) => Object.keys(record(record(quota.raw['spec'])['hard'])).length > 0);
    if (limiting.length > 0) return pass(`namespace ${name} has ResourceQuota ${limiting.map((quota) => quota.name).slice(0, 3).join(', ')}`);
    if (quotas.length > 0) return fail({ messageId: 'quotaWithoutLimits', data: { namespace: name, workloads: workloads.length, quota: quotas[0]!.name } });
    return fail({ messageId: 'noQuota', data: { namespace: name, workloads: workloads.length } });
  },
});
