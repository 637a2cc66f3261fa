/**
 * Where the two halves meet: a ServiceAccount assumes an IAM role (IRSA annotation and a trust
 * policy that admits it; an EKS Pod Identity association and a role that trusts the agent), an
 * IAM role maps to cluster-admin or to RBAC subjects (aws-auth, access entries), and the public
 * API endpoint lets anonymous requests in. When the Kubernetes half is missing, the
 * ServiceAccounts and node groups AWS names become entry points of unknown reach, so that their
 * paths are reported `skipped` with what is missing.
 */
import { UnknownValueError } from '../core/check.js';
import { irsaStatements, issuerHost, matchesPattern, trustScope } from '../aws/irsa.js';
import { roleNameOf } from '../aws/json.js';
import type { ClusterModel, RoleModel } from '../aws/models.js';
import { awsView } from '../aws/view.js';
import { isEverywhereCidr } from '../k8s/cidr.js';
import { record, stringMap } from '../k8s/fields.js';
import { isAwsAuthConfigMap } from '../k8s/aws-auth/target.js';
import { parseAwsAuth } from '../k8s/aws-auth/parse.js';
import { kubeRef, objectsOf } from '../k8s/targets.js';
import { clusterAdminNode, ids, type BuildState } from './context.js';
import { serviceAccountNode, serviceAccountObjects } from './kube-workloads.js';
import { subjectNode } from './kube-rbac.js';
import { nodeTargets } from './nodes.js';
import { roleNode } from './roles.js';

const ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';
const NOT_SCANNED = 'the Kubernetes objects were not scanned (add manifests, or --kube)';

type Trust = { admits: true; why: string } | { admits: false } | { unknown: string };

/** Whether a role's trust policy lets the cluster's OIDC tokens of one ServiceAccount in (the STS audience the webhook uses). */
function irsaTrust(role: RoleModel, cluster: ClusterModel | undefined, subject: string): Trust {
  try {
    if (!role.trustReadable) return { unknown: `the trust policy of role ${role.name} cannot be decoded` };
    const host = issuerHost(cluster?.oidcIssuer);
    for (const [index, entry] of irsaStatements(role).entries()) {
      if (host && entry.host !== host) continue;
      const scope = trustScope(entry);
      const audiences = [...Object.values(entry.statement.conditions)].flatMap((keys) => keys[`${entry.host}:aud`.toLowerCase()] ?? []);
      if (audiences.length > 0 && !audiences.some((audience) => audience === 'sts.amazonaws.com' || matchesPattern(audience, 'sts.amazonaws.com'))) continue;
      if (scope.subjects.includes(subject)) return { admits: true, why: `its trust policy admits ${subject} (IRSA statement ${index})` };
      const pattern = scope.wildcards.find((item) => matchesPattern(item, subject));
      if (pattern) return { admits: true, why: `its trust policy admits every ServiceAccount matching ${pattern}` };
      if (scope.subjects.length === 0 && scope.wildcards.length === 0) return { admits: true, why: `its trust policy admits every ServiceAccount of ${entry.host} (no ${entry.host}:sub condition)` };
    }
    return { admits: false };
  } catch (error) {
    if (error instanceof UnknownValueError) return { unknown: `the trust policy of role ${role.name}: ${error.message}` };
    throw error;
  }
}

/** Whether the role trusts the Pod Identity agent; undefined when its trust policy is not known yet (infrastructure code). */
function trustsPodIdentity(role: RoleModel): boolean | undefined {
  try {
    return role.trust.some((statement) => statement.effect === 'Allow' && (statement.principals['Service'] ?? []).includes('pods.eks.amazonaws.com'));
  } catch (error) {
    if (error instanceof UnknownValueError) return undefined;
    throw error;
  }
}

/** ServiceAccounts with an IRSA annotation: the role they assume, when its trust admits them. */
function addIrsa(state: BuildState): void {
  const view = awsView(state.ctx);
  for (const [key, object] of serviceAccountObjects(state)) {
    const arn = stringMap(record(object.raw['metadata'])['annotations'])[ROLE_ANNOTATION];
    if (!arn || !roleNameOf(arn)) continue;
    const [namespace, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    const subject = `system:serviceaccount:${namespace}:${name}`;
    const account = serviceAccountNode(state, namespace, name);
    const role = view.role(arn);
    const base = { from: account, kind: 'assumes' as const, label: 'assumes (IRSA)', severity: 'info' as const, checkId: 'EKS-IAM-006', resource: kubeRef(object), ...(object.provenance.location ? { location: object.provenance.location } : {}) };
    if (!role) {
      state.graph.edge({ ...base, to: roleNode(state, arn), because: `annotation ${ROLE_ANNOTATION} names ${arn}`, missing: state.hasAws ? `role ${arn} and its trust policy are not in the collected AWS data` : 'the trust policy was not collected: no AWS data (add --aws, --aws-snapshot or infrastructure code)' });
      continue;
    }
    const trust = irsaTrust(role, state.scope.cluster, subject);
    if ('unknown' in trust) state.graph.edge({ ...base, to: roleNode(state, role.arn), because: `annotation ${ROLE_ANNOTATION} names ${arn}`, missing: trust.unknown });
    else if (trust.admits) state.graph.edge({ ...base, to: roleNode(state, role.arn), because: `annotation ${ROLE_ANNOTATION} names ${arn} and ${trust.why}` });
  }
}

/** EKS Pod Identity associations of the scanned cluster (or of every cluster when no Kubernetes object says which). */
function addPodIdentity(state: BuildState): void {
  const view = awsView(state.ctx);
  const clusters = state.hasKube ? (state.scope.cluster ? [state.scope.cluster] : []) : view.clusters;
  for (const cluster of clusters) {
    for (const association of view.podIdentityOf(cluster)) {
      const arn = association.targetRoleArn ?? association.roleArn;
      if (!arn || !association.namespace || !association.serviceAccount) continue;
      const role = view.role(association.roleArn);
      const trusted = role ? trustsPodIdentity(role) : undefined;
      if (role && trusted === false) continue;
      const account = serviceAccountNode(state, association.namespace, association.serviceAccount);
      if (!state.hasKube) unknownRunner(state, account, `${association.namespace}/${association.serviceAccount}`);
      state.graph.edge({
        from: account,
        to: roleNode(state, arn),
        kind: 'assumes',
        label: 'assumes (Pod Identity)',
        because: `EKS Pod Identity association ${association.id} of cluster ${cluster.name} gives it ${arn}${association.targetRoleArn ? ` (through ${association.roleArn})` : ''}`,
        severity: 'info',
        checkId: 'EKS-IAM-007',
        resource: { arn: association.arn, type: 'AWS::EKS::PodIdentityAssociation', region: association.region },
        ...(!role ? { missing: state.hasAws ? `role ${association.roleArn} is not in the collected AWS data` : 'no AWS data' } : trusted === undefined ? { missing: `the trust policy of role ${role.name} is known only after apply` } : {}),
      });
    }
  }
}

/** Without Kubernetes objects: who runs as a ServiceAccount is unknown, an entry point whose paths are skipped. */
function unknownRunner(state: BuildState, accountId: string, label: string): void {
  const id = ids.unknown(`runs-as:${label}`);
  state.graph.node({ id, kind: 'unknown', label: `pods that run as ServiceAccount ${label}`, entry: 'unknown', missing: NOT_SCANNED });
  state.graph.edge({ from: id, to: accountId, kind: 'runs-as', label: 'run as', because: NOT_SCANNED, severity: 'info', missing: NOT_SCANNED });
}

/** AWS half only: every ServiceAccount an IRSA trust names, and every node group, as entry points of unknown reach. */
function addUnknownRunners(state: BuildState): void {
  const view = awsView(state.ctx);
  for (const role of view.roles) {
    let subjects: string[] = [];
    try {
      subjects = irsaStatements(role).flatMap((entry) => {
        const scope = trustScope(entry);
        return [...scope.subjects, ...scope.wildcards];
      });
    } catch (error) {
      if (!(error instanceof UnknownValueError)) throw error;
    }
    for (const subject of new Set(subjects)) {
      const match = /^system:serviceaccount:([^:]+):(.+)$/.exec(subject);
      if (!match) continue;
      const account = serviceAccountNode(state, match[1]!, match[2]!);
      unknownRunner(state, account, `${match[1]}/${match[2]}`);
      state.graph.edge({ from: account, to: roleNode(state, role.arn), kind: 'assumes', label: 'assumes (IRSA)', because: `the trust policy of ${role.name} admits ${subject}`, severity: 'info', checkId: 'EKS-IAM-006', resource: { arn: role.arn, type: 'AWS::IAM::Role', region: 'global' } });
    }
  }
  for (const nodegroup of view.nodegroups) {
    const cluster = view.clusterOf(nodegroup);
    if (!cluster) continue;
    const scoped = { ...state, scope: { cluster } };
    for (const target of nodeTargets(scoped, { namespace: '', labels: {}, nodeSelector: { 'eks.amazonaws.com/nodegroup': nodegroup.name } })) {
      const id = ids.unknown(`pods-on:${nodegroup.arn}`);
      state.graph.node({ id, kind: 'unknown', label: `pods on node group ${nodegroup.name}`, entry: 'unknown', missing: NOT_SCANNED });
      state.graph.edge({ from: id, to: target.id, kind: 'escapes-to-node', label: 'escape to or reach the metadata service of', because: NOT_SCANNED, severity: 'info', missing: NOT_SCANNED });
    }
  }
}

/** aws-auth mapRoles of roles already in the graph: system:masters is cluster-admin; other groups and usernames are RBAC subjects. */
function addAwsAuth(state: BuildState): void {
  for (const object of objectsOf('ConfigMap', state.ctx).filter(isAwsAuthConfigMap)) {
    const auth = parseAwsAuth(object.raw['data']);
    for (const mapping of auth.mapRoles) {
      const name = roleNameOf(mapping.arn);
      if (!name) continue;
      const roleId = [...state.graph.nodes.keys()].find((id) => id.startsWith('aws:role:') && roleNameOf(id.slice('aws:role:'.length)) === name);
      if (!roleId) continue;
      const cite = state.findings.cite('K8S-IAM-001', kubeRef(object), 'critical', object.provenance.location);
      if (mapping.groups.includes('system:masters')) {
        state.graph.edge({ from: roleId, to: clusterAdminNode(state), kind: 'maps-to', label: 'is mapped to', because: `aws-auth ${mapping.path} maps it to system:masters`, ...cite, severity: 'critical' });
        continue;
      }
      for (const group of mapping.groups) {
        if (group === 'system:nodes' || group === 'system:bootstrappers') continue;
        const target = subjectNode(state, { kind: 'Group', name: group });
        if (target) state.graph.edge({ from: roleId, to: target, kind: 'maps-to', label: 'is mapped to', because: `aws-auth ${mapping.path} maps it to Group ${group}`, severity: 'medium', checkId: 'EKS-IAM-004', resource: kubeRef(object) });
      }
    }
  }
}

const CLUSTER_ADMIN_POLICY = 'AmazonEKSClusterAdminPolicy';

/** Access entries of roles already in the graph: cluster-wide AmazonEKSClusterAdminPolicy or system:masters is cluster-admin; other groups are RBAC subjects. */
function addAccessEntries(state: BuildState): void {
  const view = awsView(state.ctx);
  for (const cluster of view.clusters) {
    for (const entry of view.accessEntriesOf(cluster)) {
      const roleId = ids.role(entry.principalArn);
      const known = state.graph.nodes.has(roleId) ? roleId : [...state.graph.nodes.keys()].find((id) => id.startsWith('aws:role:') && roleNameOf(id.slice('aws:role:'.length)) === roleNameOf(entry.principalArn));
      if (!known || (entry.type && entry.type !== 'STANDARD')) continue;
      const ref = { arn: entry.arn, type: 'AWS::EKS::AccessEntry', region: entry.region };
      const admin = (entry.policies ?? []).find((policy) => policy.policyArn.endsWith(`/${CLUSTER_ADMIN_POLICY}`) && policy.scopeType !== 'namespace');
      if (admin || entry.kubernetesGroups.includes('system:masters')) {
        const cite = state.findings.cite('EKS-IAM-003', ref, 'critical');
        state.graph.edge({ from: known, to: clusterAdminNode(state, cluster), kind: 'maps-to', label: 'is', because: admin ? `its access entry on cluster ${cluster.name} has ${CLUSTER_ADMIN_POLICY} on the whole cluster` : `its access entry on cluster ${cluster.name} maps it to system:masters`, ...cite, severity: 'critical' });
        continue;
      }
      if (cluster !== state.scope.cluster) continue;
      for (const group of entry.kubernetesGroups) {
        const target = subjectNode(state, { kind: 'Group', name: group });
        if (target) state.graph.edge({ from: known, to: target, kind: 'maps-to', label: 'is mapped to', because: `its access entry maps it to Group ${group}`, severity: 'medium', checkId: 'EKS-IAM-003', resource: ref });
      }
    }
  }
}

/** The public API endpoint lets the internet send anonymous requests (EKS-NET-001). */
function addEndpoint(state: BuildState): void {
  if (!state.graph.nodes.has(ids.anonymous) || state.graph.out(ids.anonymous).length === 0) return;
  const cluster = state.scope.cluster;
  const id = ids.endpoint(cluster?.arn ?? 'unknown');
  state.graph.node({ id, kind: 'api-endpoint', label: cluster ? `API endpoint of cluster ${cluster.name}` : "the cluster's API endpoint", ...(cluster ? { resource: { arn: cluster.arn, type: 'AWS::EKS::Cluster', region: cluster.region } } : {}) });
  if (!cluster) {
    state.graph.edge({ from: ids.internet, to: id, kind: 'exposes', label: 'may reach', because: 'whether the endpoint is public is not known', severity: 'high', checkId: 'EKS-NET-001', missing: state.scope.reason ?? 'no EKS cluster was collected' });
  } else {
    let open = false;
    try {
      open = cluster.endpointPublicAccess === true && (cluster.publicAccessCidrs.length === 0 || cluster.publicAccessCidrs.some(isEverywhereCidr));
    } catch (error) {
      if (!(error instanceof UnknownValueError)) throw error;
      state.graph.edge({ from: ids.internet, to: id, kind: 'exposes', label: 'may reach', because: 'whether the endpoint is public is not known', severity: 'high', checkId: 'EKS-NET-001', missing: error.message });
    }
    if (open) {
      const cite = state.findings.cite('EKS-NET-001', { arn: cluster.arn, type: 'AWS::EKS::Cluster', region: cluster.region }, 'high');
      state.graph.edge({ from: ids.internet, to: id, kind: 'exposes', label: 'reaches', because: 'the endpoint is public and admits 0.0.0.0/0', ...cite });
    }
  }
  state.graph.edge({ from: id, to: ids.anonymous, kind: 'maps-to', label: 'takes requests without credentials as', because: 'the API server serves requests without credentials as system:anonymous', severity: 'info' });
}

export function addIdentities(state: BuildState): void {
  if (state.hasKube) addIrsa(state);
  addPodIdentity(state);
  if (!state.hasKube && state.hasAws) addUnknownRunners(state);
  if (state.hasKube) addAwsAuth(state);
  addAccessEntries(state);
  addEndpoint(state);
}
