import { asRecord, toKubeObject, type KubeObject, type KubeRaw } from '../../core/inventory.js';
import { apiVersionOf, type KubeResource } from './resources.js';

/**
 * `kubectl apply` stores the whole applied object in this annotation, so on a
 * Secret created that way it holds the secret's data in clear text, even in a
 * metadata-only list. It is dropped on receipt so it can reach no report.
 */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

function withoutManagedFields(metadata: KubeRaw): KubeRaw {
  // managedFields can be larger than the spec and no check reads it.
  if (!('managedFields' in metadata)) return metadata;
  const { managedFields: _dropped, ...rest } = metadata;
  return rest;
}

function metadataOnly(metadata: KubeRaw): KubeRaw {
  const kept = withoutManagedFields(metadata);
  const annotations = asRecord(kept['annotations']);
  if (!annotations || !(LAST_APPLIED_ANNOTATION in annotations)) return kept;
  const { [LAST_APPLIED_ANNOTATION]: _dropped, ...otherAnnotations } = annotations;
  return { ...kept, annotations: otherAnnotations };
}

/**
 * Turns one item of a list response into an inventory object. List items carry
 * no `kind` or `apiVersion` (the list does), so both come from the resource.
 * Metadata-only kinds keep nothing but metadata and the fields their selector
 * guarantees, whatever else the server sent.
 */
export function toClusterObject(item: unknown, resource: KubeResource, context: string): KubeObject | undefined {
  const source = asRecord(item);
  if (!source) return undefined;
  const metadata = asRecord(source['metadata']) ?? {};
  const identity = { apiVersion: apiVersionOf(resource), kind: resource.kind };
  const raw: KubeRaw = resource.metadataOnly
    ? { ...identity, metadata: metadataOnly(metadata), ...resource.metadataOnly.fields }
    : { ...source, ...identity, metadata: withoutManagedFields(metadata) };
  return toKubeObject(raw, { source: 'cluster', context });
}
