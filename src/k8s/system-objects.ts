/**
 * The RBAC objects that Kubernetes and Amazon EKS create in every cluster,
 * listed by exact kind, name and namespace: never by prefix, because anyone
 * may create a ClusterRoleBinding called `system:anything` or `eks:anything`.
 * RBAC checks do not report grants made by these objects to their usual
 * subjects; a subject someone added to a built-in binding is reported.
 *
 * Sources:
 * - Kubernetes: the bootstrap policy's golden files in kubernetes/kubernetes,
 *   `plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/`
 *   (`cluster-roles.yaml`, `cluster-role-bindings.yaml`, `controller-roles.yaml`,
 *   `controller-role-bindings.yaml`, `namespace-roles.yaml`,
 *   `namespace-role-bindings.yaml`), Kubernetes 1.28 to 1.33;
 * - Amazon EKS: the EKS user guide, "Understand Amazon EKS created RBAC roles
 *   and users" (default-roles-users.html), and the objects a new EKS 1.33
 *   cluster carries (`kubectl get clusterroles,clusterrolebindings,roles,rolebindings -A`),
 *   plus older EKS objects (`eks:podsecuritypolicy:*` before 1.25,
 *   `eks:certificate-controller*`, `eks:k8s-metrics`, `eks:cloud-controller-manager`);
 *   the default add-ons EKS installs (VPC CNI `aws-node`, CoreDNS, kube-proxy).
 *
 * Bindings list their default subjects where the source names them. EKS does
 * not document the subjects of most of its bindings: those accept any subject
 * except the broad groups (everyone, every ServiceAccount), which no EKS
 * binding needs apart from the ones pinned below.
 *
 * When Kubernetes or EKS adds an object, add it here with its source.
 */

import type { RbacSubject } from './rbac/subjects.js';
import { subjectKey } from './rbac/subjects.js';

export type BuiltInOrigin = 'kubernetes' | 'eks';

export interface BuiltInBinding {
  readonly kind: 'ClusterRoleBinding' | 'RoleBinding';
  readonly name: string;
  readonly namespace?: string;
  readonly origin: BuiltInOrigin;
  /** subject keys (see `subjectKey`) the binding has by default; undefined when the source does not say */
  readonly subjects?: readonly string[];
}

const sa = (namespace: string, name: string): string => `ServiceAccount:${namespace}:${name}`;
const user = (name: string): string => `User:${name}`;
const group = (name: string): string => `Group:${name}`;

/** Controllers of kube-controller-manager: ClusterRole and ClusterRoleBinding `system:controller:<name>`, subject ServiceAccount kube-system/<name>. */
const KUBE_CONTROLLERS = [
  'attachdetach-controller',
  'certificate-controller',
  'clusterrole-aggregation-controller',
  'cronjob-controller',
  'daemon-set-controller',
  'deployment-controller',
  'disruption-controller',
  'endpoint-controller',
  'endpointslice-controller',
  'endpointslicemirroring-controller',
  'ephemeral-volume-controller',
  'expand-controller',
  'generic-garbage-collector',
  'horizontal-pod-autoscaler',
  'job-controller',
  'legacy-service-account-token-cleaner',
  'namespace-controller',
  'node-controller',
  'persistent-volume-binder',
  'pod-garbage-collector',
  'podcheckpoint-controller',
  'pv-protection-controller',
  'pvc-protection-controller',
  'replicaset-controller',
  'replication-controller',
  'resource-claim-controller',
  'resourcequota-controller',
  'root-ca-cert-publisher',
  'route-controller',
  'selinux-warning-controller',
  'service-account-controller',
  'service-cidrs-controller',
  'service-controller',
  'statefulset-controller',
  'ttl-after-finished-controller',
  'ttl-controller',
  'validatingadmissionpolicy-status-controller',
  'volumeattributesclass-protection-controller',
] as const;

const KUBE_CLUSTER_ROLES = [
  'admin',
  'cluster-admin',
  'edit',
  'view',
  'system:aggregate-to-admin',
  'system:aggregate-to-edit',
  'system:aggregate-to-view',
  'system:auth-delegator',
  'system:basic-user',
  'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
  'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
  'system:certificates.k8s.io:kube-apiserver-client-approver',
  'system:certificates.k8s.io:kube-apiserver-client-kubelet-approver',
  'system:certificates.k8s.io:kubelet-serving-approver',
  'system:certificates.k8s.io:legacy-unknown-approver',
  'system:discovery',
  'system:heapster',
  'system:kube-aggregator',
  'system:kube-controller-manager',
  'system:kube-dns',
  'system:kube-scheduler',
  'system:kubelet-api-admin',
  'system:monitoring',
  'system:node',
  'system:node-bootstrapper',
  'system:node-problem-detector',
  'system:node-proxier',
  'system:persistent-volume-provisioner',
  'system:public-info-viewer',
  'system:service-account-issuer-discovery',
  'system:volume-scheduler',
  ...KUBE_CONTROLLERS.map((name) => `system:controller:${name}`),
];

const KUBE_CLUSTER_ROLE_BINDINGS: readonly BuiltInBinding[] = [
  { kind: 'ClusterRoleBinding', name: 'cluster-admin', origin: 'kubernetes', subjects: [group('system:masters')] },
  { kind: 'ClusterRoleBinding', name: 'system:basic-user', origin: 'kubernetes', subjects: [group('system:authenticated')] },
  { kind: 'ClusterRoleBinding', name: 'system:discovery', origin: 'kubernetes', subjects: [group('system:authenticated')] },
  {
    kind: 'ClusterRoleBinding',
    name: 'system:public-info-viewer',
    origin: 'kubernetes',
    subjects: [group('system:authenticated'), group('system:unauthenticated')],
  },
  { kind: 'ClusterRoleBinding', name: 'system:kube-controller-manager', origin: 'kubernetes', subjects: [user('system:kube-controller-manager')] },
  { kind: 'ClusterRoleBinding', name: 'system:kube-dns', origin: 'kubernetes', subjects: [sa('kube-system', 'kube-dns')] },
  { kind: 'ClusterRoleBinding', name: 'system:kube-scheduler', origin: 'kubernetes', subjects: [user('system:kube-scheduler')] },
  { kind: 'ClusterRoleBinding', name: 'system:monitoring', origin: 'kubernetes', subjects: [group('system:monitoring')] },
  { kind: 'ClusterRoleBinding', name: 'system:node', origin: 'kubernetes', subjects: [] },
  { kind: 'ClusterRoleBinding', name: 'system:node-proxier', origin: 'kubernetes', subjects: [user('system:kube-proxy')] },
  { kind: 'ClusterRoleBinding', name: 'system:service-account-issuer-discovery', origin: 'kubernetes', subjects: [group('system:serviceaccounts')] },
  { kind: 'ClusterRoleBinding', name: 'system:volume-scheduler', origin: 'kubernetes', subjects: [user('system:kube-scheduler')] },
  ...KUBE_CONTROLLERS.map(
    (name): BuiltInBinding => ({ kind: 'ClusterRoleBinding', name: `system:controller:${name}`, origin: 'kubernetes', subjects: [sa('kube-system', name)] }),
  ),
];

const KUBE_ROLES: readonly (readonly [namespace: string, name: string])[] = [
  ['kube-system', 'extension-apiserver-authentication-reader'],
  ['kube-system', 'system::leader-locking-kube-controller-manager'],
  ['kube-system', 'system::leader-locking-kube-scheduler'],
  ['kube-system', 'system:controller:bootstrap-signer'],
  ['kube-system', 'system:controller:cloud-provider'],
  ['kube-system', 'system:controller:token-cleaner'],
  ['kube-public', 'system:controller:bootstrap-signer'],
];

const KUBE_ROLE_BINDINGS: readonly BuiltInBinding[] = [
  {
    kind: 'RoleBinding',
    namespace: 'kube-system',
    name: 'system::extension-apiserver-authentication-reader',
    origin: 'kubernetes',
    subjects: [user('system:kube-controller-manager'), user('system:kube-scheduler')],
  },
  {
    kind: 'RoleBinding',
    namespace: 'kube-system',
    name: 'system::leader-locking-kube-controller-manager',
    origin: 'kubernetes',
    subjects: [user('system:kube-controller-manager'), sa('kube-system', 'kube-controller-manager'), sa('kube-system', 'leader-election-controller')],
  },
  {
    kind: 'RoleBinding',
    namespace: 'kube-system',
    name: 'system::leader-locking-kube-scheduler',
    origin: 'kubernetes',
    subjects: [user('system:kube-scheduler'), sa('kube-system', 'kube-scheduler')],
  },
  { kind: 'RoleBinding', namespace: 'kube-system', name: 'system:controller:bootstrap-signer', origin: 'kubernetes', subjects: [sa('kube-system', 'bootstrap-signer')] },
  { kind: 'RoleBinding', namespace: 'kube-system', name: 'system:controller:cloud-provider', origin: 'kubernetes', subjects: [sa('kube-system', 'cloud-provider')] },
  { kind: 'RoleBinding', namespace: 'kube-system', name: 'system:controller:token-cleaner', origin: 'kubernetes', subjects: [sa('kube-system', 'token-cleaner')] },
  { kind: 'RoleBinding', namespace: 'kube-public', name: 'system:controller:bootstrap-signer', origin: 'kubernetes', subjects: [sa('kube-system', 'bootstrap-signer')] },
];

/** EKS ClusterRoles (and ClusterRoleBindings of the same name unless listed separately below). */
const EKS_CLUSTER_OBJECTS = [
  'eks:addon-manager',
  'eks:authenticator',
  'eks:az-poller',
  'eks:certificate-controller',
  'eks:certificate-controller-approver',
  'eks:certificate-controller-signer',
  'eks:cloud-controller-manager',
  'eks:cloud-provider-extraction-migration',
  'eks:cluster-event-watcher',
  'eks:coredns-autoscaler',
  'eks:fargate-manager',
  'eks:fargate-scheduler',
  'eks:k8s-metrics',
  'eks:kms-storage-migrator',
  'eks:network-policy-controller',
  'eks:network-webhooks',
  'eks:node-bootstrapper',
  'eks:node-manager',
  'eks:nodewatcher',
  'eks:pod-identity-mutating-webhook',
  'eks:service-operations',
  'eks:tagging-controller',
];

const EKS_CLUSTER_ROLES = [...EKS_CLUSTER_OBJECTS, 'eks:podsecuritypolicy:privileged', 'aws-node', 'vpc-resource-controller-role', 'system:coredns'];

const EKS_CLUSTER_ROLE_BINDINGS: readonly BuiltInBinding[] = [
  ...EKS_CLUSTER_OBJECTS.map((name): BuiltInBinding => ({ kind: 'ClusterRoleBinding', name, origin: 'eks' })),
  // EKS user guide (add-ons): binds cluster-admin to the add-on manager identity, and nothing else
  { kind: 'ClusterRoleBinding', name: 'eks:addon-cluster-admin', origin: 'eks', subjects: [user('eks:addon-manager')] },
  // EKS 1.24 and earlier: the eks.privileged PodSecurityPolicy for every authenticated user
  { kind: 'ClusterRoleBinding', name: 'eks:podsecuritypolicy:authenticated', origin: 'eks', subjects: [group('system:authenticated')] },
  { kind: 'ClusterRoleBinding', name: 'eks:kube-proxy', origin: 'eks', subjects: [sa('kube-system', 'kube-proxy')] },
  { kind: 'ClusterRoleBinding', name: 'eks:kube-proxy-fargate', origin: 'eks' },
  { kind: 'ClusterRoleBinding', name: 'eks:kube-proxy-windows', origin: 'eks' },
  { kind: 'ClusterRoleBinding', name: 'aws-node', origin: 'eks', subjects: [sa('kube-system', 'aws-node')] },
  { kind: 'ClusterRoleBinding', name: 'vpc-resource-controller-rolebinding', origin: 'eks' },
  { kind: 'ClusterRoleBinding', name: 'system:coredns', origin: 'eks', subjects: [sa('kube-system', 'coredns')] },
];

/** EKS Roles and RoleBindings, all in kube-system. */
const EKS_NAMESPACED_OBJECTS = [
  'eks:addon-manager',
  'eks:authenticator',
  'eks:az-poller',
  'eks:certificate-controller',
  'eks:certificate-controller-approver',
  'eks:cluster-event-watcher',
  'eks:coredns-autoscaler',
  'eks:fargate-manager',
  'eks:fargate-scheduler',
  'eks:k8s-metrics',
  'eks:network-policy-controller',
  'eks:node-manager',
  'eks:nodewatcher',
  'eks:pod-identity-mutating-webhook',
];
const EKS_ROLES = [...EKS_NAMESPACED_OBJECTS, 'eks:service-operations-configmaps', 'eks-vpc-resource-controller-role'];
const EKS_ROLE_BINDINGS: readonly BuiltInBinding[] = [...EKS_NAMESPACED_OBJECTS, 'eks:service-operations', 'eks-vpc-resource-controller-rolebinding'].map(
  (name): BuiltInBinding => ({ kind: 'RoleBinding', namespace: 'kube-system', name, origin: 'eks' }),
);

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

const ROLE_INDEX = new Map<string, BuiltInOrigin>([
  ...KUBE_CLUSTER_ROLES.map((name): [string, BuiltInOrigin] => [key('ClusterRole', undefined, name), 'kubernetes']),
  ...EKS_CLUSTER_ROLES.map((name): [string, BuiltInOrigin] => [key('ClusterRole', undefined, name), 'eks']),
  ...KUBE_ROLES.map(([namespace, name]): [string, BuiltInOrigin] => [key('Role', namespace, name), 'kubernetes']),
  ...EKS_ROLES.map((name): [string, BuiltInOrigin] => [key('Role', 'kube-system', name), 'eks']),
]);

const BINDING_INDEX = new Map<string, BuiltInBinding>(
  [...KUBE_CLUSTER_ROLE_BINDINGS, ...KUBE_ROLE_BINDINGS, ...EKS_CLUSTER_ROLE_BINDINGS, ...EKS_ROLE_BINDINGS].map((binding) => [
    key(binding.kind, binding.kind === 'RoleBinding' ? binding.namespace : undefined, binding.name),
    binding,
  ]),
);

/** The built-in Role or ClusterRole of this exact kind, name (and namespace for Roles), if any. */
export function builtInRoleOrigin(kind: string, name: string, namespace?: string): BuiltInOrigin | undefined {
  return ROLE_INDEX.get(key(kind, kind === 'Role' ? namespace : undefined, name));
}

export function builtInBinding(kind: string, name: string, namespace?: string): BuiltInBinding | undefined {
  return BINDING_INDEX.get(key(kind, kind === 'RoleBinding' ? namespace : undefined, name));
}

/** Subjects that stand for many identities: a built-in binding whose subjects are not pinned never excuses these. */
export function isBroadSubject(subject: RbacSubject): boolean {
  if (subject.kind === 'User') return subject.name === 'system:anonymous';
  if (subject.kind !== 'Group') return false;
  return (
    subject.name === 'system:authenticated' ||
    subject.name === 'system:unauthenticated' ||
    subject.name === 'system:serviceaccounts' ||
    subject.name.startsWith('system:serviceaccounts:')
  );
}

/** True when this subject of this built-in binding is one Kubernetes or EKS put there. */
export function isDefaultSubject(binding: BuiltInBinding, subject: RbacSubject): boolean {
  if (binding.subjects) return binding.subjects.includes(subjectKey(subject));
  return !isBroadSubject(subject);
}

/** Numbers for documentation and tests. */
export function builtInCounts(): { roles: number; bindings: number } {
  return { roles: ROLE_INDEX.size, bindings: BINDING_INDEX.size };
}
