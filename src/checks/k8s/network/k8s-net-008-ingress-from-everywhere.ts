import { defineCheck, fail, notApplicable, pass, type CheckContext, type Verdict } from '../../../core/check.js';
import type { FieldPath } from '../../../core/field-path.js';
import type { KubeObject } from '../../../core/inventory.js';
import { ingressFromEverywhere, policyView } from '../../../k8s/network-policy.js';
import { objectsOfKinds } from '../../../k8s/targets.js';
import { enginePoliciesOf, isEnginePolicy } from '../../../k8s/engine-policy/collect.js';
import { BPG, CIS_EKS } from '../workload/offences.js';
import { CALICO_POLICY_DOCS, CILIUM_POLICY_DOCS, NETWORK_POLICY_DOCS, NETWORK_POLICY_NEEDS } from './namespace-pods.js';

/**
 * K8S-NET-008: no NetworkPolicy ingress rule admits every source: a rule
 * without `from` (or with `from: []`), an empty peer `{}`, or an ipBlock of
 * 0.0.0.0/0 or ::/0 (with or without `except`). Peers with a namespace
 * selector admit the cluster's pods, not the world, and are not flagged.
 * The same for Cilium (a rule with only `toPorts`, `fromEntities` world or
 * all, a CIDR of everything) and Calico (an Allow rule with no source, or
 * source nets of everything); one eksguard cannot fully read is not passed.
 */
export const ingressFromEverywhereCheck = defineCheck<KubeObject>({
  id: 'K8S-NET-008',
  title: 'NetworkPolicies should not allow ingress from everywhere',
  area: 'network',
  severity: 'low',
  target: objectsOfKinds(['NetworkPolicy', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'GlobalNetworkPolicy'], { anyGroup: true }),
  needs: [...NETWORK_POLICY_NEEDS],
  scope: 'namespace',
  admission: { judges: 'the rules of the NetworkPolicy, Cilium policy or Calico policy' },
  rationale:
    'An allow-all ingress rule quietly undoes the isolation the rest of the policy set builds: the selected pods accept connections from every pod and, through node ports and load balancers, from every address.',
  remediation:
    'Name the sources in each ingress rule: a podSelector and namespaceSelector for in-cluster clients, or the narrow ipBlock of the load balancer subnets or client networks.',
  messages: {
    openRule: '{{rule}}',
  },
  references: [NETWORK_POLICY_DOCS, BPG.networkSecurity, CIS_EKS, CILIUM_POLICY_DOCS, CALICO_POLICY_DOCS],
  standards: [],
  examples: {
    pass: [
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web, namespace: shop }
spec:
  podSelector: { matchLabels: { app: web } }
  ingress:
    - from:
        - namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: ingress } }
        - ipBlock: { cidr: 10.0.0.0/16 }
      ports: [{ port: 8080 }]
`,
    ],
    fail: [
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web, namespace: shop }
spec:
  podSelector: { matchLabels: { app: web } }
  ingress:
    - ports: [{ port: 8080 }]
`,
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web, namespace: shop }
spec:
  podSelector: {}
  ingress:
    - from: [{ ipBlock: { cidr: 0.0.0.0/0, except: [169.254.169.254/32] } }]
`,
    ],
  },
  evaluate(object, ctx) {
    if (isEnginePolicy(object)) return judgeEnginePolicy(object, ctx);
    if (!object.apiVersion.startsWith('networking.k8s.io/')) return notApplicable('not a network policy of Kubernetes, Cilium or Calico');
    const policy = policyView(object, ctx);
    if (!policy.ingress) return notApplicable('the policy does not govern ingress');
    const open = ingressFromEverywhere(policy);
    if (open.length === 0) return pass('every ingress rule names its sources');
    const [first, ...rest] = open.map((item) => ({ messageId: 'openRule', data: { rule: item.why } }));
    // paths of src/k8s/network are rendered in the canonical syntax
    return fail({ ...first!, ...(rest.length > 0 ? { more: rest } : {}), path: open[0]!.path as FieldPath });
  },
});

/** A Cilium or Calico policy: each ingress allow rule that admits every source is an offence. */
function judgeEnginePolicy(object: KubeObject, ctx: CheckContext): Verdict {
  const policies = enginePoliciesOf(object, ctx);
  const governing = policies.filter((policy) => policy.ingress.isolates !== false && policy.ingress.rules.length > 0);
  if (governing.length === 0) return notApplicable('the policy does not govern ingress');
  const open = governing.flatMap((policy) => policy.ingress.rules.flatMap((rule) => (rule.everySource ? [{ why: `${policy.label}: ${rule.everySource.why}`, path: rule.everySource.path }] : [])));
  if (open.length > 0) {
    const [first, ...rest] = open.map((item) => ({ messageId: 'openRule', data: { rule: item.why } }));
    return fail({ ...first!, ...(rest.length > 0 ? { more: rest } : {}), path: open[0]!.path });
  }
  const unread = governing.filter((policy) => policy.unread.length > 0);
  if (unread.length > 0) return notApplicable(`eksguard cannot fully read ${unread[0]!.label}: ${unread[0]!.unread.join('; ')}`);
  return pass('every ingress rule names its sources');
}
