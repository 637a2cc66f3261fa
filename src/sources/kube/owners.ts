import type { KubeObject } from '../../core/inventory.js';
import { bool, record, records, str } from '../../k8s/fields.js';

/**
 * Kinds whose pod template makes the objects we drop: a Deployment's
 * ReplicaSets, a ReplicaSet's Pods, a CronJob's Jobs.
 */
export const TEMPLATE_OWNERS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'Rollout',
]);

/** Kinds that a template owner creates from its template. */
export const TEMPLATE_CHILDREN: ReadonlySet<string> = new Set(['Pod', 'ReplicaSet', 'Job']);

export function uidOf(object: KubeObject): string | undefined {
  return str(record(object.raw['metadata'])['uid']);
}

/** The uid of the controller that owns the object, when it names one. */
export function controllerUid(object: KubeObject): string | undefined {
  for (const owner of records(record(object.raw['metadata'])['ownerReferences'])) {
    if (bool(owner['controller']) === true) return str(owner['uid']);
  }
  return undefined;
}

export interface PrunedObjects {
  kept: KubeObject[];
  /** objects left out, by kind */
  dropped: Map<string, number>;
}

/**
 * Leaves out Pods, ReplicaSets and Jobs whose controller is in the same
 * inventory. They run the controller's pod template, so judging both would
 * report one misconfiguration two or three times (Deployment, ReplicaSet, each
 * Pod) and name generated objects users do not edit. An object whose
 * controller was not listed (a forbidden kind, another namespace, an operator's
 * custom resource, a static Pod's Node) is kept: it is the only place its
 * template is seen.
 *
 * What this misses: fields a mutating admission webhook adds to the Pods but
 * not to the template (injected sidecars). `includeOwned` keeps everything.
 */
export function pruneOwnedObjects(objects: readonly KubeObject[]): PrunedObjects {
  const owners = new Map<string, KubeObject>();
  for (const object of objects) {
    if (!TEMPLATE_OWNERS.has(object.kind)) continue;
    const uid = uidOf(object);
    if (uid) owners.set(uid, object);
  }
  const parentOf = (object: KubeObject): KubeObject | undefined => {
    if (!TEMPLATE_CHILDREN.has(object.kind)) return undefined;
    const uid = controllerUid(object);
    return uid === undefined ? undefined : owners.get(uid);
  };
  const kept: KubeObject[] = [];
  const dropped = new Map<string, number>();
  for (const object of objects) {
    if (isOwnedByKeptObject(object, parentOf)) dropped.set(object.kind, (dropped.get(object.kind) ?? 0) + 1);
    else kept.push(object);
  }
  return { kept, dropped };
}

/**
 * True when the object's controller chain ends at an object that is kept. A
 * chain that loops (owner references are user input) has no kept end, so every
 * object on the loop is kept rather than all of them vanishing.
 */
export function isOwnedByKeptObject(object: KubeObject, parentOf: (object: KubeObject) => KubeObject | undefined): boolean {
  const seen = new Set<KubeObject>([object]);
  let current = parentOf(object);
  if (!current) return false;
  for (;;) {
    if (seen.has(current)) return false;
    seen.add(current);
    const next = parentOf(current);
    if (!next) return true;
    current = next;
  }
}
