/**
 * Nodes in the graph: a pod that escapes its container (privileged, host PID or IPC, a runtime
 * socket, a writable sensitive hostPath: the findings of those checks) owns its node; a pod that
 * reaches the instance metadata service (host network, or a node group whose IMDS answers pods:
 * IMDSv1 or a hop limit above 1, where no NetworkPolicy keeps the pod from it) gets the node's
 * role. Pods that Fargate runs have neither. Which node group a pod lands on is not known, so a
 * pod reaches the nodes of every node group of its cluster, unless a nodeSelector names one.
 */
import { metadataSource } from '../aws/node-config.js';
import type { FargateProfileModel, MetadataOptions, NodegroupModel } from '../aws/models.js';
import { awsView } from '../aws/view.js';
import type { Severity } from '../core/types.js';
import { bool, stringMap } from '../k8s/fields.js';
import { imdsReach } from '../k8s/policy-coverage.js';
import { ids, type BuildState } from './context.js';
import type { WorkloadEntry } from './kube-workloads.js';
import { workloadEntries } from './kube-workloads.js';
import { roleNode } from './roles.js';

const NODEGROUP_LABEL = 'eks.amazonaws.com/nodegroup';

export interface NodeTarget {
  readonly id: string;
  readonly nodegroup?: NodegroupModel;
  /** set when the node's role cannot be known */
  readonly missing?: string;
}

export interface PodPlacement {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly nodeSelector: Readonly<Record<string, string>>;
}

function runsOnFargate(profiles: readonly FargateProfileModel[], pod: PodPlacement): boolean {
  return profiles.some((profile) =>
    profile.selectors.some((selector) => selector.namespace === pod.namespace && Object.entries(selector.labels).every(([key, value]) => pod.labels[key] === value)),
  );
}

/** Adds a node group's nodes and the role they hold. */
function nodegroupNode(state: BuildState, nodegroup: NodegroupModel): string {
  const id = ids.nodes(nodegroup.arn);
  if (state.graph.nodes.has(id)) return id;
  state.graph.node({ id, kind: 'node', label: `nodes of node group ${nodegroup.name}`, resource: { arn: nodegroup.arn, type: 'AWS::EKS::Nodegroup', region: nodegroup.region } });
  if (nodegroup.nodeRole) {
    const role = roleNode(state, nodegroup.nodeRole);
    state.graph.edge({ from: id, to: role, kind: 'holds-role', label: 'hold the instance profile of', because: `node group ${nodegroup.name} runs its nodes with role ${nodegroup.nodeRole}`, severity: 'info', resource: { arn: nodegroup.arn, type: 'AWS::EKS::Nodegroup', region: nodegroup.region } });
  }
  return id;
}

/** A node of unknown role: the cluster is unknown, or its nodes are not managed node groups. */
function unknownNodes(state: BuildState, key: string, label: string, missing: string): NodeTarget {
  const id = ids.nodes(key);
  if (!state.graph.nodes.has(id)) {
    state.graph.node({ id, kind: 'node', label });
    const unknown = ids.unknown(`node-role:${key}`);
    state.graph.node({ id: unknown, kind: 'unknown', label: `the IAM role of ${label}`, jewel: 'admin', missing });
    state.graph.edge({ from: id, to: unknown, kind: 'unknown', label: 'hold', because: missing, severity: 'info', missing });
  }
  return { id, missing };
}

/** The nodes a pod may land on, with their roles; none for a pod Fargate runs. */
export function nodeTargets(state: BuildState, pod: PodPlacement): NodeTarget[] {
  const cluster = state.scope.cluster;
  if (!cluster) return [unknownNodes(state, 'cluster', "the cluster's nodes", state.scope.reason ?? 'no EKS cluster was collected')];
  const view = awsView(state.ctx);
  if (runsOnFargate(view.fargateProfilesOf(cluster), pod)) return [];
  const wanted = pod.nodeSelector[NODEGROUP_LABEL];
  const nodegroups = view.nodegroupsOf(cluster).filter((nodegroup) => wanted === undefined || nodegroup.name === wanted);
  if (nodegroups.length === 0) {
    return [unknownNodes(state, cluster.arn, `the nodes of cluster ${cluster.name}`, `cluster ${cluster.name} has no collected managed node group${wanted ? ` named ${wanted}` : ''} (self-managed, Karpenter or Auto Mode nodes): their IAM role is not known`)];
  }
  return nodegroups.map((nodegroup) => ({ id: nodegroupNode(state, nodegroup), nodegroup }));
}

const ESCAPES: readonly { checkId: string; what: string }[] = [
  { checkId: 'PSS-privileged', what: 'a privileged container' },
  { checkId: 'PSS-hostNamespaces', what: 'the host PID or IPC namespace' },
  { checkId: 'K8S-WL-005', what: 'the container runtime socket' },
  { checkId: 'K8S-WL-006', what: 'a writable sensitive host path' },
];

/** The first container escape the findings report for a workload. */
function escapeOf(state: BuildState, entry: WorkloadEntry): { checkId: string; because: string; severity: Severity; path?: string } | undefined {
  const spec = entry.subject.value.spec;
  for (const escape of ESCAPES) {
    const finding = state.findings.of(escape.checkId, entry.subject.ref)[0];
    if (!finding) continue;
    // host networking alone shares the network, not the node: the metadata edge covers it
    if (escape.checkId === 'PSS-hostNamespaces' && bool(spec['hostPID']) !== true && bool(spec['hostIPC']) !== true) continue;
    return { checkId: escape.checkId, because: `it runs with ${escape.what}: ${finding.message}`, severity: finding.severity, ...(finding.path ? { path: finding.path } : {}) };
  }
  return undefined;
}

interface Imds {
  readonly reachable: boolean;
  readonly why: string;
  readonly checkId?: string;
  readonly missing?: string;
}

function describeOptions(options: MetadataOptions): string {
  return `httpTokens ${options.httpTokens ?? 'unset'}, hop limit ${options.hopLimit ?? 'unset'}`;
}

/** Whether the metadata service of a node group answers pods on the pod network (IMDSv1, or IMDSv2 with a hop limit above 1). */
function nodegroupImds(state: BuildState, nodegroup: NodegroupModel, hostNetwork: boolean): Imds {
  const tokens = metadataSource(nodegroup, state.ctx, 'httpTokens');
  const hops = metadataSource(nodegroup, state.ctx, 'hopLimit');
  if (tokens.kind === 'unknown' && hops.kind === 'unknown') return { reachable: true, why: 'its metadata options are not known', missing: tokens.reason };
  const all = [tokens, hops].flatMap((source) => (source.kind === 'template' ? [source.options] : source.kind === 'instances' ? source.options.map((item) => item.options) : []));
  if (all.length > 0 && all.every((options) => options.httpEndpoint === 'disabled')) return { reachable: false, why: 'the metadata endpoint is disabled' };
  if (hostNetwork) return { reachable: true, why: 'host-network pods reach the metadata service whatever the hop limit' };
  const v1 = all.some((options) => options.httpTokens !== undefined && options.httpTokens !== 'required');
  if (v1) return { reachable: true, why: `IMDSv1 is allowed (${describeOptions(all.find((options) => options.httpTokens !== 'required')!)})`, checkId: 'EKS-NODE-001' };
  const hop = all.some((options) => (options.hopLimit ?? 0) >= 2);
  if (hop) return { reachable: true, why: `the IMDSv2 hop limit lets pods reach it (${describeOptions(all.find((options) => (options.hopLimit ?? 0) >= 2)!)})`, checkId: 'EKS-NODE-002' };
  const unknown = [tokens, hops].find((source) => source.kind === 'unknown');
  if (unknown && unknown.kind === 'unknown') return { reachable: true, why: 'part of its metadata options is not known', missing: unknown.reason };
  return { reachable: false, why: 'IMDSv2 with a hop limit of 1' };
}

function placementOf(entry: WorkloadEntry): PodPlacement {
  const workload = entry.subject.value;
  return { namespace: entry.namespace, labels: workload.labels, nodeSelector: stringMap(workload.spec['nodeSelector']) };
}

function addWorkloadNodes(state: BuildState, entry: WorkloadEntry): void {
  const workload = entry.subject.value;
  const targets = nodeTargets(state, placementOf(entry));
  if (targets.length === 0) return;
  const escape = escapeOf(state, entry);
  const hostNetwork = bool(workload.spec['hostNetwork']) === true;
  const egress = hostNetwork ? undefined : imdsReach(workload, state.ctx);
  for (const target of targets) {
    if (escape) {
      state.graph.edge({
        from: entry.id,
        to: target.id,
        kind: 'escapes-to-node',
        label: 'escapes to',
        because: escape.because,
        severity: escape.severity,
        checkId: escape.checkId,
        resource: entry.subject.ref,
        ...(entry.subject.location ? { location: entry.subject.location } : {}),
      });
      continue;
    }
    if (egress && !egress.reachable) continue;
    const imds = target.nodegroup ? nodegroupImds(state, target.nodegroup, hostNetwork) : { reachable: true, why: 'its metadata options are not known', missing: target.missing ?? 'the node metadata options were not collected' };
    if (!imds.reachable) continue;
    const network = hostNetwork ? 'it uses the host network' : `${egress!.why}`;
    const cite = hostNetwork ? state.findings.cite('K8S-WL-009', entry.subject.ref, 'high', entry.subject.location) : imds.checkId && target.nodegroup ? state.findings.cite(imds.checkId, { arn: target.nodegroup.arn, type: 'AWS::EKS::Nodegroup', region: target.nodegroup.region }, 'high') : state.findings.cite('K8S-NET-009', { apiVersion: 'v1', kind: 'Namespace', name: entry.namespace }, 'medium');
    state.graph.edge({
      from: entry.id,
      to: target.id,
      kind: 'reaches-imds',
      label: "reaches the metadata service of",
      because: `${network}, and ${imds.why}`,
      ...cite,
      ...(imds.missing ? { missing: imds.missing } : {}),
    });
  }
}

/**
 * Escapes and metadata-service edges of every workload in the graph (the exposed ones). The
 * nodes every other workload would run on are added too, so that the graph's node roles and the
 * jewels they hold (a pass when no path reaches them) do not depend on which workloads are exposed.
 */
export function addNodes(state: BuildState): void {
  for (const entries of workloadEntries(state).values()) {
    for (const entry of entries) {
      if (state.graph.nodes.has(entry.id)) addWorkloadNodes(state, entry);
      else nodeTargets(state, placementOf(entry));
    }
  }
}
