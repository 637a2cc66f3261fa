import type { CheckContext } from '../core/check.js';
import { enginePoliciesFor, namespaceFacts, workloadFacts } from './engine-policy/collect.js';
import { KUBERNETES_POLICY_ORDER } from './engine-policy/calico.js';
import type { EnginePolicy, EngineRule } from './engine-policy/model.js';
import type { PodFacts, Truth } from './engine-policy/truth.js';
import { egressRuleAdmitsImds, IMDS_ADDRESS, IMDS_IPV6_ADDRESS, policiesSelecting, type NetworkPolicyView } from './network-policy.js';
import type { Workload } from './workload.js';

/**
 * What the network checks ask of every policy that governs pods, networking.k8s.io
 * NetworkPolicies and the engines' own (Cilium, Calico) alike. An engine policy counts only
 * where eksguard reads it in full and it certainly applies: one it cannot read (an unknown
 * field, a selector on labels the input does not carry, another Calico tier) never makes a
 * check pass; it is named instead, so the finding says why it did not count.
 */

type Memo = Pick<CheckContext, 'memo' | 'inventory'>;
export type Direction = 'ingress' | 'egress';

/** Why an engine policy does not count, or undefined when it does for these facts. */
export function whyNotCounted(policy: EnginePolicy, facts: PodFacts): string | undefined {
  if (policy.unread.length > 0) return `eksguard cannot fully read it: ${policy.unread.join('; ')}`;
  const selects = policy.selects(facts);
  if (selects === undefined) return `eksguard cannot tell whether its selector (${policy.selectorText}) picks these pods`;
  return undefined;
}

/** An engine policy that certainly applies to the pods and isolates them in some direction: it has the effect of a NetworkPolicy. */
export function engineCovers(policy: EnginePolicy, facts: PodFacts): boolean {
  return policy.unread.length === 0 && policy.selects(facts) === true && (policy.ingress.isolates === true || policy.egress.isolates === true);
}

export interface EngineCoverage {
  /** engine policies that count for the namespace */
  readonly counted: readonly EnginePolicy[];
  /** engine policies that might but eksguard cannot tell, with the reason */
  readonly unsure: readonly { readonly policy: EnginePolicy; readonly why: string }[];
}

/**
 * The engine policies of a namespace (K8S-NET-001): its own policies that isolate pods, and
 * cluster-wide ones that certainly select one of the given workloads.
 */
export function namespaceEngineCoverage(namespace: string, workloads: readonly Workload[], ctx: Memo): EngineCoverage {
  const counted: EnginePolicy[] = [];
  const unsure: { policy: EnginePolicy; why: string }[] = [];
  const everyPod = namespaceFacts(namespace, ctx);
  for (const policy of enginePoliciesFor(namespace, ctx)) {
    const candidates = policy.namespace !== undefined ? [everyPod] : workloads.map((workload) => workloadFacts(workload, ctx));
    const isolating = policy.ingress.isolates === true || policy.egress.isolates === true;
    if (policy.namespace !== undefined && policy.unread.length === 0 && isolating) counted.push(policy);
    else if (policy.namespace === undefined && candidates.some((facts) => engineCovers(policy, facts))) counted.push(policy);
    else if (policy.unread.length > 0 || (policy.namespace === undefined && candidates.some((facts) => policy.selects(facts) === undefined))) {
      unsure.push({ policy, why: whyNotCounted(policy, candidates.find((facts) => policy.selects(facts) === undefined) ?? everyPod) ?? 'it may not apply' });
    }
  }
  return { counted, unsure };
}

/** Whether a direction's rules leave nothing allowed: Cilium, only `{}` allow rules or a deny-all rule; Calico, no rule before a deny-all one but Log. */
function allowsNothing(policy: EnginePolicy, direction: Direction): boolean {
  const rules = policy[direction].rules;
  if (policy.engine === 'cilium') {
    return rules.some((rule) => rule.action === 'Deny' && rule.matchesEverything === true) || rules.every((rule) => rule.action === 'Deny' || rule.matchesNothing);
  }
  for (const rule of rules) {
    if (rule.action === 'Log') continue;
    return rule.action === 'Deny' && rule.matchesEverything === true;
  }
  return true;
}

export interface EngineDefaultDeny {
  readonly found?: EnginePolicy;
  /** engine policies that select every pod of the namespace for the direction but allow some of it */
  readonly allowsSome: readonly EnginePolicy[];
}

/** K8S-NET-002/003 for the engines: a policy that selects every pod of the namespace, isolates the direction and allows none of it. */
export function engineDefaultDeny(namespace: string, direction: Direction, ctx: Memo): EngineDefaultDeny {
  const facts = namespaceFacts(namespace, ctx);
  const allowsSome: EnginePolicy[] = [];
  for (const policy of enginePoliciesFor(namespace, ctx)) {
    if (policy.unread.length > 0 || policy.selects(facts) !== true || policy[direction].isolates !== true) continue;
    if (allowsNothing(policy, direction)) return { found: policy, allowsSome };
    allowsSome.push(policy);
  }
  return { allowsSome };
}

export interface EngineSelection {
  readonly selecting: readonly EnginePolicy[];
  readonly unsure: readonly { readonly policy: EnginePolicy; readonly why: string }[];
}

/** K8S-NET-004 for the engines: the policies that certainly apply to a workload's pods and isolate them. */
export function enginePoliciesSelecting(workload: Workload, ctx: Memo): EngineSelection {
  const facts = workloadFacts(workload, ctx);
  const selecting: EnginePolicy[] = [];
  const unsure: { policy: EnginePolicy; why: string }[] = [];
  for (const policy of enginePoliciesFor(workload.namespaceKey, ctx)) {
    if (engineCovers(policy, facts)) selecting.push(policy);
    else if (policy.selects(facts) !== false) {
      const why = whyNotCounted(policy, facts);
      if (why) unsure.push({ policy, why });
    }
  }
  return { selecting, unsure };
}

const FAMILIES = [
  { key: 'v4', address: IMDS_ADDRESS },
  { key: 'v6', address: IMDS_IPV6_ADDRESS },
] as const;
/** written out once: asked for once per workload */
const ADMITS_IMDS_MEMO = { v4: 'k8s:policyAdmitsImds:v4', v6: 'k8s:policyAdmitsImds:v6' } as const;
/** Why a NetworkPolicy admits the metadata service of one family; judged once per policy and run (it does not depend on the pod). */
function kubernetesAdmits(policies: readonly NetworkPolicyView[], family: 'v4' | 'v6', ctx: Memo): string | undefined {
  const verdicts = ctx.memo(ADMITS_IMDS_MEMO[family], () => new Map<NetworkPolicyView, string | null>());
  for (const policy of policies) {
    let why = verdicts.get(policy);
    if (why === undefined) {
      why = null;
      for (const rule of policy.egressRules) {
        const reason = egressRuleAdmitsImds(rule, family);
        if (reason) {
          why = `NetworkPolicy ${policy.name}: ${reason}`;
          break;
        }
      }
      verdicts.set(policy, why);
    }
    if (why) return why;
  }
  return undefined;
}

function ruleText(policy: EnginePolicy, rule: EngineRule, match: Truth, address: string): string {
  if (match === true) return `${policy.label}: ${rule.label} admits ${address}`;
  const unread = policy.unread.length > 0 ? `: ${policy.unread.join('; ')}` : ' (its destination is not an address eksguard reads)';
  return `${policy.label}: ${rule.label} may admit ${address}, eksguard cannot tell${unread}`;
}

type Ordered = { readonly order: number; readonly name: string; readonly kubernetes?: NetworkPolicyView; readonly engine?: EnginePolicy; readonly selects: Truth };

/**
 * Calico applies policies by order, first matching rule wins; Kubernetes policies sit at order
 * 1000. Returns why traffic to the address is admitted, `null` when a Deny rule stops it, or
 * undefined when no rule matched (the end of the tier denies it).
 */
function calicoWalk(ordered: readonly Ordered[], family: 'v4' | 'v6', address: string, ctx: Memo): string | null | undefined {
  for (const entry of ordered) {
    if (entry.kubernetes) {
      const reason = kubernetesAdmits([entry.kubernetes], family, ctx);
      if (reason) return reason;
      continue;
    }
    const policy = entry.engine!;
    for (const rule of policy.egress.rules) {
      const match = rule.imds[family];
      if (match === false || rule.action === 'Log') continue;
      if (rule.action === 'Allow') return ruleText(policy, rule, match, address);
      if (rule.action === 'Deny') {
        if (match === true && entry.selects === true) return null;
        continue;
      }
      return `${policy.label}: ${rule.label} has action ${rule.action === 'Pass' ? 'Pass (to a tier eksguard does not judge)' : 'eksguard cannot read'}`;
    }
  }
  return undefined;
}

export type ImdsReach = { readonly reachable: boolean; readonly why: string };

/**
 * K8S-NET-009 across engines, per address family: a Cilium deny rule that matches the address
 * stops it whatever else allows; otherwise a pod that no egress policy isolates reaches it, and
 * an isolated pod reaches it when an allow rule that may apply admits it (Calico: the first
 * matching rule in policy order decides; Kubernetes and Cilium allow rules add up).
 */
export function imdsReach(workload: Workload, ctx: Memo): ImdsReach {
  const namespace = workload.namespaceKey;
  const facts = workloadFacts(workload, ctx);
  const kubernetes = policiesSelecting(namespace, workload.labels, ctx).filter((policy) => policy.egress);
  const selecting = enginePoliciesFor(namespace, ctx)
    .map((policy) => ({ policy, selects: policy.selects(facts) }))
    .filter((entry) => entry.selects !== false);
  // Cilium deny rules apply whether or not their policy isolates (enableDefaultDeny: false)
  const engine = selecting.filter((entry) => entry.policy.egress.isolates !== false);
  const isolatedBy = [
    ...kubernetes.map((policy) => `NetworkPolicy ${policy.name}`),
    ...engine.filter((entry) => entry.selects === true && entry.policy.unread.length === 0 && entry.policy.egress.isolates === true).map((entry) => entry.policy.label),
  ];
  const unsure = engine.filter((entry) => entry.selects === undefined || entry.policy.unread.length > 0).map((entry) => entry.policy.label);
  const calico = engine.filter((entry) => entry.policy.engine === 'calico');
  const ordered: Ordered[] = [
    ...calico.map((entry) => ({ order: entry.policy.order ?? Infinity, name: entry.policy.object.name, engine: entry.policy, selects: entry.selects })),
    ...kubernetes.map((policy) => ({ order: KUBERNETES_POLICY_ORDER, name: policy.name, kubernetes: policy, selects: true as Truth })),
  ].sort((a, b) => a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const stops: string[] = [];
  for (const family of FAMILIES) {
    const denied = selecting
      .filter((entry) => entry.policy.engine === 'cilium' && entry.selects === true)
      .flatMap((entry) => entry.policy.egress.rules.filter((rule) => rule.action === 'Deny' && rule.imds[family.key] === true).map((rule) => `${entry.policy.label}: ${rule.label}`))[0];
    if (denied) {
      stops.push(`${denied} denies ${family.address}`);
      continue;
    }
    if (isolatedBy.length === 0) {
      const note = unsure.length > 0 ? `; eksguard cannot tell whether ${unsure.join(', ')} applies` : '';
      const partly = stops.length > 0 ? `${stops.join('; ')}, but ` : '';
      return { reachable: true, why: `${partly}no Egress NetworkPolicy selects its pods${note}` };
    }
    const admitted = calico.length > 0 ? calicoWalk(ordered, family.key, family.address, ctx) : kubernetesAdmits(kubernetes, family.key, ctx);
    if (admitted) return { reachable: true, why: admitted };
    const cilium = engine
      .filter((entry) => entry.policy.engine === 'cilium')
      .flatMap((entry) => entry.policy.egress.rules.filter((rule) => rule.action === 'Allow' && rule.imds[family.key] !== false).map((rule) => ruleText(entry.policy, rule, rule.imds[family.key], family.address)))[0];
    if (cilium) return { reachable: true, why: cilium };
  }
  const limited = isolatedBy.length > 0 ? `egress is limited by ${isolatedBy.join(', ')}, none of which admits ${IMDS_ADDRESS} or ${IMDS_IPV6_ADDRESS}` : '';
  return { reachable: false, why: [limited, ...stops].filter(Boolean).join('; ') };
}
