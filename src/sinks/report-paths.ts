import { TRUNCATED_ANNOTATION, kindsOf, type ReportApi, type ReportObject } from '../reporters/policy-report.js';

/** Where the policy report sink writes, and which objects it may create rather than apply. */

/** Only the metadata of a written object comes back: the API server does not encode, nor eksguard parse, the whole report again. */
export const METADATA_ONLY = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

/**
 * Whether an object may be created rather than applied. A created object's fields are owned by
 * eksguard's `Update` entry, which a later apply (eksguard's `Apply` entry) never removes: a
 * later version must set every field this one sets. Every report sets the same fields (labels,
 * digest and part annotations, summary, results, an atomic list, and a resource's report its
 * `scope`, an atomic object, and its owner) but the annotation of results left out (a report too
 * large even split): a report with it is applied. The owner is the other exception: its entries
 * are keyed by uid, and a resource made again under the same name has a new uid, so a created
 * report whose owner changes is deleted and created again (`PolicyReportSink.write`).
 */
export function mayCreate(object: ReportObject): boolean {
  return object.metadata.annotations[TRUNCATED_ANNOTATION] === undefined;
}

/** The uid of the report's owner ('' none): a created report keeps it (`createdOwners`). */
export function ownerOf(object: Pick<ReportObject, 'metadata'>): string {
  return object.metadata.ownerReferences?.[0]?.uid ?? '';
}

/** reports read per page when reading what the cluster holds */
export const SEED_PAGE = 500;

export function pathOf(api: ReportApi, kind: string, name: string, namespace: string | undefined): string {
  const kinds = kindsOf(api);
  const resource = kind === kinds.cluster ? kinds.clusterResource : kinds.namespacedResource;
  return namespace === undefined ? `/apis/${api}/${resource}/${encodeURIComponent(name)}` : `/apis/${api}/namespaces/${encodeURIComponent(namespace)}/${resource}/${encodeURIComponent(name)}`;
}

export function scopeKey(api: ReportApi, scope: string): string {
  return `${api}|${scope}`;
}

export function splitKey(key: string): [ReportApi, string] {
  const at = key.indexOf('|');
  return [key.slice(0, at) as ReportApi, key.slice(at + 1)];
}

export function kindOfPath(api: ReportApi, path: string): string {
  const kinds = kindsOf(api);
  return path.includes('/namespaces/') ? kinds.namespaced : kinds.cluster;
}
