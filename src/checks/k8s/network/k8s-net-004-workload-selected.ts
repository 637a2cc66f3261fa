import { defineCheck, fail, notApplicable, pass } from '../../../core/check.js';
import { childPath } from '../../../core/field-path.js';
import { displayNamespace, namespacesOf } from '../../../k8s/namespaces.js';
import { describePodSelector, policiesIn, policiesSelecting } from '../../../k8s/network-policy.js';
import { workloads } from '../../../k8s/targets.js';
import type { Workload } from '../../../k8s/workload.js';
import { BPG, CIS_EKS } from '../workload/offences.js';
import { enginePoliciesSelecting } from '../../../k8s/policy-coverage.js';
import { CALICO_POLICY_DOCS, CILIUM_POLICY_DOCS, isHostNetwork, namespacePods, NETWORK_POLICY_DOCS, NETWORK_POLICY_NEEDS, policyList } from './namespace-pods.js';

function labelList(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}=${value}`);
  return pairs.length === 0 ? 'no labels' : `labels ${pairs.join(',')}`;
}

/**
 * K8S-NET-004: the pod template's labels are selected by at least one
 * NetworkPolicy of its namespace (either direction), evaluating matchLabels
 * and matchExpressions as the API server does, or by a Cilium or Calico policy
 * that eksguard reads in full, certainly selects the pods (endpointSelector,
 * Calico selector expressions, namespaceSelector, serviceAccountSelector) and
 * isolates them in some direction. Only namespaces that have policies are
 * judged: a namespace without any is K8S-NET-001's single finding, not one
 * finding per workload. Host-network pods are outside NetworkPolicy's reach
 * and not applicable.
 */
export const workloadSelected = defineCheck<Workload>({
  id: 'K8S-NET-004',
  title: 'Every workload must be selected by a NetworkPolicy',
  area: 'network',
  severity: 'medium',
  target: workloads,
  needs: ['kube:workloads', ...NETWORK_POLICY_NEEDS],
  scope: 'namespace',
  admission: { scanOnly: 'needs every NetworkPolicy that could select the pods' },
  rationale:
    "A namespace with policies can still leave some pods open: a policy whose selector misses a workload's labels (a typo, a renamed label, a new app) leaves that workload accepting traffic from every pod in the cluster while the namespace looks protected.",
  remediation:
    "Add a default-deny policy with `podSelector: {}` to the namespace, or fix the selectors so that an allow policy matches the workload's pod template labels.",
  messages: {
    notSelected: "no NetworkPolicy in namespace {{namespace}} selects this workload's pods ({{labels}}); its policies select: {{selectors}}",
  },
  references: [NETWORK_POLICY_DOCS, BPG.networkSecurity, CIS_EKS, CILIUM_POLICY_DOCS, CALICO_POLICY_DOCS],
  standards: [],
  examples: {
    pass: [
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web, namespace: shop }
spec:
  podSelector:
    matchExpressions: [{ key: app, operator: In, values: [web, api] }]
  policyTypes: [Ingress]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx:1.27 }]
`,
    ],
    fail: [
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web, namespace: shop }
spec:
  podSelector: { matchLabels: { app: web } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: report, namespace: shop }
spec:
  selector: { matchLabels: { app: report } }
  template:
    metadata: { labels: { app: report } }
    spec:
      containers: [{ name: report, image: report:1.0 }]
`,
    ],
  },
  evaluate(workload, ctx) {
    if (isHostNetwork(workload)) return notApplicable('NetworkPolicies do not apply to host-network pods (see K8S-WL-009)');
    const namespace = workload.namespaceKey;
    const all = policiesIn(namespace, ctx);
    const namespaceInfo = namespacesOf(ctx).get(namespace);
    const counted = namespaceInfo ? namespacePods(namespaceInfo, ctx).engine.counted : [];
    if (all.length === 0 && counted.length === 0) return notApplicable(`namespace ${displayNamespace(namespace)} has no NetworkPolicy at all; reported once as K8S-NET-001`);
    const selecting = policiesSelecting(namespace, workload.labels, ctx);
    if (selecting.length > 0) return pass(`selected by NetworkPolicy ${selecting.map((policy) => policy.name).join(', ')}`);
    const engine = enginePoliciesSelecting(workload, ctx);
    if (engine.selecting.length > 0) return pass(`selected by ${policyList(engine.selecting.map((policy) => policy.label))}`);
    const described = [
      ...all.map((policy) => `${policy.name} (${describePodSelector(policy)})`),
      ...counted.map((policy) => `${policy.label} (${policy.selectorText})`),
      ...engine.unsure.filter(({ policy }) => !counted.includes(policy)).map(({ policy, why }) => `${policy.label} (${why})`),
    ];
    const selectors = described.slice(0, 5);
    const more = described.length > 5 ? ` and ${described.length - 5} more` : '';
    return fail({
      messageId: 'notSelected',
      data: { namespace: displayNamespace(namespace), labels: labelList(workload.labels), selectors: `${selectors.join(', ')}${more}` },
      path: childPath(workload.templatePath, 'metadata', 'labels'),
      absolutePath: true,
    });
  },
});
