import type { KubeObject } from '../core/inventory.js';
import { isOwnedByKeptObject, TEMPLATE_CHILDREN, TEMPLATE_OWNERS, controllerUid, uidOf } from '../sources/kube/owners.js';
import { knownResources } from '../sources/kube/resources.js';

/** A change of what is judged: an object that appeared, changed or went (before/after absent). */
export interface JudgedChange {
  key: string;
  kind: string;
  /** the namespace the object is (or was) in; undefined for cluster-scoped kinds */
  namespace: string | undefined;
  before: KubeObject | undefined;
  after: KubeObject | undefined;
}

const KIND_ORDER = new Map<string, number>();
knownResources().forEach((resource, index) => {
  if (!KIND_ORDER.has(resource.kind)) KIND_ORDER.set(resource.kind, index);
});

/** Kinds that two API groups serve (Calico's NetworkPolicy and networking.k8s.io's): their keys name the group. */
const SHARED_KINDS = new Set(knownResources().filter((resource, index, all) => all.findIndex((other) => other.kind === resource.kind) !== index).map((resource) => resource.kind));

function groupOf(apiVersion: string | undefined): string {
  return apiVersion === undefined || !apiVersion.includes('/') ? '' : apiVersion.slice(0, apiVersion.indexOf('/'));
}

/** The store's key of an object; `apiVersion` tells apart the objects of a kind two groups serve. */
export function objectKey(kind: string, namespace: string | undefined, name: string, apiVersion?: string): string {
  const qualified = SHARED_KINDS.has(kind) ? `${kind}.${groupOf(apiVersion)}` : kind;
  return `${qualified}/${namespace ?? ''}/${name}`;
}

export function keyOf(object: KubeObject): string {
  return objectKey(object.kind, object.namespace, object.name, object.apiVersion);
}

/** The order `scan --kube` reads objects in: the resource table's kind order, then the API server's (namespace, name). */
export function compareObjects(a: KubeObject, b: KubeObject): number {
  const kinds = (KIND_ORDER.get(a.kind) ?? Number.MAX_SAFE_INTEGER) - (KIND_ORDER.get(b.kind) ?? Number.MAX_SAFE_INTEGER);
  if (kinds !== 0) return kinds;
  const na = a.namespace ?? '';
  const nb = b.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function resourceVersion(object: KubeObject): unknown {
  return (object.raw['metadata'] as Record<string, unknown> | undefined)?.['resourceVersion'];
}

/**
 * The cluster's objects as the watch last saw them, and which of them are judged: as in `scan
 * --kube`, a Pod, ReplicaSet or Job whose controller is also here is left out (it runs its
 * controller's template), so a controller that appears or goes changes which of its children
 * are judged. Every mutation returns the changes of the judged set it caused.
 */
export class ClusterStore {
  private readonly all = new Map<string, KubeObject>();
  private readonly judged = new Set<string>();
  /** uid → key, for the kinds that own pod templates */
  private readonly owners = new Map<string, string>();
  /** controller uid → keys of the objects it controls */
  private readonly children = new Map<string, Set<string>>();
  /** judged objects by namespace ('' for cluster-scoped kinds) */
  private readonly byNamespace = new Map<string, Map<string, KubeObject>>();
  private readonly sortedCache = new Map<string, KubeObject[]>();
  /** judged objects by kind, and their scan order per kind (built when asked) */
  private readonly byKind = new Map<string, Map<string, KubeObject>>();
  private readonly kindSorted = new Map<string, KubeObject[]>();
  private allSorted: KubeObject[] | undefined;

  get size(): number {
    return this.judged.size;
  }

  /** Every object of a kind now is `objects` (a list's result). */
  /** A relist of one resource: `apiVersion` keeps a kind two groups serve apart (Calico's NetworkPolicy). */
  replaceKind(kind: string, objects: readonly KubeObject[], apiVersion?: string): JudgedChange[] {
    const next = new Map(objects.map((object) => [keyOf(object), object]));
    const changes: JudgedChange[] = [];
    for (const [key, object] of this.all) {
      if (object.kind === kind && (apiVersion === undefined || object.apiVersion === apiVersion) && !next.has(key)) changes.push(...this.remove(object));
    }
    for (const object of next.values()) changes.push(...this.upsert(object));
    return changes;
  }

  upsert(object: KubeObject): JudgedChange[] {
    const key = keyOf(object);
    const before = this.all.get(key);
    // a relist hands back every object: one already known at this version changes nothing
    if (before && resourceVersion(before) !== undefined && resourceVersion(before) === resourceVersion(object)) return [];
    const affected = this.detach(key, before);
    this.all.set(key, object);
    this.attach(key, object);
    affected.add(key);
    for (const descendant of this.descendants(object)) affected.add(descendant);
    return this.settle(affected, new Map([[key, before]]));
  }

  remove(object: KubeObject): JudgedChange[] {
    const key = keyOf(object);
    const before = this.all.get(key);
    if (!before) return [];
    const affected = this.detach(key, before);
    this.all.delete(key);
    affected.add(key);
    return this.settle(affected, new Map([[key, before]]));
  }

  /** Judged objects in a namespace ('' for cluster-scoped ones), in scan order. */
  inNamespace(namespace: string): readonly KubeObject[] {
    let sorted = this.sortedCache.get(namespace);
    if (!sorted) {
      sorted = [...(this.byNamespace.get(namespace)?.values() ?? [])].sort(compareObjects);
      this.sortedCache.set(namespace, sorted);
    }
    return sorted;
  }

  /** Every judged object, in scan order. */
  judgedObjects(): readonly KubeObject[] {
    this.allSorted ??= [...this.judged].map((key) => this.all.get(key)!).sort(compareObjects);
    return this.allSorted;
  }

  /** The judged objects of the kinds `wanted` accepts, in scan order, without sorting every object. */
  ofKinds(wanted: (kind: string) => boolean): KubeObject[] {
    const kinds = [...this.byKind.keys()].filter(wanted).sort((a, b) => (KIND_ORDER.get(a) ?? Number.MAX_SAFE_INTEGER) - (KIND_ORDER.get(b) ?? Number.MAX_SAFE_INTEGER) || (a < b ? -1 : a > b ? 1 : 0));
    const out: KubeObject[] = [];
    for (const kind of kinds) {
      let sorted = this.kindSorted.get(kind);
      if (!sorted) this.kindSorted.set(kind, (sorted = [...this.byKind.get(kind)!.values()].sort(compareObjects)));
      for (const object of sorted) out.push(object);
    }
    return out;
  }

  /** Namespaces that hold judged objects. */
  namespaces(): string[] {
    return [...this.byNamespace.keys()].filter((namespace) => namespace !== '' && (this.byNamespace.get(namespace)?.size ?? 0) > 0);
  }

  get(key: string): KubeObject | undefined {
    return this.judged.has(key) ? this.all.get(key) : undefined;
  }

  private parentOf = (object: KubeObject): KubeObject | undefined => {
    if (!TEMPLATE_CHILDREN.has(object.kind)) return undefined;
    const uid = controllerUid(object);
    const key = uid === undefined ? undefined : this.owners.get(uid);
    return key === undefined ? undefined : this.all.get(key);
  };

  /** Unlinks an object's indexes; returns the keys whose judged state may change with it. */
  private detach(key: string, object: KubeObject | undefined): Set<string> {
    const affected = new Set<string>();
    if (!object) return affected;
    const uid = uidOf(object);
    if (uid !== undefined && TEMPLATE_OWNERS.has(object.kind) && this.owners.get(uid) === key) {
      this.owners.delete(uid);
      for (const descendant of this.descendants(object)) affected.add(descendant);
    }
    const parent = controllerUid(object);
    if (parent !== undefined) {
      const siblings = this.children.get(parent);
      siblings?.delete(key);
      if (siblings && siblings.size === 0) this.children.delete(parent);
    }
    return affected;
  }

  private attach(key: string, object: KubeObject): void {
    const uid = uidOf(object);
    if (uid !== undefined && TEMPLATE_OWNERS.has(object.kind)) this.owners.set(uid, key);
    const parent = TEMPLATE_CHILDREN.has(object.kind) ? controllerUid(object) : undefined;
    if (parent !== undefined) {
      const siblings = this.children.get(parent);
      if (siblings) siblings.add(key);
      else this.children.set(parent, new Set([key]));
    }
  }

  /** The keys of everything the object controls, directly or through its children (loops stop). */
  private descendants(object: KubeObject): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const queue = [object];
    while (queue.length > 0) {
      const uid = uidOf(queue.pop()!);
      if (uid === undefined) continue;
      for (const child of this.children.get(uid) ?? []) {
        if (seen.has(child)) continue;
        seen.add(child);
        out.push(child);
        const found = this.all.get(child);
        if (found) queue.push(found);
      }
    }
    return out;
  }

  /** Recomputes the judged state of the affected keys; `previous` holds the objects they replaced. */
  private settle(affected: Set<string>, previous: Map<string, KubeObject | undefined>): JudgedChange[] {
    const changes: JudgedChange[] = [];
    for (const key of affected) {
      const object = this.all.get(key);
      const wasJudged = this.judged.has(key);
      const old = previous.has(key) ? previous.get(key) : object;
      const nowJudged = object !== undefined && !isOwnedByKeptObject(object, this.parentOf);
      const before = wasJudged ? old : undefined;
      const after = nowJudged ? object : undefined;
      if (before === after) continue;
      if (wasJudged) this.unindex(key, old!);
      if (nowJudged) this.index(key, object);
      const kind = (after ?? before)!.kind;
      const namespace = (after ?? before)!.namespace;
      changes.push({ key, kind, namespace, before, after });
    }
    return changes;
  }

  private index(key: string, object: KubeObject): void {
    this.judged.add(key);
    const namespace = object.namespace ?? '';
    let bucket = this.byNamespace.get(namespace);
    if (!bucket) this.byNamespace.set(namespace, (bucket = new Map()));
    bucket.set(key, object);
    this.sortedCache.delete(namespace);
    this.allSorted = undefined;
    let ofKind = this.byKind.get(object.kind);
    if (!ofKind) this.byKind.set(object.kind, (ofKind = new Map()));
    ofKind.set(key, object);
    this.kindSorted.delete(object.kind);
  }

  private unindex(key: string, object: KubeObject): void {
    this.judged.delete(key);
    const namespace = object.namespace ?? '';
    const bucket = this.byNamespace.get(namespace);
    bucket?.delete(key);
    if (bucket && bucket.size === 0) this.byNamespace.delete(namespace);
    this.sortedCache.delete(namespace);
    this.allSorted = undefined;
    const ofKind = this.byKind.get(object.kind);
    ofKind?.delete(key);
    if (ofKind && ofKind.size === 0) this.byKind.delete(object.kind);
    this.kindSorted.delete(object.kind);
  }
}
