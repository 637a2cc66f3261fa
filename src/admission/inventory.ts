import { createInventory, toKubeObject, asRecord, type Inventory, type KubeRaw } from '../core/inventory.js';
import type { Check } from '../core/check.js';
import type { Gap } from '../core/types.js';
import { ADMISSION_GAPS } from './admission-checks.js';
import type { AdmissionRequest } from './review.js';

/** Kinds that have no namespace even when the API server fills `request.namespace` (it does for Namespace updates). */
const CLUSTER_SCOPED_WITH_REQUEST_NAMESPACE: ReadonlySet<string> = new Set(['Namespace']);

/**
 * The object under review as `scan` would read it from a manifest: kind and apiVersion from
 * the request when the object omits them, and the request's namespace when its metadata
 * has none (the API server may send an object as the client wrote it).
 */
export function objectUnderReview(request: AdmissionRequest): KubeRaw | undefined {
  const object = request.object;
  if (!object) return undefined;
  const metadata = asRecord(object['metadata']) ?? {};
  const kind = typeof object['kind'] === 'string' && object['kind'] ? object['kind'] : request.kind.kind;
  const apiVersion =
    typeof object['apiVersion'] === 'string' && object['apiVersion']
      ? object['apiVersion']
      : request.kind.group
        ? `${request.kind.group}/${request.kind.version}`
        : request.kind.version;
  const needsNamespace = request.namespace !== '' && typeof metadata['namespace'] !== 'string' && !CLUSTER_SCOPED_WITH_REQUEST_NAMESPACE.has(kind);
  const needsName = request.name !== '' && typeof metadata['name'] !== 'string' && typeof metadata['generateName'] !== 'string';
  if (kind === object['kind'] && apiVersion === object['apiVersion'] && !needsNamespace && !needsName) return object;
  return {
    ...object,
    kind,
    apiVersion,
    metadata: { ...metadata, ...(needsNamespace ? { namespace: request.namespace } : {}), ...(needsName ? { name: request.name } : {}) },
  };
}

const needsCache = new WeakMap<readonly Check[], Map<string, string[]>>();

/** Each data key the checks need, with the IDs of the checks that need it. */
function needsOf(checks: readonly Check[]): Map<string, string[]> {
  let needs = needsCache.get(checks);
  if (!needs) {
    needs = new Map();
    for (const check of checks) {
      for (const need of check.needs) needs.set(need, [...(needs.get(need) ?? []), check.id]);
    }
    needsCache.set(checks, needs);
  }
  return needs;
}

/** What the webhook read for this request besides the object under review (the IngressClasses an Ingress may name). */
export interface RelatedObjects {
  /** objects added to the inventory after the object under review */
  objects: readonly KubeRaw[];
  /** the data keys those objects supply in full (no longer gaps) */
  supplies: readonly string[];
  /** data keys missing for this request in particular, with why */
  missing?: ReadonlyMap<string, string>;
}

/**
 * Policies of the CNI engines (Cilium, Calico) stand where a NetworkPolicy does: the checks that
 * select one under review judge it by its own rules, as they judge a NetworkPolicy under review.
 */
const NETWORK_POLICY_KINDS = new Set(['NetworkPolicy', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'GlobalNetworkPolicy']);

/** Whether a data key the checks need is one a request cannot supply for an object of this kind. */
function isGap(need: string, kind: string, related: RelatedObjects | undefined): boolean {
  if (related?.supplies.includes(need)) return false;
  if (!Object.hasOwn(ADMISSION_GAPS, need) || need === `kube:${kind}`) return false;
  if (need === 'kube:NetworkPolicy' && NETWORK_POLICY_KINDS.has(kind)) return false;
  // LimitRanger runs before validating webhooks: a Pod already carries the defaults.
  return !(need === 'kube:LimitRange' && kind === 'Pod');
}

/**
 * An Inventory of exactly one object, with provenance `admission`. The kinds of
 * ADMISSION_GAPS are declared missing, so a check that would fail for want of an object
 * the request cannot carry (the namespace, its LimitRanges) reports `skipped` through the
 * engine's own gap rule instead of judging half a picture.
 */
export function admissionInventory(request: AdmissionRequest, checks: readonly Check[], raw = objectUnderReview(request), related?: RelatedObjects): Inventory {
  const object = raw ? toKubeObject(raw, { source: 'admission' }) : undefined;
  if (!object) return createInventory();
  const missing = new Map<string, Gap>();
  const gaps: Gap[] = [];
  for (const [need, ids] of needsOf(checks)) {
    const reason = related?.missing?.get(need) ?? (isGap(need, object.kind, related) ? `an admission request carries only the ${object.kind} under review` : undefined);
    if (reason === undefined) continue;
    const gap: Gap = { source: need, reason, checks: ids };
    missing.set(need, gap);
    gaps.push(gap);
  }
  const others = (related?.objects ?? []).map((item) => toKubeObject(item, { source: 'admission' })).filter((item) => item !== undefined);
  return createInventory({ kube: [object, ...others], missing, gaps });
}

const BOOKKEEPING_METADATA = new Set([
  'resourceVersion',
  'generation',
  'managedFields',
  'finalizers',
  'ownerReferences',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'creationTimestamp',
  'uid',
  'selfLink',
]);

function withoutBookkeeping(object: KubeRaw): KubeRaw {
  const { status: _status, metadata, ...rest } = object;
  const meta = asRecord(metadata) ?? {};
  return { ...rest, metadata: Object.fromEntries(Object.entries(meta).filter(([key]) => !BOOKKEEPING_METADATA.has(key))) };
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key]));
}

/**
 * An UPDATE that changes only status or bookkeeping metadata (finalizers, owner references,
 * managed fields). Denying it would keep an object that predates enforcement from being
 * finalized or garbage collected, so it is warned and audited but never denied. Labels,
 * annotations and spec changes are real changes: several checks read annotations.
 */
export function isBookkeepingOnlyUpdate(request: AdmissionRequest): boolean {
  if (request.operation !== 'UPDATE' || !request.object || !request.oldObject) return false;
  if (request.subResource === 'status') return true;
  return deepEqual(withoutBookkeeping(request.object), withoutBookkeeping(request.oldObject));
}
