import type { CheckContext } from '../../core/check.js';
import type { KubeObject } from '../../core/inventory.js';
import { record, str } from '../fields.js';
import { namespaceKeyOf, namespaceNameOfKey, namespacesOf } from '../namespaces.js';
import type { Workload } from '../workload.js';
import { calicoPolicy, isCalicoPolicy } from './calico.js';
import { ciliumPolicies, isCiliumPolicy } from './cilium.js';
import type { EnginePolicy } from './model.js';
import type { PodFacts } from './truth.js';

type Memo = Pick<CheckContext, 'memo' | 'inventory'>;

export interface EnginePolicies {
  /** namespaced policies by namespace key */
  readonly byNamespace: ReadonlyMap<string, readonly EnginePolicy[]>;
  /** CiliumClusterwideNetworkPolicy and GlobalNetworkPolicy: they may select pods of any namespace */
  readonly clusterwide: readonly EnginePolicy[];
}

export function isEnginePolicy(object: KubeObject): boolean {
  return isCiliumPolicy(object) || isCalicoPolicy(object);
}

/**
 * A Calico policy listed both through the Calico API server (projectcalico.org/v3) and its CRD
 * (crd.projectcalico.org/v1, where the default tier may prefix the name with `default.`) is one policy.
 */
function calicoIdentity(object: KubeObject): string {
  const name = object.apiVersion.startsWith('crd.') && object.name.startsWith('default.') ? object.name.slice('default.'.length) : object.name;
  return `${object.kind}\u0000${object.namespace ?? ''}\u0000${name}`;
}

function collect(inventory: Memo['inventory']): EnginePolicies {
  const byNamespace = new Map<string, EnginePolicy[]>();
  const clusterwide: EnginePolicy[] = [];
  const calico = new Map<string, KubeObject>();
  const cilium: KubeObject[] = [];
  for (const object of inventory.kube) {
    if (isCiliumPolicy(object)) cilium.push(object);
    else if (isCalicoPolicy(object)) {
      const identity = calicoIdentity(object);
      const seen = calico.get(identity);
      if (!seen || (seen.apiVersion.startsWith('crd.') && !object.apiVersion.startsWith('crd.'))) calico.set(identity, object);
    }
  }
  const add = (policies: readonly EnginePolicy[], namespace: string | undefined) => {
    if (namespace === undefined) {
      clusterwide.push(...policies);
      return;
    }
    const bucket = byNamespace.get(namespace);
    if (bucket) bucket.push(...policies);
    else byNamespace.set(namespace, [...policies]);
  };
  for (const object of cilium) {
    const namespace = object.kind === 'CiliumNetworkPolicy' ? namespaceKeyOf(object) : undefined;
    add(ciliumPolicies(object, namespace), namespace);
  }
  for (const object of calico.values()) {
    const namespace = object.kind === 'NetworkPolicy' ? namespaceKeyOf(object) : undefined;
    add([calicoPolicy(object, namespace)], namespace);
  }
  return { byNamespace, clusterwide };
}

/** The engines' policies of the inventory, parsed once per run. */
export function enginePolicies(ctx: Memo): EnginePolicies {
  return ctx.memo('k8s:enginePolicies', () => collect(ctx.inventory));
}

/** The policies that may apply to pods of a namespace: its own and every cluster-wide one. */
export function enginePoliciesFor(namespace: string, ctx: Memo): readonly EnginePolicy[] {
  const all = enginePolicies(ctx);
  const own = all.byNamespace.get(namespace) ?? [];
  return all.clusterwide.length === 0 ? own : [...own, ...all.clusterwide];
}

/** The engines' policies built from one object (the target of K8S-NET-008). */
export function enginePoliciesOf(object: KubeObject, ctx: Memo): readonly EnginePolicy[] {
  const all = enginePolicies(ctx);
  const pool = object.kind === 'CiliumNetworkPolicy' || object.kind === 'NetworkPolicy' ? (all.byNamespace.get(namespaceKeyOf(object) ?? '') ?? []) : all.clusterwide;
  return pool.filter((policy) => policy.object === object);
}

/** What the engines see of every pod of a namespace: its name and, when the input has the Namespace, its labels. */
export function namespaceFacts(namespace: string, ctx: Memo): PodFacts {
  const info = namespacesOf(ctx).get(namespace);
  return {
    namespaceKey: namespace,
    namespaceName: namespaceNameOfKey(namespace),
    podLabels: undefined,
    namespaceLabels: info && !info.implied ? info.labels : undefined,
    serviceAccount: undefined,
  };
}

/** What the engines see of a workload's pods. */
export function workloadFacts(workload: Workload, ctx: Memo): PodFacts {
  const serviceAccount = str(workload.spec['serviceAccountName']) ?? str(record(workload.spec)['serviceAccount']) ?? 'default';
  return { ...namespaceFacts(workload.namespaceKey, ctx), podLabels: workload.labels, serviceAccount };
}
