import type { Subject, Target } from '../core/check.js';
import type { KubeObject } from '../core/inventory.js';
import type { KubeResourceRef } from '../core/types.js';
import { record, stringMap } from './fields.js';
import { AWS_MANAGED_REASON, awsManagedWorkload } from './aws-managed.js';
import { isBuiltinKindLookalike } from './api-groups.js';
import { WORKLOAD_KINDS, toWorkloads, type Workload } from './workload.js';

export function kubeRef(object: KubeObject): KubeResourceRef {
  // built field by field in the report's key order: a spread of an optional part per object costs more
  if (!object.namespace && !object.provenance.context) return { apiVersion: object.apiVersion, kind: object.kind, name: object.name };
  const ordered = { apiVersion: object.apiVersion, kind: object.kind } as { -readonly [K in keyof KubeResourceRef]: KubeResourceRef[K] };
  if (object.namespace) ordered.namespace = object.namespace;
  ordered.name = object.name;
  if (object.provenance.context) ordered.context = object.provenance.context;
  return ordered;
}

export function objectAnnotations(object: KubeObject): Record<string, string> {
  return stringMap(record(object.raw['metadata'])['annotations']);
}

export function kubeSubject<S>(object: KubeObject, value: S, pathPrefix?: string): Subject<S> {
  const { location, locateField } = object.provenance;
  const subject: { -readonly [K in keyof Subject<S>]: Subject<S>[K] } = { ref: kubeRef(object), value };
  if (location) subject.location = location;
  subject.annotations = objectAnnotations(object);
  if (pathPrefix) subject.pathPrefix = pathPrefix;
  if (locateField) subject.locate = locateField;
  return subject;
}

function hasIgnoreAnnotation(annotations: Readonly<Record<string, string>>): boolean {
  for (const key in annotations) if (key.startsWith('eksguard.io/ignore')) return true;
  return false;
}

/** Every pod template of every object (one subject each); paths reported by workload checks are relative to the pod spec. */
export const workloads: Target<Workload> = {
  id: 'workloads',
  kinds: WORKLOAD_KINDS,
  customKinds: true,
  select(inventory, ctx) {
    return ctx.memo('subjects:workloads', () => {
      const out: Subject<Workload>[] = [];
      for (const object of inventory.kube) {
        // one subject per pod template: a Kubeflow job or a RayCluster has one for each replica type or group
        // the pods assembled from one object share its reference: the engine reports a place they share once
        let sharedRef: Subject<Workload>['ref'] | undefined;
        for (const workload of toWorkloads(object)) {
          // the pod template's annotations suppress too (charts often expose only podAnnotations); the object's win
          const prefixed = kubeSubject(object, workload, workload.specPath);
          const base = workload.placeOf ? { ...prefixed, ref: (sharedRef ??= prefixed.ref), placeOf: workload.placeOf } : prefixed;
          const subject = hasIgnoreAnnotation(workload.annotations) ? { ...base, annotations: { ...workload.annotations, ...base.annotations } } : base;
          out.push(awsManagedWorkload(workload) ? { ...subject, managedBy: AWS_MANAGED_REASON } : subject);
        }
      }
      return out;
    });
  },
};

/**
 * Objects of several kinds, kind by kind: of Kubernetes's own groups for a kind it serves, or of
 * any group with `anyGroup` (K8S-NET-008 judges Calico's NetworkPolicy beside the built-in one).
 */
export function objectsOfKinds(kinds: readonly string[], options: { anyGroup?: boolean } = {}): Target<KubeObject> {
  const parts = kinds.map((kind) => objectsOfKind(kind, options));
  return {
    id: `kinds:${kinds.join(',')}${options.anyGroup ? ':any-group' : ''}`,
    kinds: [...kinds],
    select: (inventory, ctx) => parts.flatMap((part) => part.select(inventory, ctx)),
  };
}

/**
 * Objects of one kind (any API version of the kind's groups), for example `Service`. A custom
 * resource of the same name (a Knative Service) is not one, unless `anyGroup` asks for every group.
 */
export function objectsOfKind(kind: string, options: { anyGroup?: boolean } = {}): Target<KubeObject> {
  const index = options.anyGroup ? objectsByKindAnyGroup : objectsByKind;
  // a new target per call: checks call this once, at load; the memo keys by kind, not by the target
  return {
    id: `kind:${kind}${options.anyGroup ? ':any-group' : ''}`,
    kinds: [kind],
    select(inventory, ctx) {
      return ctx.memo(`subjects:kind:${kind}${options.anyGroup ? ':any-group' : ''}`, () => index(inventory.kube, ctx).get(kind) ?? []).map((object) => kubeSubject(object, object));
    },
  };
}

type KindIndexContext = { memo<T>(key: string, build: () => T): T };

function indexByKind(objects: readonly KubeObject[], keep: (object: KubeObject) => boolean): Map<string, KubeObject[]> {
  const index = new Map<string, KubeObject[]>();
  for (const object of objects) {
    if (!keep(object)) continue;
    const bucket = index.get(object.kind);
    if (bucket) bucket.push(object);
    else index.set(object.kind, [object]);
  }
  return index;
}

/** The objects of each kind, lookalikes of a built-in kind left out (see isBuiltinKindLookalike). */
function objectsByKind(objects: readonly KubeObject[], ctx: KindIndexContext): Map<string, KubeObject[]> {
  return ctx.memo('index:byKind', () => indexByKind(objects, (object) => !isBuiltinKindLookalike(object)));
}

function objectsByKindAnyGroup(objects: readonly KubeObject[], ctx: KindIndexContext): Map<string, KubeObject[]> {
  return ctx.memo('index:byKindAnyGroup', () => indexByKind(objects, () => true));
}

/** The objects of a kind Kubernetes serves, of its own groups only; of any group for another kind (`NodeClass`). */
export function objectsOf(kind: string, ctx: { inventory: { kube: readonly KubeObject[] }; memo<T>(key: string, build: () => T): T }): readonly KubeObject[] {
  return objectsByKind(ctx.inventory.kube, ctx).get(kind) ?? [];
}
