/**
 * What every part of the graph builder shares: the findings of the run indexed by check and
 * resource (edges cite them), the cluster the Kubernetes objects belong to, and node ids.
 */
import type { CheckContext } from '../core/check.js';
import { resourceKey } from '../core/suppression.js';
import type { Finding, Location, ResourceRef, Severity } from '../core/types.js';
import type { ClusterModel } from '../aws/models.js';
import { awsView } from '../aws/view.js';
import { AttackGraph } from './model.js';

export type Ctx = Pick<CheckContext, 'memo' | 'inventory' | 'findings'>;

export interface Citation {
  checkId: string;
  resource?: ResourceRef;
  location?: Location;
  severity: Severity;
  /** the finding was suppressed: the fact still holds */
  suppressed?: boolean;
}

/**
 * The run's failed and suppressed findings, by check and resource. A check's findings are keyed
 * by resource when the graph first cites that check: the graph cites a dozen checks, and most
 * findings of a large run (Pod Security, workload hygiene) are never cited.
 */
export class FindingIndex {
  private readonly byCheck = new Map<string, Finding[]>();
  private readonly byResource = new Map<string, ReadonlyMap<string, readonly Finding[]>>();

  constructor(findings: readonly Finding[]) {
    for (const finding of findings) {
      const list = this.byCheck.get(finding.checkId);
      if (list) list.push(finding);
      else this.byCheck.set(finding.checkId, [finding]);
    }
  }

  private indexOf(checkId: string): ReadonlyMap<string, readonly Finding[]> {
    let index = this.byResource.get(checkId);
    if (!index) {
      const built = new Map<string, Finding[]>();
      for (const finding of this.byCheck.get(checkId) ?? []) {
        const key = resourceKey(finding.resource);
        const list = built.get(key);
        if (list) list.push(finding);
        else built.set(key, [finding]);
      }
      index = built;
      this.byResource.set(checkId, index);
    }
    return index;
  }

  /** The findings of one check on one resource (several when the check gives several verdicts). */
  of(checkId: string, ref: ResourceRef): readonly Finding[] {
    return this.indexOf(checkId).get(resourceKey(ref)) ?? [];
  }

  /** A citation of the check's finding on the resource, or of the check as the rule behind a fact when it has none. */
  cite(checkId: string, ref: ResourceRef | undefined, fallback: Severity, location?: Location): Citation {
    const found = ref ? this.of(checkId, ref)[0] : undefined;
    const where = found?.location ?? location;
    return {
      checkId,
      ...(ref ? { resource: ref } : {}),
      ...(where ? { location: where } : {}),
      severity: found?.severity ?? fallback,
      ...(found?.status === 'suppressed' ? { suppressed: true } : {}),
    };
  }
}

/**
 * The EKS cluster the Kubernetes objects of the run belong to: the one whose ARN or name the
 * kubeconfig context names, else the only cluster collected. Several clusters and no telling
 * which: undefined, with the reason (node roles and IRSA trust are then not joined).
 */
export interface ClusterScope {
  readonly cluster?: ClusterModel;
  readonly reason?: string;
}

export function clusterScope(ctx: Ctx): ClusterScope {
  return ctx.memo('graph:cluster-scope', () => {
    const clusters = awsView(ctx).clusters;
    if (clusters.length === 0) return { reason: 'no EKS cluster was collected (add --aws, --aws-snapshot or infrastructure code)' };
    const context = ctx.inventory.facts.context ?? ctx.inventory.kube.find((object) => object.provenance.context)?.provenance.context;
    if (context) {
      const named = clusters.find((cluster) => context === cluster.arn || context.endsWith(`/${cluster.name}`) || context === cluster.name || context.startsWith(`${cluster.name}.`));
      if (named) return { cluster: named };
    }
    if (clusters.length === 1) return { cluster: clusters[0]! };
    return { reason: `${clusters.length} EKS clusters were collected and nothing tells which one the Kubernetes objects belong to (scan one with --cluster)` };
  });
}

export interface BuildState {
  readonly graph: AttackGraph;
  readonly findings: FindingIndex;
  readonly ctx: Ctx;
  readonly scope: ClusterScope;
  /** the Kubernetes half was collected */
  readonly hasKube: boolean;
  /** the AWS half was collected (any AWS record) */
  readonly hasAws: boolean;
}

export const ids = {
  internet: 'internet',
  authenticated: 'rbac:Group:system:authenticated',
  anonymous: 'rbac:anonymous',
  kube: (kind: string, namespace: string | undefined, name: string) => `k8s:${kind}:${namespace ? `${namespace}/` : ''}${name}`,
  subject: (kind: string, name: string) => `rbac:${kind}:${name}`,
  role: (arn: string) => `aws:role:${arn}`,
  nodes: (key: string) => `node:${key}`,
  capability: (kind: string, account: string) => `capability:${kind}:${account}`,
  clusterAdmin: (cluster: string) => `cluster-admin:${cluster}`,
  endpoint: (cluster: string) => `api-endpoint:${cluster}`,
  unknown: (what: string) => `unknown:${what}`,
};

/** The cluster-admin node's key: the scoped EKS cluster's ARN, or the Kubernetes objects' cluster. */
export function kubeClusterKey(state: Pick<BuildState, 'scope' | 'ctx'>): string {
  return state.scope.cluster?.arn ?? state.ctx.inventory.facts.context ?? 'kubernetes';
}

export function clusterAdminLabel(cluster: ClusterModel | undefined): string {
  return cluster ? `cluster-admin of EKS cluster ${cluster.name}` : 'cluster-admin of the Kubernetes cluster';
}

/** The cluster-admin crown jewel of an EKS cluster, or of the Kubernetes objects' cluster. */
export function clusterAdminNode(state: BuildState, cluster: ClusterModel | undefined = state.scope.cluster): string {
  const id = ids.clusterAdmin(cluster ? cluster.arn : kubeClusterKey(state));
  const resource: ResourceRef = cluster
    ? { arn: cluster.arn, type: 'AWS::EKS::Cluster', region: cluster.region }
    : { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'cluster-admin' };
  return state.graph.node({ id, kind: 'cluster-admin', label: clusterAdminLabel(cluster), resource, jewel: 'cluster-admin' }).id;
}
