import type { CheckContext, Subject } from '../../../core/check.js';
import type { KubeObject } from '../../../core/inventory.js';
import { bool } from '../../../k8s/fields.js';
import { displayNamespace, workloadsByNamespace, type NamespaceInfo } from '../../../k8s/namespaces.js';
import { policiesIn, type NetworkPolicyView } from '../../../k8s/network-policy.js';
import type { Workload } from '../../../k8s/workload.js';
import { namespaceEngineCoverage, type EngineCoverage } from '../../../k8s/policy-coverage.js';

/** What the namespace-level network checks judge: the pods NetworkPolicies can govern, and the policies. */
export interface NamespacePods {
  readonly name: string;
  /** workloads whose pods use the pod network (host-network pods are outside NetworkPolicy's reach) */
  readonly podNetwork: readonly Subject<Workload>[];
  readonly hostNetwork: readonly Subject<Workload>[];
  readonly policies: readonly NetworkPolicyView[];
  /** Cilium and Calico policies that apply to the namespace's pods, and those eksguard cannot count */
  readonly engine: EngineCoverage;
}

export function isHostNetwork(workload: Workload): boolean {
  return bool(workload.spec['hostNetwork']) === true;
}

export function namespacePods(namespace: NamespaceInfo, ctx: CheckContext): NamespacePods {
  return ctx.memo(`net:namespacePods:${namespace.name}`, () => {
    const all = workloadsByNamespace(ctx).get(namespace.name) ?? [];
    const podNetwork = all.filter((subject) => !isHostNetwork(subject.value));
    return {
      name: namespace.name,
      podNetwork,
      hostNetwork: all.filter((subject) => isHostNetwork(subject.value)),
      policies: policiesIn(namespace.name, ctx),
      engine: namespaceEngineCoverage(
        namespace.name,
        podNetwork.map((subject) => subject.value),
        ctx,
      ),
    };
  });
}

/** Why a namespace-level network check does not apply, or undefined when it does. */
export function notJudged(pods: NamespacePods): string | undefined {
  if (pods.podNetwork.length > 0) return undefined;
  if (pods.hostNetwork.length > 0) {
    return `namespace ${displayNamespace(pods.name)} runs only host-network pods, which NetworkPolicies do not govern (see K8S-WL-009)`;
  }
  return `namespace ${displayNamespace(pods.name)} runs no workloads`;
}

/** The objects of some workload subjects, each once (a RayCluster's head and worker groups are one object). */
export function workloadObjects(subjects: readonly Subject<Workload>[]): KubeObject[] {
  return [...new Set(subjects.map((subject) => subject.value.object))];
}

/** `Deployment web, CronJob report and 3 more` */
export function workloadList(subjects: readonly Subject<Workload>[], limit = 5): string {
  const objects = workloadObjects(subjects);
  const names = objects.slice(0, limit).map((object) => `${object.kind} ${object.name}`);
  const more = objects.length > limit ? ` and ${objects.length - limit} more` : '';
  return `${names.join(', ')}${more}`;
}

export const NETWORK_POLICY_DOCS = 'https://kubernetes.io/docs/concepts/services-networking/network-policies/';
export const CILIUM_POLICY_DOCS = 'https://docs.cilium.io/en/stable/security/policy/language/';
export const CALICO_POLICY_DOCS = 'https://docs.tigera.io/calico/latest/reference/resources/networkpolicy';

/**
 * The data the policy checks read: NetworkPolicies and the CNI engines' own policies (Cilium's,
 * and Calico's through its CRDs; a live scan lists each when its CRD exists).
 */
export const NETWORK_POLICY_NEEDS = [
  'kube:NetworkPolicy',
  'kube:CiliumNetworkPolicy',
  'kube:CiliumClusterwideNetworkPolicy',
  'kube:CalicoNetworkPolicy',
  'kube:GlobalNetworkPolicy',
] as const;

/** `CiliumNetworkPolicy a, Calico NetworkPolicy b and 2 more`: engine policies named in messages, bounded. */
export function policyList(labels: readonly string[], limit = 3): string {
  const more = labels.length > limit ? ` and ${labels.length - limit} more` : '';
  return `${labels.slice(0, limit).join(', ')}${more}`;
}
