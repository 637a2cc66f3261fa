import type { KubeObject, KubeProvenance } from '../core/inventory.js';

/**
 * Where an object's namespace is decided, and so which objects are judged together.
 *
 * An object without `metadata.namespace` lands in whatever namespace it is applied to (kubectl's
 * context or `-n`, Helm's `--namespace`): eksguard cannot know it. Objects of one source (one
 * file, one chart, one overlay) are applied together and so share it; objects of two sources
 * may not. Each such object is therefore placed in a namespace *key* private to its source, and
 * every join by namespace (NetworkPolicies and workloads, Roles and RoleBindings, ServiceAccounts
 * and pods, LimitRanges) compares keys, never names. A named namespace is its own key, shared by
 * every source that names it. A namespace eksguard assumed for a source (a chart rendered
 * without one) is private to that source too.
 *
 * Keys of unset and assumed namespaces start with a NUL character, which no Kubernetes name and
 * no path holds.
 */

const PRIVATE = '\u0000';

/** The key of the namespace that objects of `sourceId` without one share. */
export function unsetNamespaceKey(sourceId: string | undefined): string {
  return PRIVATE + (sourceId ?? '');
}

function assumedNamespaceKey(sourceId: string | undefined, name: string): string {
  return `${PRIVATE}${sourceId ?? ''}${PRIVATE}${name}`;
}

/** Whether a key stands for a namespace only one source is in (unset or assumed). */
export function isSourceNamespace(key: string): boolean {
  return key.startsWith(PRIVATE);
}

/** Whether a key stands for objects that set no namespace at all (its labels cannot be known). */
export function isUnsetNamespace(key: string): boolean {
  return key.startsWith(PRIVATE) && key.indexOf(PRIVATE, 1) === -1;
}

/** The namespace name a key stands for: the real or assumed name, undefined when unset. */
export function namespaceNameOfKey(key: string): string | undefined {
  if (!key.startsWith(PRIVATE)) return key;
  const at = key.indexOf(PRIVATE, 1);
  return at === -1 ? undefined : key.slice(at + 1);
}

/** The source a private key belongs to, undefined for a named namespace. */
export function sourceOfKey(key: string): string | undefined {
  if (!key.startsWith(PRIVATE)) return undefined;
  const at = key.indexOf(PRIVATE, 1);
  return key.slice(1, at === -1 ? undefined : at);
}

/**
 * The key of a namespace written in (or left out of) an object from this provenance: the
 * object's own namespace, a RoleBinding subject's, a webhook's service namespace.
 */
export function scopedNamespace(name: string | undefined, provenance: Pick<KubeProvenance, 'sourceId' | 'assumedNamespace'>): string {
  if (name === undefined || name === '') return unsetNamespaceKey(provenance.sourceId);
  if (provenance.assumedNamespace !== undefined && name === provenance.assumedNamespace) return assumedNamespaceKey(provenance.sourceId, name);
  return name;
}

/** `shop`; `(no namespace set: k8s/app.yaml)`; `cert-manager (assumed for charts/cert-manager)`. */
export function displayNamespace(key: string): string {
  if (!key.startsWith(PRIVATE)) return key;
  const source = sourceOfKey(key) ?? '';
  const name = namespaceNameOfKey(key);
  if (name !== undefined) return `${name} (assumed for ${source})`;
  return source ? `(no namespace set: ${source})` : '(no namespace set)';
}

/**
 * Kinds that have no namespace. An object of any other kind without
 * `metadata.namespace` belongs to its source's unset namespace; an unknown cluster-scoped
 * custom kind missing from this list only adds an implied unset namespace.
 */
const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'VolumeAttachment',
  'CSIDriver',
  'CSINode',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'APIService',
  'IngressClass',
  'IngressClassParams',
  'PriorityClass',
  'RuntimeClass',
  'CertificateSigningRequest',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'ComponentStatus',
  'ClusterIssuer',
  'ClusterSecretStore',
  'ClusterExternalSecret',
  'NodePool',
  'EC2NodeClass',
  'NodeClass',
  'CiliumClusterwideNetworkPolicy',
  'GlobalNetworkPolicy',
]);

export function isClusterScopedKind(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}

export function isClusterScoped(object: KubeObject): boolean {
  return CLUSTER_SCOPED_KINDS.has(object.kind);
}

/** The namespace key of an object (see above), undefined for cluster-scoped kinds without a namespace. */
export function namespaceKeyOf(object: KubeObject): string | undefined {
  if (object.namespace === undefined && isClusterScoped(object)) return undefined;
  return scopedNamespace(object.namespace, object.provenance);
}
