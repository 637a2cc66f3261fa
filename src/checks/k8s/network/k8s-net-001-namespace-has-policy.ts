import { defineCheck, fail, notApplicable, pass } from '../../../core/check.js';
import { displayNamespace, namespaces, type NamespaceInfo } from '../../../k8s/namespaces.js';
import { BPG, CIS_EKS } from '../workload/offences.js';
import { CALICO_POLICY_DOCS, CILIUM_POLICY_DOCS, namespacePods, NETWORK_POLICY_DOCS, NETWORK_POLICY_NEEDS, notJudged, policyList, workloadList, workloadObjects } from './namespace-pods.js';

/**
 * K8S-NET-001: a namespace with pod-network workloads has at least one
 * NetworkPolicy, or a Cilium or Calico policy with the same effect: one of the
 * namespace that isolates pods, or a cluster-wide one that certainly selects
 * one of its workloads. An engine policy eksguard cannot fully read does not
 * count; the failure names it. This is the coarse, once-per-namespace finding;
 * K8S-NET-004 does not repeat it for every workload of such a namespace.
 */
export const namespaceHasPolicy = defineCheck<NamespaceInfo>({
  id: 'K8S-NET-001',
  title: 'Namespaces with workloads must have a NetworkPolicy',
  area: 'network',
  severity: 'medium',
  target: namespaces,
  needs: ['kube:workloads', ...NETWORK_POLICY_NEEDS],
  scope: 'namespace',
  admission: { scanOnly: 'needs every NetworkPolicy of the namespace' },
  rationale:
    'Without any NetworkPolicy every pod of the namespace accepts connections from every pod in the cluster and can open connections anywhere, including to the instance metadata service. One compromised pod can then reach every database and internal API.',
  remediation:
    'Start each namespace with a default-deny policy for ingress and egress (`podSelector: {}`, `policyTypes: [Ingress, Egress]`), then add narrow allow policies (DNS to kube-system, the ports each app serves). On EKS, enable network policy enforcement in the VPC CNI or run Calico or Cilium; their own policies (CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy, Calico NetworkPolicy and GlobalNetworkPolicy) count too.',
  messages: {
    noPolicy: 'namespace {{namespace}} runs {{count}} workload(s) ({{workloads}}) and has no NetworkPolicy: every pod accepts traffic from anywhere in the cluster and may connect anywhere',
    unreadPolicies:
      'namespace {{namespace}} runs {{count}} workload(s) ({{workloads}}) and has no NetworkPolicy that eksguard can count: {{policies}}; unless they apply, every pod accepts traffic from anywhere in the cluster and may connect anywhere',
  },
  references: [NETWORK_POLICY_DOCS, BPG.networkSecurity, CIS_EKS, CILIUM_POLICY_DOCS, CALICO_POLICY_DOCS],
  standards: [],
  examples: {
    pass: [
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
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
    const pods = namespacePods(namespace, ctx);
    const skip = notJudged(pods);
    if (skip) return notApplicable(skip);
    const name = displayNamespace(namespace.name);
    const engine = pods.engine.counted.map((policy) => policy.label);
    if (pods.policies.length > 0) {
      return pass(`namespace ${name} has ${pods.policies.length} NetworkPolicy object(s)${engine.length > 0 ? `, and ${policyList(engine)} ${engine.length === 1 ? 'applies' : 'apply'} to its pods` : ''}`);
    }
    if (engine.length > 0) return pass(`${policyList(engine)} ${engine.length === 1 ? 'applies' : 'apply'} to pods of namespace ${name}`);
    const data = { namespace: name, count: workloadObjects(pods.podNetwork).length, workloads: workloadList(pods.podNetwork) };
    if (pods.engine.unsure.length > 0) {
      const policies = policyList(pods.engine.unsure.map(({ policy, why }) => `${policy.label} (${why})`));
      return fail({ messageId: 'unreadPolicies', data: { ...data, policies } });
    }
    return fail({ messageId: 'noPolicy', data });
  },
});
