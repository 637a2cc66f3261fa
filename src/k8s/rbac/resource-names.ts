/**
 * Resource names as people type them for `who-can`: `pods`, `pods/exec`,
 * `deployments.apps`, `deploy`, `/metrics`. Without discovery (a manifest
 * scan has no API server to ask), the built-in resources are known from this
 * table; any other name matches rules of every API group unless the group is
 * given (`widgets.example.com`).
 */

export interface ResourceQuery {
  /** plural resource, with `/subresource` when given */
  readonly resource: string;
  /** API group; undefined matches every group (an unknown resource typed without one) */
  readonly group?: string;
  /** true for cluster-scoped resources: only ClusterRoleBindings grant them */
  readonly clusterScoped: boolean;
}

export type ParsedResource = { readonly kind: 'resource'; readonly query: ResourceQuery } | { readonly kind: 'url'; readonly path: string };

interface Known {
  group: string;
  clusterScoped?: boolean;
}

const KNOWN: Record<string, Known> = {
  pods: { group: '' },
  services: { group: '' },
  configmaps: { group: '' },
  secrets: { group: '' },
  serviceaccounts: { group: '' },
  persistentvolumeclaims: { group: '' },
  events: { group: '' },
  endpoints: { group: '' },
  replicationcontrollers: { group: '' },
  limitranges: { group: '' },
  resourcequotas: { group: '' },
  podtemplates: { group: '' },
  bindings: { group: '' },
  namespaces: { group: '', clusterScoped: true },
  nodes: { group: '', clusterScoped: true },
  persistentvolumes: { group: '', clusterScoped: true },
  users: { group: '', clusterScoped: true },
  groups: { group: '', clusterScoped: true },
  deployments: { group: 'apps' },
  replicasets: { group: 'apps' },
  statefulsets: { group: 'apps' },
  daemonsets: { group: 'apps' },
  controllerrevisions: { group: 'apps' },
  jobs: { group: 'batch' },
  cronjobs: { group: 'batch' },
  horizontalpodautoscalers: { group: 'autoscaling' },
  poddisruptionbudgets: { group: 'policy' },
  ingresses: { group: 'networking.k8s.io' },
  networkpolicies: { group: 'networking.k8s.io' },
  ingressclasses: { group: 'networking.k8s.io', clusterScoped: true },
  endpointslices: { group: 'discovery.k8s.io' },
  leases: { group: 'coordination.k8s.io' },
  roles: { group: 'rbac.authorization.k8s.io' },
  rolebindings: { group: 'rbac.authorization.k8s.io' },
  clusterroles: { group: 'rbac.authorization.k8s.io', clusterScoped: true },
  clusterrolebindings: { group: 'rbac.authorization.k8s.io', clusterScoped: true },
  storageclasses: { group: 'storage.k8s.io', clusterScoped: true },
  csidrivers: { group: 'storage.k8s.io', clusterScoped: true },
  csinodes: { group: 'storage.k8s.io', clusterScoped: true },
  volumeattachments: { group: 'storage.k8s.io', clusterScoped: true },
  customresourcedefinitions: { group: 'apiextensions.k8s.io', clusterScoped: true },
  apiservices: { group: 'apiregistration.k8s.io', clusterScoped: true },
  certificatesigningrequests: { group: 'certificates.k8s.io', clusterScoped: true },
  signers: { group: 'certificates.k8s.io', clusterScoped: true },
  validatingwebhookconfigurations: { group: 'admissionregistration.k8s.io', clusterScoped: true },
  mutatingwebhookconfigurations: { group: 'admissionregistration.k8s.io', clusterScoped: true },
  validatingadmissionpolicies: { group: 'admissionregistration.k8s.io', clusterScoped: true },
  validatingadmissionpolicybindings: { group: 'admissionregistration.k8s.io', clusterScoped: true },
  priorityclasses: { group: 'scheduling.k8s.io', clusterScoped: true },
  runtimeclasses: { group: 'node.k8s.io', clusterScoped: true },
  tokenreviews: { group: 'authentication.k8s.io', clusterScoped: true },
  uids: { group: 'authentication.k8s.io', clusterScoped: true },
  subjectaccessreviews: { group: 'authorization.k8s.io', clusterScoped: true },
  selfsubjectaccessreviews: { group: 'authorization.k8s.io', clusterScoped: true },
  localsubjectaccessreviews: { group: 'authorization.k8s.io' },
};

/** kubectl's short names and singulars of the common kinds. */
const ALIASES: Record<string, string> = {
  po: 'pods',
  pod: 'pods',
  svc: 'services',
  service: 'services',
  cm: 'configmaps',
  configmap: 'configmaps',
  secret: 'secrets',
  sa: 'serviceaccounts',
  serviceaccount: 'serviceaccounts',
  pvc: 'persistentvolumeclaims',
  pv: 'persistentvolumes',
  ns: 'namespaces',
  namespace: 'namespaces',
  no: 'nodes',
  node: 'nodes',
  deploy: 'deployments',
  deployment: 'deployments',
  rs: 'replicasets',
  sts: 'statefulsets',
  ds: 'daemonsets',
  job: 'jobs',
  cj: 'cronjobs',
  cronjob: 'cronjobs',
  ing: 'ingresses',
  netpol: 'networkpolicies',
  role: 'roles',
  rolebinding: 'rolebindings',
  clusterrole: 'clusterroles',
  clusterrolebinding: 'clusterrolebindings',
  csr: 'certificatesigningrequests',
  crd: 'customresourcedefinitions',
  crds: 'customresourcedefinitions',
};

const NAME = /^[a-z0-9*]([a-z0-9.*-]*[a-z0-9*])?$/;

/** Parses a who-can resource argument; returns a reason when it is not one. */
export function parseResourceArgument(text: string): ParsedResource | { readonly kind: 'invalid'; readonly reason: string } {
  const input = text.trim();
  if (input.startsWith('/')) return { kind: 'url', path: input };
  const slash = input.indexOf('/');
  const base = (slash >= 0 ? input.slice(0, slash) : input).toLowerCase();
  const subresource = slash >= 0 ? input.slice(slash + 1).toLowerCase() : '';
  if (!base || !NAME.test(base) || (slash >= 0 && !/^[a-z0-9*-]+$/.test(subresource))) {
    return { kind: 'invalid', reason: `"${text}" is not a resource (use a plural name such as pods, pods/exec, deployments.apps, or a URL path such as /metrics)` };
  }
  const dot = base.indexOf('.');
  const typed = dot >= 0 ? base.slice(0, dot) : base;
  const typedGroup = dot >= 0 ? base.slice(dot + 1) : undefined;
  const plural = ALIASES[typed] ?? typed;
  const known = Object.prototype.hasOwnProperty.call(KNOWN, plural) ? KNOWN[plural] : undefined;
  const group = typedGroup ?? known?.group;
  const resource = subresource ? `${plural}/${subresource}` : plural;
  const clusterScoped = known !== undefined && (typedGroup === undefined || typedGroup === known.group) && known.clusterScoped === true;
  return { kind: 'resource', query: { resource, ...(group !== undefined ? { group } : {}), clusterScoped } };
}

/** `deployments.apps/scale`, `pods`, `widgets.*` */
export function describeResourceQuery(query: ResourceQuery): string {
  const [plural, sub] = query.resource.split('/');
  const group = query.group === undefined ? '.*' : query.group === '' ? '' : `.${query.group}`;
  return `${plural}${group}${sub ? `/${sub}` : ''}`;
}
