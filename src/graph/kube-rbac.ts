/**
 * The Kubernetes half of the graph, second part: what RBAC subjects can reach. A subject that may
 * create pods in a namespace can run them as any of its ServiceAccounts (and, where Pod Security
 * admission does not enforce baseline, as privileged pods that own their node); a subject bound
 * cluster-wide to cluster-admin, to `*` on `*`, or to impersonation or escalation of roles is
 * cluster-admin. Entry points: `system:authenticated`, and every User and Group people use.
 */
import { namespacesOf } from '../k8s/namespaces.js';
import { bindingGrants, describeGrant, describeSubject, permission, rbacGraph, type BindingNode, type Permission, type RbacSubject } from '../k8s/rbac/index.js';
import { isDefaultSubject } from '../k8s/system-objects.js';
import { kubeRef } from '../k8s/targets.js';
import { clusterAdminNode, ids, type BuildState } from './context.js';
import { serviceAccountNode, serviceAccountObjects, workloadEntries } from './kube-workloads.js';
import { nodeTargets } from './nodes.js';

const CREATE_PODS: readonly Permission[] = [
  permission({ id: 'graph:create-pods', verbs: ['create'], group: '', resources: ['pods', 'replicationcontrollers'] }),
  permission({ id: 'graph:create-apps', verbs: ['create'], group: 'apps', resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'] }),
  permission({ id: 'graph:create-batch', verbs: ['create'], group: 'batch', resources: ['jobs', 'cronjobs'] }),
];

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Cluster-wide grants that make a subject cluster-admin, with the check that reports each. */
const ADMIN_EQUIVALENT: readonly { wanted: Permission; checkId: string; what: string }[] = [
  { wanted: permission({ id: 'graph:everything', verbs: ['*'], group: '*', resources: ['*'], clusterScoped: true }), checkId: 'K8S-RBAC-002', what: 'may do anything to anything' },
  { wanted: permission({ id: 'graph:impersonate', verbs: ['impersonate'], group: '', resources: ['users', 'groups'], names: 'any', clusterScoped: true }), checkId: 'K8S-RBAC-006', what: 'may impersonate any user or group, system:masters included' },
  { wanted: permission({ id: 'graph:escalate', verbs: ['escalate'], group: RBAC_GROUP, resources: ['clusterroles'], names: 'any', clusterScoped: true }), checkId: 'K8S-RBAC-006', what: 'may escalate ClusterRoles to any permission' },
];

const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/** Whether Pod Security admission lets a privileged pod into the namespace: only `baseline` and `restricted` stop it (an unreadable level enforces restricted). */
export function admitsPrivilegedPods(state: BuildState, namespace: string): { admits: boolean; why: string } {
  const info = namespacesOf(state.ctx).get(namespace);
  const level = info?.labels[ENFORCE_LABEL];
  if (!info || info.implied || level === undefined) return { admits: true, why: `namespace ${namespace} has no ${ENFORCE_LABEL} label that eksguard can see, so a privileged pod is admitted` };
  if (level === 'privileged') return { admits: true, why: `namespace ${namespace} enforces the privileged level` };
  return { admits: false, why: `namespace ${namespace} enforces ${level}` };
}

/** The graph node of a binding subject; undefined for system identities that are nobody's entry point. */
export function subjectNode(state: BuildState, subject: RbacSubject): string | undefined {
  if (subject.kind === 'ServiceAccount') return serviceAccountNode(state, subject.namespace ?? 'default', subject.name);
  const graph = state.graph;
  if (subject.kind === 'Group' && subject.name === 'system:authenticated') {
    return graph.node({ id: ids.authenticated, kind: 'authenticated', label: 'any authenticated user (Group system:authenticated)', entry: 'authenticated' }).id;
  }
  if ((subject.kind === 'User' && subject.name === 'system:anonymous') || (subject.kind === 'Group' && subject.name === 'system:unauthenticated')) {
    return graph.node({ id: ids.anonymous, kind: 'anonymous', label: 'anonymous requests (system:anonymous, system:unauthenticated)' }).id;
  }
  const id = ids.subject(subject.kind, subject.name);
  // other system identities are components and nodes, never a person's entry point
  const entry = subject.name.startsWith('system:') ? undefined : ('developers' as const);
  return graph.node({ id, kind: 'rbac-subject', label: describeSubject(subject), ...(entry ? { entry } : {}) }).id;
}

/** Every ServiceAccount of a namespace the run knows of: objects, the ones workloads name, and `default`. */
function serviceAccountsOf(state: BuildState, namespace: string): string[] {
  const names = new Set<string>(['default']);
  for (const key of serviceAccountObjects(state).keys()) if (key.startsWith(`${namespace}/`)) names.add(key.slice(namespace.length + 1));
  for (const entry of workloadEntries(state).get(namespace) ?? []) names.add(entry.serviceAccount);
  return [...names].sort();
}

function knownNamespaces(state: BuildState): string[] {
  const names = new Set<string>();
  for (const name of namespacesOf(state.ctx).keys()) names.add(name || 'default');
  for (const name of workloadEntries(state).keys()) names.add(name);
  return [...names].sort();
}

/** Groups that stand for every ServiceAccount (of a namespace): bindings to them reach each one. */
function linkServiceAccountGroup(state: BuildState, group: string, groupId: string): void {
  const namespace = group === 'system:serviceaccounts' ? undefined : group.slice('system:serviceaccounts:'.length);
  for (const ns of namespace ? [namespace] : knownNamespaces(state)) {
    for (const name of serviceAccountsOf(state, ns)) {
      state.graph.edge({ from: serviceAccountNode(state, ns, name), to: groupId, kind: 'maps-to', label: 'is a member of', because: `every ServiceAccount of ${namespace ? `namespace ${ns}` : 'the cluster'} is in Group ${group}`, severity: 'info' });
    }
  }
}

function addPodCreation(state: BuildState, binding: BindingNode, subjectId: string): void {
  const graph = rbacGraph(state.ctx);
  const match = CREATE_PODS.map((wanted) => bindingGrants(graph, binding, wanted)).find((found) => found !== undefined);
  if (!match) return;
  const ref = kubeRef(binding.object);
  const cite = state.findings.cite('K8S-RBAC-004', ref, 'medium', binding.object.provenance.location);
  const grant = describeGrant(binding, match.effective);
  const namespaces = binding.clusterWide ? knownNamespaces(state) : [binding.namespace ?? 'default'];
  let escape: { why: string; namespace: string } | undefined;
  for (const namespace of namespaces) {
    for (const name of serviceAccountsOf(state, namespace)) {
      state.graph.edge({ from: subjectId, to: serviceAccountNode(state, namespace, name), kind: 'creates-pods', label: `creates pods in ${namespace} that run as`, because: `may ${match.request.verb} ${match.request.resource} via ${grant}`, ...cite });
    }
    const admitted = admitsPrivilegedPods(state, namespace);
    if (admitted.admits && !escape) escape = { why: admitted.why, namespace };
  }
  if (!escape) return;
  const namespaceCite = state.findings.cite('K8S-WL-010', { apiVersion: 'v1', kind: 'Namespace', name: escape.namespace }, 'high');
  for (const target of nodeTargets(state, { namespace: escape.namespace, labels: {}, nodeSelector: {} })) {
    state.graph.edge({
      from: subjectId,
      to: target.id,
      kind: 'escapes-to-node',
      label: `creates a privileged pod in ${escape.namespace} on`,
      because: `may ${match.request.verb} ${match.request.resource} via ${grant}, and ${escape.why}`,
      severity: 'critical',
      checkId: namespaceCite.checkId,
      ...(namespaceCite.resource ? { resource: namespaceCite.resource } : {}),
      ...(target.missing ? { missing: target.missing } : {}),
    });
  }
}

function addClusterAdmin(state: BuildState, binding: BindingNode, subjectId: string): void {
  const ref = kubeRef(binding.object);
  const location = binding.object.provenance.location;
  if (binding.clusterWide && binding.roleRef?.kind === 'ClusterRole' && binding.roleRef.name === 'cluster-admin') {
    const cite = state.findings.cite('K8S-RBAC-001', ref, 'critical', location);
    state.graph.edge({ from: subjectId, to: clusterAdminNode(state), kind: 'bound-to', label: 'is', because: `bound to ClusterRole cluster-admin by ${binding.kind} ${binding.name}`, ...cite, severity: 'critical' });
    return;
  }
  const graph = rbacGraph(state.ctx);
  for (const { wanted, checkId, what } of ADMIN_EQUIVALENT) {
    const match = bindingGrants(graph, binding, wanted);
    if (!match) continue;
    const cite = state.findings.cite(checkId, ref, 'critical', location);
    state.graph.edge({ from: subjectId, to: clusterAdminNode(state), kind: 'bound-to', label: 'is in effect', because: `${what} via ${describeGrant(binding, match.effective)}`, ...cite, severity: 'critical' });
    return;
  }
}

/** RBAC: pod creation and cluster-admin grants of every binding, from each subject that is not a built-in default. */
export function addRbac(state: BuildState): void {
  const graph = rbacGraph(state.ctx);
  for (const binding of graph.bindings) {
    if (!binding.role && !(binding.roleRef?.kind === 'ClusterRole' && binding.roleRef.name === 'cluster-admin')) continue;
    for (const subject of binding.subjects) {
      if (binding.builtIn && isDefaultSubject(binding.builtIn, subject)) continue;
      const subjectId = subjectNode(state, subject);
      if (!subjectId) continue;
      if (subject.kind === 'Group' && (subject.name === 'system:serviceaccounts' || subject.name.startsWith('system:serviceaccounts:'))) linkServiceAccountGroup(state, subject.name, subjectId);
      addClusterAdmin(state, binding, subjectId);
      if (binding.role) addPodCreation(state, binding, subjectId);
    }
  }
}
