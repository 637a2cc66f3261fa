import { defineCheck, fail, notApplicable, pass, type CheckDefinition, type CheckExamples } from '../../../core/check.js';
import type { Severity } from '../../../core/types.js';
import { displayNamespace, namespaces, type NamespaceInfo } from '../../../k8s/namespaces.js';
import { isDefaultDenyEgress, isDefaultDenyIngress } from '../../../k8s/network-policy.js';
import { BPG, CIS_EKS } from '../workload/offences.js';
import { engineDefaultDeny } from '../../../k8s/policy-coverage.js';
import { CALICO_POLICY_DOCS, CILIUM_POLICY_DOCS, namespacePods, NETWORK_POLICY_DOCS, NETWORK_POLICY_NEEDS, notJudged, policyList } from './namespace-pods.js';

export type Direction = 'Ingress' | 'Egress';

export interface DefaultDenySpec {
  id: string;
  direction: Direction;
  severity: Severity;
  rationale: string;
  examples: CheckExamples;
}

/**
 * K8S-NET-002 and K8S-NET-003: a namespace with pod-network workloads has a
 * default-deny policy for one direction, exactly as the catalogue defines it:
 * empty podSelector, the direction among its (defaulted) policyTypes, and no
 * rules for that direction. A policy that selects every pod but allows some
 * traffic isolates the pods too, but is not a default deny: the next allow
 * rule someone adds to it widens every pod at once. A Cilium or Calico policy
 * counts when eksguard reads it in full and it certainly selects every pod of
 * the namespace, isolates the direction and allows none of it (Cilium: only
 * `{}` rules, or a deny rule for entity `all`; Calico: no rules, or a Deny rule
 * that matches everything before any other, in the default tier).
 */
export function defineDefaultDenyCheck(spec: DefaultDenySpec): CheckDefinition<NamespaceInfo> {
  const lower = spec.direction.toLowerCase();
  const isDefaultDeny = spec.direction === 'Ingress' ? isDefaultDenyIngress : isDefaultDenyEgress;
  return defineCheck<NamespaceInfo>({
    id: spec.id,
    title: `Namespaces must have a default-deny ${lower} NetworkPolicy`,
    area: 'network',
    severity: spec.severity,
    target: namespaces,
    needs: ['kube:workloads', ...NETWORK_POLICY_NEEDS],
    scope: 'namespace',
    admission: { scanOnly: 'needs every NetworkPolicy of the namespace' },
    rationale: spec.rationale,
    remediation: `Add a policy that selects every pod and allows no ${lower}: \`podSelector: {}\`, \`policyTypes: [${spec.direction}]\`, no \`${lower}\` rules (with Cilium, \`endpointSelector: {}\` and \`${lower}: [{}]\`; with Calico, \`selector: all()\`, \`types: [${spec.direction}]\`, no rules). Then allow the ${lower} each workload needs with separate, narrowly selected policies${spec.direction === 'Egress' ? ' (DNS to kube-system first)' : ''}.`,
    messages: {
      noPolicy: `namespace {{namespace}} has no NetworkPolicy at all (see K8S-NET-001), so no default-deny ${lower} policy isolates its pods`,
      unreadPolicies: `namespace {{namespace}} has no NetworkPolicy that eksguard can count (see K8S-NET-001): {{policies}}; unless one of them denies all ${lower} to every pod, no default-deny ${lower} policy isolates its pods`,
      allowsSome: `none of the {{count}} policies in namespace {{namespace}} is a default-deny ${lower} policy (empty podSelector, ${spec.direction} in policyTypes, no ${lower} rules); {{policies}} select every pod for ${lower} but also allow some, which is not a default deny{{unsure}}`,
      notIsolated: `none of the {{count}} policies in namespace {{namespace}} is a default-deny ${lower} policy (empty podSelector, ${spec.direction} in policyTypes, no ${lower} rules); pods that no ${spec.direction} policy selects are not isolated for ${lower}{{unsure}}`,
    },
    references: [NETWORK_POLICY_DOCS, BPG.networkSecurity, CIS_EKS, CILIUM_POLICY_DOCS, CALICO_POLICY_DOCS],
    standards: [],
    examples: spec.examples,
    evaluate(namespace, ctx) {
      const pods = namespacePods(namespace, ctx);
      const skip = notJudged(pods);
      if (skip) return notApplicable(skip);
      const name = displayNamespace(namespace.name);
      const found = pods.policies.find(isDefaultDeny);
      if (found) return pass(`NetworkPolicy ${found.name} denies all ${lower} by default in namespace ${name}`);
      const engine = engineDefaultDeny(namespace.name, lower as 'ingress' | 'egress', ctx);
      if (engine.found) return pass(`${engine.found.label} denies all ${lower} by default in namespace ${name}`);
      const count = pods.policies.length + pods.engine.counted.length;
      const unread = policyList(pods.engine.unsure.map(({ policy, why }) => `${policy.label} (${why})`));
      // only Cilium or Calico policies eksguard cannot fully read: name them, as K8S-NET-001 does
      if (count === 0) return pods.engine.unsure.length > 0 ? fail({ messageId: 'unreadPolicies', data: { namespace: name, policies: unread } }) : fail({ messageId: 'noPolicy', data: { namespace: name } });
      const covering = [
        ...pods.policies.filter((policy) => policy.selectsAllPods && (spec.direction === 'Ingress' ? policy.ingress : policy.egress)).map((policy) => policy.name),
        ...engine.allowsSome.map((policy) => policy.label),
      ];
      const unsure = pods.engine.unsure.length > 0 ? `; eksguard cannot count ${unread}` : '';
      const data = { count, namespace: name, unsure };
      if (covering.length > 0) return fail({ messageId: 'allowsSome', data: { ...data, policies: policyList(covering, 5) } });
      return fail({ messageId: 'notIsolated', data });
    },
  });
}
