import { defineCheck, fail, notApplicable, pass } from '../../../core/check.js';
import type { FieldPath } from '../../../core/field-path.js';
import type { KubeObject } from '../../../core/inventory.js';
import { ingressFromEverywhere, policyView } from '../../../k8s/network-policy.js';
import { objectsOfKind } from '../../../k8s/targets.js';
import { BPG, CIS_EKS } from '../workload/offences.js';
import { NETWORK_POLICY_DOCS } from './namespace-pods.js';

/**
 * K8S-NET-008: no NetworkPolicy ingress rule admits every source: a rule
 * without `from` (or with `from: []`), an empty peer `{}`, or an ipBlock of
 * 0.0.0.0/0 or ::/0 (with or without `except`). Peers with a namespace
 * selector admit the cluster's pods, not the world, and are not flagged.
 */
export const ingressFromEverywhereCheck = defineCheck<KubeObject>({
  id: 'K8S-NET-008',
  title: 'NetworkPolicies should not allow ingress from everywhere',
  area: 'network',
  severity: 'low',
  target: objectsOfKind('NetworkPolicy'),
  needs: ['kube:NetworkPolicy'],
  scope: 'namespace',
  admission: { judges: 'the rules of the NetworkPolicy' },
  rationale:
    'An allow-all ingress rule quietly undoes the isolation the rest of the policy set builds: the selected pods accept connections from every pod and, through node ports and load balancers, from every address.',
  remediation:
    'Name the sources in each ingress rule: a podSelector and namespaceSelector for in-cluster clients, or the narrow ipBlock of the load balancer subnets or client networks.',
  messages: {
    openRule: '{{rule}}',
  },
  references: [NETWORK_POLICY_DOCS, BPG.networkSecurity, CIS_EKS],
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
    if (!object.apiVersion.startsWith('networking.k8s.io/')) return notApplicable('not a networking.k8s.io NetworkPolicy');
    const policy = policyView(object, ctx);
    if (!policy.ingress) return notApplicable('the policy does not govern ingress');
    const open = ingressFromEverywhere(policy);
    if (open.length === 0) return pass('every ingress rule names its sources');
    const [first, ...rest] = open.map((item) => ({ messageId: 'openRule', data: { rule: item.why } }));
    // paths of src/k8s/network are rendered in the canonical syntax
    return fail({ ...first!, ...(rest.length > 0 ? { more: rest } : {}), path: open[0]!.path as FieldPath });
  },
});
