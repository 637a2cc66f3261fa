import { defineCheck, fail, notApplicable, pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import { workloads } from '../../../k8s/targets.js';
import type { Workload } from '../../../k8s/workload.js';
import { BPG, CIS_EKS } from './offences.js';

/**
 * K8S-WL-011: no workload runs in the `default` namespace. A workload whose
 * manifest sets no namespace goes wherever it is applied (`kubectl -n`, a
 * kustomization or Helm release namespace), so it is not applicable rather
 * than assumed to be in `default`.
 */
export const defaultNamespace = defineCheck<Workload>({
  id: 'K8S-WL-011',
  title: 'Workloads should not run in the default namespace',
  area: 'containers',
  severity: 'low',
  target: workloads,
  needs: ['kube:workloads'],
  admission: { judges: 'the namespace of the object' },
  scope: 'object',
  rationale:
    'Namespaces are where Pod Security levels, NetworkPolicies, quotas and RBAC are scoped. The default namespace collects unrelated workloads under one shared set of controls (usually none), so one team\'s permissions reach everyone\'s pods.',
  remediation: 'Create a namespace per application or team, with its own Pod Security label, default-deny NetworkPolicies and RBAC, and move the workload there.',
  messages: {
    defaultNamespace: 'the workload runs in the default namespace',
  },
  references: [BPG.multiTenancy, 'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/', CIS_EKS],
  standards: [],
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers: [{ name: web, image: nginx:1.27 }]
`,
    ],
    fail: [
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx:1.27 }]
`,
    ],
  },
  evaluate(workload) {
    if (workload.namespace === undefined) return notApplicable('no metadata.namespace: the workload runs in whatever namespace it is applied to');
    if (workload.namespace === 'default') return fail({ messageId: 'defaultNamespace', path: fieldPath('metadata', 'namespace'), absolutePath: true });
    return pass(`the workload runs in namespace ${workload.namespace}`);
  },
});
