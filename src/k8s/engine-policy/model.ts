import type { FieldPath } from '../../core/field-path.js';
import type { KubeObject } from '../../core/inventory.js';
import type { PodFacts, Truth } from './truth.js';

/**
 * The part of a Cilium or Calico policy that has the effect of a Kubernetes NetworkPolicy,
 * normalised so that the network checks can read both engines the way they read
 * networking.k8s.io policies. Everything eksguard cannot read for certain is `undefined`
 * (see truth.ts) or listed in `unread`.
 */

export type EngineKind = 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy' | 'Calico NetworkPolicy' | 'Calico GlobalNetworkPolicy';

export type RuleAction = 'Allow' | 'Deny' | 'Pass' | 'Log' | 'unknown';

/** The destinations the metadata-service checks ask about (TCP port 80). */
export interface ImdsMatch {
  readonly v4: Truth;
  readonly v6: Truth;
}

export interface EngineRule {
  /** `spec.egress[0]`, `specs[1].ingressDeny[0]` */
  readonly path: FieldPath;
  /** `egress rule 0`, `egressDeny rule 2` */
  readonly label: string;
  readonly action: RuleAction;
  /** whether the rule matches TCP traffic to the metadata service on port 80 (egress rules) */
  readonly imds: ImdsMatch;
  /** whether the rule matches every peer on every port (a deny-all rule, or an allow-all one) */
  readonly matchesEverything: Truth;
  /** whether the rule matches nothing at all (Cilium's `{}`) */
  readonly matchesNothing: boolean;
  /** why an ingress rule matches every source (`fromEntities: [world]`, no source), when it does */
  readonly everySource?: { readonly why: string; readonly path: FieldPath };
}

export interface EngineDirection {
  /**
   * Whether selected pods are isolated in this direction (what no rule allows is dropped):
   * Cilium, a rule section for the direction unless enableDefaultDeny turns it off; Calico,
   * the direction among the (defaulted) types, in the default tier.
   */
  readonly isolates: Truth;
  /** the rules in evaluation order: Cilium lists deny rules first (they win over every allow) */
  readonly rules: readonly EngineRule[];
}

export interface EnginePolicy {
  readonly object: KubeObject;
  readonly kind: EngineKind;
  readonly engine: 'cilium' | 'calico';
  /** `CiliumNetworkPolicy web`, `Calico GlobalNetworkPolicy deny-all (specs[1])` */
  readonly label: string;
  /** the namespace key of a namespaced kind; undefined for the cluster-wide kinds */
  readonly namespace: string | undefined;
  /** the selector as written, for messages */
  readonly selectorText: string;
  /** whether the policy applies to a pod (or, with podLabels undefined, to every pod of a namespace) */
  selects(facts: PodFacts): Truth;
  /** Calico's order: lower first, undefined after every ordered policy */
  readonly order?: number;
  readonly ingress: EngineDirection;
  readonly egress: EngineDirection;
  /** what eksguard could not read (bounded list): the policy counts for nothing that depends on it */
  readonly unread: readonly string[];
}

/** At most this many reasons are kept per policy, so that a hostile object cannot grow messages. */
export const MAX_UNREAD = 5;

export function addUnread(unread: string[], reason: string): void {
  if (unread.length < MAX_UNREAD && !unread.includes(reason)) unread.push(reason);
}

export const NO_IMDS: ImdsMatch = { v4: false, v6: false };
