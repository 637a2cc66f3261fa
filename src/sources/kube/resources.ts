/**
 * The Kubernetes resources the live source knows how to list, and how a check's
 * `needs` keys (`kube:<Kind>`, `kube:workloads`) map onto them.
 *
 * The table is static rather than discovered: every kind here is a GA API that
 * every supported Kubernetes version (and every EKS version) serves at the
 * version given, so discovery would cost a round trip per group and buy nothing.
 * A check that needs a kind missing from this table gets a gap that says so,
 * never a silent empty list.
 */

export interface KubeResource {
  /**
   * The table's key, `kube:<name>` the data key, when two API groups serve one kind (Calico's
   * NetworkPolicy beside networking.k8s.io's); the kind otherwise.
   */
  name?: string;
  kind: string;
  /** API group; '' for the core group */
  group: string;
  version: string;
  /** plural resource name, as in RBAC rules and URLs */
  resource: string;
  namespaced: boolean;
  /**
   * A custom resource that may not be installed: a 404 on its list means
   * "no such objects in this cluster", not a gap.
   */
  optional?: boolean;
  /**
   * Listed as PartialObjectMetadata (names, labels, annotations, owners), never
   * the object itself, restricted by a field selector. Used for Secrets so that
   * their values never leave the API server.
   */
  metadataOnly?: { fieldSelector: string; fields: Readonly<Record<string, string>> };
}

/** A legacy, long-lived ServiceAccount token: the only Secrets a check needs (K8S-IAM-005). */
export const SERVICE_ACCOUNT_TOKEN_TYPE = 'kubernetes.io/service-account-token';

const RESOURCES: readonly KubeResource[] = [
  { kind: 'Pod', group: '', version: 'v1', resource: 'pods', namespaced: true },
  { kind: 'ReplicationController', group: '', version: 'v1', resource: 'replicationcontrollers', namespaced: true },
  { kind: 'PodTemplate', group: '', version: 'v1', resource: 'podtemplates', namespaced: true },
  { kind: 'Namespace', group: '', version: 'v1', resource: 'namespaces', namespaced: false },
  { kind: 'Node', group: '', version: 'v1', resource: 'nodes', namespaced: false },
  { kind: 'ServiceAccount', group: '', version: 'v1', resource: 'serviceaccounts', namespaced: true },
  { kind: 'Service', group: '', version: 'v1', resource: 'services', namespaced: true },
  { kind: 'ConfigMap', group: '', version: 'v1', resource: 'configmaps', namespaced: true },
  { kind: 'LimitRange', group: '', version: 'v1', resource: 'limitranges', namespaced: true },
  { kind: 'ResourceQuota', group: '', version: 'v1', resource: 'resourcequotas', namespaced: true },
  {
    kind: 'Secret',
    group: '',
    version: 'v1',
    resource: 'secrets',
    namespaced: true,
    // PartialObjectMetadata has no `type`; the field selector guarantees it, so it is restored from there.
    metadataOnly: { fieldSelector: `type=${SERVICE_ACCOUNT_TOKEN_TYPE}`, fields: { type: SERVICE_ACCOUNT_TOKEN_TYPE } },
  },
  { kind: 'Deployment', group: 'apps', version: 'v1', resource: 'deployments', namespaced: true },
  { kind: 'StatefulSet', group: 'apps', version: 'v1', resource: 'statefulsets', namespaced: true },
  { kind: 'DaemonSet', group: 'apps', version: 'v1', resource: 'daemonsets', namespaced: true },
  { kind: 'ReplicaSet', group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true },
  { kind: 'Job', group: 'batch', version: 'v1', resource: 'jobs', namespaced: true },
  { kind: 'CronJob', group: 'batch', version: 'v1', resource: 'cronjobs', namespaced: true },
  { kind: 'NetworkPolicy', group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies', namespaced: true },
  { kind: 'Ingress', group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', namespaced: true },
  { kind: 'IngressClass', group: 'networking.k8s.io', version: 'v1', resource: 'ingressclasses', namespaced: false },
  { kind: 'Role', group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles', namespaced: true },
  { kind: 'RoleBinding', group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings', namespaced: true },
  { kind: 'ClusterRole', group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', namespaced: false },
  { kind: 'ClusterRoleBinding', group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings', namespaced: false },
  { kind: 'StorageClass', group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses', namespaced: false },
  {
    kind: 'ValidatingWebhookConfiguration',
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    resource: 'validatingwebhookconfigurations',
    namespaced: false,
  },
  {
    kind: 'MutatingWebhookConfiguration',
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    resource: 'mutatingwebhookconfigurations',
    namespaced: false,
  },
  { kind: 'Rollout', group: 'argoproj.io', version: 'v1alpha1', resource: 'rollouts', namespaced: true, optional: true },
  // Argo Workflows' definitions, whose templates run pods (Workflows themselves are run history: their pods are listed as
  // Pods). Not ClusterWorkflowTemplates: a cluster-scoped kind among the workloads would make every workload check a gap
  // for an identity that may read only its namespace.
  { kind: 'WorkflowTemplate', group: 'argoproj.io', version: 'v1alpha1', resource: 'workflowtemplates', namespaced: true, optional: true },
  { kind: 'CronWorkflow', group: 'argoproj.io', version: 'v1alpha1', resource: 'cronworkflows', namespaced: true, optional: true },
  // the AWS Load Balancer Controller's ALB class settings: scheme, IngressGroup, inbound CIDRs
  { kind: 'IngressClassParams', group: 'elbv2.k8s.aws', version: 'v1beta1', resource: 'ingressclassparams', namespaced: false, optional: true },
  // EKS Auto Mode's node settings, among them whether its nodes enforce NetworkPolicies (EKS-NET-008)
  { kind: 'NodeClass', group: 'eks.amazonaws.com', version: 'v1', resource: 'nodeclasses', namespaced: false, optional: true },
  // the policies of the CNI engines, read by the network checks beside NetworkPolicy when their CRDs exist
  { kind: 'CiliumNetworkPolicy', group: 'cilium.io', version: 'v2', resource: 'ciliumnetworkpolicies', namespaced: true, optional: true },
  { kind: 'CiliumClusterwideNetworkPolicy', group: 'cilium.io', version: 'v2', resource: 'ciliumclusterwidenetworkpolicies', namespaced: false, optional: true },
  // Calico's CRDs exist on every Calico cluster (the projectcalico.org/v3 API server is optional and serves the same objects)
  { name: 'CalicoNetworkPolicy', kind: 'NetworkPolicy', group: 'crd.projectcalico.org', version: 'v1', resource: 'networkpolicies', namespaced: true, optional: true },
  { kind: 'GlobalNetworkPolicy', group: 'crd.projectcalico.org', version: 'v1', resource: 'globalnetworkpolicies', namespaced: false, optional: true },
];

/** The table key of a resource (see KubeResource.name). */
export function resourceName(resource: KubeResource): string {
  return resource.name ?? resource.kind;
}

const BY_NAME = new Map(RESOURCES.map((resource) => [resourceName(resource), resource]));

/** Every kind with a pod template that runs; PodTemplate objects are inert and not listed for `kube:workloads`. */
export const WORKLOAD_KINDS_LISTED: readonly string[] = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'Rollout',
  'WorkflowTemplate',
  'CronWorkflow',
];

export const WORKLOADS_KEY = 'kube:workloads';
const KUBE_PREFIX = 'kube:';

/** The resource of a table key: a kind, or the name of a kind that two groups serve (`CalicoNetworkPolicy`). */
export function resourceForKind(kind: string): KubeResource | undefined {
  return BY_NAME.get(kind);
}

export function knownResources(): readonly KubeResource[] {
  return RESOURCES;
}

export function apiVersionOf(resource: KubeResource): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

/** `pods`, `deployments.apps`: the name kubectl and RBAC error messages use. */
export function qualifiedResource(resource: KubeResource): string {
  return resource.group === '' ? resource.resource : `${resource.resource}.${resource.group}`;
}

/** The data keys a table key's objects satisfy: `kube:<Kind>` (`kube:<name>`), plus `kube:workloads` for workload kinds. */
export function dataKeysOf(kind: string): string[] {
  return WORKLOAD_KINDS_LISTED.includes(kind) ? [`${KUBE_PREFIX}${kind}`, WORKLOADS_KEY] : [`${KUBE_PREFIX}${kind}`];
}

export interface NeededKinds {
  /** table keys (kinds, see KubeResource.name) to list, in table order (stable across runs) */
  kinds: string[];
  /** `kube:` keys naming kinds this source cannot list */
  unknown: string[];
}

/** Derives the kinds to list from the `needs` of the checks that will run; non-kube keys are ignored. */
export function neededKinds(needs: Iterable<string>): NeededKinds {
  const wanted = new Set<string>();
  const unknown = new Set<string>();
  for (const key of needs) {
    if (!key.startsWith(KUBE_PREFIX)) continue;
    if (key === WORKLOADS_KEY) {
      for (const kind of WORKLOAD_KINDS_LISTED) wanted.add(kind);
      continue;
    }
    const kind = key.slice(KUBE_PREFIX.length);
    if (BY_NAME.has(kind)) wanted.add(kind);
    else unknown.add(key);
  }
  return { kinds: RESOURCES.map(resourceName).filter((name) => wanted.has(name)), unknown: [...unknown].sort() };
}

/** The API path that lists a resource, cluster-wide or in one namespace. */
export function listPath(resource: KubeResource, namespace?: string): string {
  const base = resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  const scope = resource.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${scope}/${resource.resource}`;
}
