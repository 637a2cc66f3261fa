import type { CheckContext, Subject, Target } from '../core/check.js';
import type { Inventory, KubeObject } from '../core/inventory.js';
import { record, stringMap } from './fields.js';
import { kubeRef, objectAnnotations, workloads } from './targets.js';
import type { Workload } from './workload.js';

/**
 * Objects without `metadata.namespace` land in whatever namespace they are
 * applied to (kubectl's context or `-n`), the same one for every object of
 * one `kubectl apply`. They are grouped under this key so that a policy and
 * a Deployment that both omit the namespace are still judged together.
 */
export const UNSET_NAMESPACE = '';

/** Namespaces Kubernetes and EKS manage themselves; namespace-level policy checks except them by this list. */
export const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Kinds that have no namespace. An object of any other kind without
 * `metadata.namespace` belongs to UNSET_NAMESPACE; an unknown cluster-scoped
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
  'NodePool',
  'EC2NodeClass',
  'NodeClass',
]);

export interface NamespaceInfo {
  /** UNSET_NAMESPACE for objects that carry no namespace */
  readonly name: string;
  /** the Namespace object, when the input has it */
  readonly object?: KubeObject;
  /** labels of the Namespace object; empty when it is not in the input */
  readonly labels: Readonly<Record<string, string>>;
  /** true when no Namespace object is in the input: only objects inside it imply it */
  readonly implied: boolean;
  /** the first object found in it, to point at a file when the Namespace object is absent */
  readonly firstObject?: KubeObject;
}

export function isClusterScoped(object: KubeObject): boolean {
  return CLUSTER_SCOPED_KINDS.has(object.kind);
}

/** The namespace an object lives in, UNSET_NAMESPACE when it has none, undefined for cluster-scoped kinds. */
export function namespaceOf(object: KubeObject): string | undefined {
  if (object.namespace !== undefined) return object.namespace;
  return isClusterScoped(object) ? undefined : UNSET_NAMESPACE;
}

export function displayNamespace(name: string): string {
  return name === UNSET_NAMESPACE ? '(no namespace set)' : name;
}

type Memo = Pick<CheckContext, 'memo' | 'inventory'>;

/** Every namespace of the inventory, declared or implied, in first-seen order; built once per run. */
export function namespacesOf(ctx: Memo): ReadonlyMap<string, NamespaceInfo> {
  return ctx.memo('k8s:namespaces', () => collectNamespaces(ctx.inventory));
}

function collectNamespaces(inventory: Inventory): Map<string, NamespaceInfo> {
  const declared = new Map<string, KubeObject>();
  const firstObjects = new Map<string, KubeObject>();
  for (const object of inventory.kube) {
    if (object.kind === 'Namespace' && object.apiVersion === 'v1') {
      if (object.name && !declared.has(object.name)) declared.set(object.name, object);
      continue;
    }
    const namespace = namespaceOf(object);
    if (namespace !== undefined && !firstObjects.has(namespace)) firstObjects.set(namespace, object);
  }
  const out = new Map<string, NamespaceInfo>();
  for (const [name, object] of declared) {
    const firstObject = firstObjects.get(name);
    out.set(name, {
      name,
      object,
      labels: stringMap(record(object.raw['metadata'])['labels']),
      implied: false,
      ...(firstObject ? { firstObject } : {}),
    });
  }
  for (const [name, firstObject] of firstObjects) {
    if (!out.has(name)) out.set(name, { name, labels: {}, implied: true, firstObject });
  }
  return out;
}

/** Workloads grouped by namespace (UNSET_NAMESPACE for those without one); built once per run. */
export function workloadsByNamespace(ctx: Memo): ReadonlyMap<string, readonly Subject<Workload>[]> {
  return ctx.memo('k8s:workloadsByNamespace', () => {
    const out = new Map<string, Subject<Workload>[]>();
    for (const subject of workloads.select(ctx.inventory, ctx as CheckContext)) {
      const namespace = subject.value.namespace ?? UNSET_NAMESPACE;
      const bucket = out.get(namespace);
      if (bucket) bucket.push(subject);
      else out.set(namespace, [subject]);
    }
    return out;
  });
}

/** Objects of one kind grouped by namespace; built once per run and kind. */
export function objectsByNamespace(kind: string, ctx: Memo): ReadonlyMap<string, readonly KubeObject[]> {
  return ctx.memo(`k8s:byNamespace:${kind}`, () => {
    const out = new Map<string, KubeObject[]>();
    for (const object of ctx.inventory.kube) {
      if (object.kind !== kind) continue;
      const namespace = namespaceOf(object) ?? UNSET_NAMESPACE;
      const bucket = out.get(namespace);
      if (bucket) bucket.push(object);
      else out.set(namespace, [object]);
    }
    return out;
  });
}

function namespaceSubject(info: NamespaceInfo): Subject<NamespaceInfo> {
  const source = info.object ?? info.firstObject;
  const location = source?.provenance.location;
  const locate = info.object?.provenance.locateField;
  const context = source?.provenance.context;
  return {
    ref: info.object ? kubeRef(info.object) : { apiVersion: 'v1', kind: 'Namespace', name: displayNamespace(info.name), ...(context ? { context } : {}) },
    value: info,
    ...(location ? { location } : {}),
    ...(info.object ? { annotations: objectAnnotations(info.object) } : {}),
    ...(locate ? { locate } : {}),
  };
}

/** Every namespace, declared or implied by the objects in it: the subjects of namespace-level checks. */
export const namespaces: Target<NamespaceInfo> = {
  id: 'namespaces',
  select(inventory, ctx) {
    return ctx.memo('subjects:namespaces', () => [...namespacesOf({ inventory, memo: (key, build) => ctx.memo(key, build) }).values()].map(namespaceSubject));
  },
};
