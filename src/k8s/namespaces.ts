import type { CheckContext, Subject, Target } from '../core/check.js';
import type { Inventory, KubeObject } from '../core/inventory.js';
import type { Location } from '../core/types.js';
import { isBuiltinKindLookalike } from './api-groups.js';
import { record, stringMap } from './fields.js';
import { displayNamespace, namespaceKeyOf, scopedNamespace, sourceOfKey } from './namespace-scope.js';
import { kubeRef, objectAnnotations, workloads } from './targets.js';
import type { Workload } from './workload.js';

/** Namespaces Kubernetes and EKS manage themselves; namespace-level policy checks except them by this list. */
export const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

export { displayNamespace, isClusterScoped, isSourceNamespace, isUnsetNamespace, namespaceKeyOf, namespaceNameOfKey, scopedNamespace } from './namespace-scope.js';

export interface NamespaceInfo {
  /** the namespace key (see namespace-scope.ts): the name, or a source's own key for objects that set none */
  readonly name: string;
  /** the Namespace object, when the input has it */
  readonly object?: KubeObject;
  /** labels of the Namespace object; empty when it is not in the input */
  readonly labels: Readonly<Record<string, string>>;
  /** true when no Namespace object is in the input: only objects inside it imply it */
  readonly implied: boolean;
  /** the first object found in it, to point at a file when the Namespace object is absent */
  readonly firstObject?: KubeObject;
  /** the sources (files, charts, overlays) its objects come from, in first-seen order */
  readonly sources: readonly string[];
}

/** The namespace key of an object: its namespace, its source's own key when it sets none, undefined for cluster-scoped kinds. */
export function namespaceOf(object: KubeObject): string | undefined {
  return namespaceKeyOf(object);
}

type Memo = Pick<CheckContext, 'memo' | 'inventory'>;

/** Every namespace of the inventory, declared or implied, in first-seen order; built once per run. */
export function namespacesOf(ctx: Memo): ReadonlyMap<string, NamespaceInfo> {
  return ctx.memo('k8s:namespaces', () => collectNamespaces(ctx.inventory));
}

function collectNamespaces(inventory: Inventory): Map<string, NamespaceInfo> {
  const declared = new Map<string, KubeObject>();
  const firstObjects = new Map<string, KubeObject>();
  const sources = new Map<string, Set<string>>();
  const addSource = (key: string, object: KubeObject): void => {
    const id = object.provenance.sourceId;
    if (id === undefined) return;
    const set = sources.get(key);
    if (set) set.add(id);
    else sources.set(key, new Set([id]));
  };
  for (const object of inventory.kube) {
    if (object.kind === 'Namespace' && object.apiVersion === 'v1') {
      // a chart that ships the Namespace it was rendered into declares its assumed namespace
      const key = object.name ? scopedNamespace(object.name, object.provenance) : undefined;
      if (key !== undefined && !declared.has(key)) declared.set(key, object);
      if (key !== undefined) addSource(key, object);
      continue;
    }
    const namespace = namespaceOf(object);
    if (namespace === undefined) continue;
    if (!firstObjects.has(namespace)) firstObjects.set(namespace, object);
    addSource(namespace, object);
  }
  const sourcesOf = (key: string): string[] => [...(sources.get(key) ?? [])];
  const out = new Map<string, NamespaceInfo>();
  for (const [name, object] of declared) {
    const firstObject = firstObjects.get(name);
    out.set(name, {
      name,
      object,
      labels: stringMap(record(object.raw['metadata'])['labels']),
      implied: false,
      ...(firstObject ? { firstObject } : {}),
      sources: sourcesOf(name),
    });
  }
  for (const [name, firstObject] of firstObjects) {
    if (!out.has(name)) out.set(name, { name, labels: {}, implied: true, firstObject, sources: sourcesOf(name) });
  }
  return out;
}

/** Workloads grouped by namespace key (see namespace-scope.ts); built once per run. */
export function workloadsByNamespace(ctx: Memo): ReadonlyMap<string, readonly Subject<Workload>[]> {
  return ctx.memo('k8s:workloadsByNamespace', () => {
    const out = new Map<string, Subject<Workload>[]>();
    for (const subject of workloads.select(ctx.inventory, ctx as CheckContext)) {
      const namespace = subject.value.namespaceKey;
      const bucket = out.get(namespace);
      if (bucket) bucket.push(subject);
      else out.set(namespace, [subject]);
    }
    return out;
  });
}

/** Objects of one kind grouped by namespace (a custom resource of a built-in kind's name is none); built once per run and kind. */
export function objectsByNamespace(kind: string, ctx: Memo): ReadonlyMap<string, readonly KubeObject[]> {
  return ctx.memo(`k8s:byNamespace:${kind}`, () => {
    const out = new Map<string, KubeObject[]>();
    for (const object of ctx.inventory.kube) {
      if (object.kind !== kind || isBuiltinKindLookalike(object)) continue;
      // cluster-scoped kinds are asked for by name only when a check wants their namespace-less list
      const namespace = namespaceOf(object) ?? '';
      const bucket = out.get(namespace);
      if (bucket) bucket.push(object);
      else out.set(namespace, [object]);
    }
    return out;
  });
}

/**
 * Where a namespace-level finding points: the Namespace object; else the one source the
 * namespace's objects come from (the file itself at its first object, a chart's Chart.yaml, an
 * overlay's kustomization); nowhere when several sources share it, since none of them is the
 * namespace's.
 */
function namespaceLocation(info: NamespaceInfo): Location | undefined {
  if (info.object) return info.object.provenance.location;
  const first = info.firstObject;
  if (!first) return undefined;
  const { location, sourceFile, sourceId } = first.provenance;
  if (sourceId === undefined) return location;
  const owner = sourceOfKey(info.name) ?? (info.sources.length === 1 ? info.sources[0] : undefined);
  if (owner === undefined || owner !== sourceId || sourceFile === undefined) return undefined;
  return location && location.file === sourceFile ? location : { file: sourceFile };
}

/** A namespace whose workloads are all managed by someone else (AWS add-ons in kube-system) is theirs for namespace-level findings. */
function managedNamespace(info: NamespaceInfo, ctx: Memo): string | undefined {
  const inside = workloadsByNamespace(ctx).get(info.name) ?? [];
  if (inside.length === 0 || inside.some((subject) => subject.managedBy === undefined)) return undefined;
  return inside[0]!.managedBy;
}

function namespaceSubject(info: NamespaceInfo, ctx: Memo): Subject<NamespaceInfo> {
  const source = info.object ?? info.firstObject;
  const managedBy = managedNamespace(info, ctx);
  const location = namespaceLocation(info);
  const locate = info.object?.provenance.locateField;
  const context = source?.provenance.context;
  return {
    ref: info.object ? kubeRef(info.object) : { apiVersion: 'v1', kind: 'Namespace', name: displayNamespace(info.name), ...(context ? { context } : {}) },
    value: info,
    ...(location ? { location } : {}),
    ...(info.object ? { annotations: objectAnnotations(info.object) } : {}),
    ...(locate ? { locate } : {}),
    ...(managedBy !== undefined ? { managedBy } : {}),
  };
}

/** Every namespace, declared or implied by the objects in it: the subjects of namespace-level checks. */
export const namespaces: Target<NamespaceInfo> = {
  id: 'namespaces',
  select(inventory, ctx) {
    const memo: Memo = { inventory, memo: (key, build) => ctx.memo(key, build) };
    return ctx.memo('subjects:namespaces', () => [...namespacesOf(memo).values()].map((info) => namespaceSubject(info, memo)));
  },
};
