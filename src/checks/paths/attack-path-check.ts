/**
 * What the four EKS-PATH-* checks share: their subjects are the attack paths that end at their
 * crown jewels (one failed or skipped result each, reported on the first object of the path),
 * and each jewel that no path reaches (a pass, unless data the graph reads was not collected).
 */
import { defineCheck, pass, type CheckContext, type CheckDefinition, type CheckDefinitionSource, type Subject, type Target, type Verdict } from '../../core/check.js';
import { NETWORK_POLICY_NEEDS } from '../k8s/network/namespace-pods.js';
import type { AwsRecord, KubeObject } from '../../core/inventory.js';
import { isAwsRef, type ResourceRef } from '../../core/types.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import { attackPaths, type FoundPath, type GraphNode, type JewelKind } from '../../graph/index.js';
import { describePath } from '../../graph/describe.js';
import { objectAnnotations, objectsOf } from '../../k8s/targets.js';

export type PathSubject = { readonly path: FoundPath } | { readonly jewel: GraphNode } | { readonly bound: string };

/** What the graph reads: the live cluster lists these kinds for the path checks too; a gap on one is judged per path. */
export const PATH_READS: readonly string[] = [
  'kube:workloads', 'kube:Service', 'kube:Ingress', 'kube:IngressClass', 'kube:IngressClassParams', 'kube:ServiceAccount',
  'kube:Role', 'kube:ClusterRole', 'kube:RoleBinding', 'kube:ClusterRoleBinding', 'kube:Namespace', ...NETWORK_POLICY_NEEDS, 'kube:ConfigMap',
  AWS_KEYS.cluster, AWS_KEYS.nodegroups, AWS_KEYS.fargateProfiles, AWS_KEYS.accessEntries, AWS_KEYS.accessPolicies, AWS_KEYS.podIdentity,
  AWS_KEYS.launchTemplates, AWS_KEYS.instances, AWS_KEYS.roles, AWS_KEYS.roleDetails, AWS_KEYS.attachedPolicies, AWS_KEYS.inlinePolicies, AWS_KEYS.managedPolicies,
];

export const PATH_REFERENCES = [
  'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html',
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html',
  'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
] as const;

/** The first object of a kind by namespace and name: a path's subject is looked up here, not by a scan per path. */
function objectsByName(kind: string, ctx: CheckContext): ReadonlyMap<string, KubeObject> {
  return ctx.memo(`paths:objects-by-name:${kind}`, () => {
    const out = new Map<string, KubeObject>();
    for (const item of objectsOf(kind, ctx)) {
      const key = `${item.namespace ?? ''}/${item.name}`;
      if (!out.has(key)) out.set(key, item);
    }
    return out;
  });
}

function annotationsOf(ref: ResourceRef, ctx: CheckContext): Record<string, string> | undefined {
  if (isAwsRef(ref)) return undefined;
  const object = objectsByName(ref.kind, ctx).get(`${ref.namespace ?? ''}/${ref.name}`);
  return object ? objectAnnotations(object) : undefined;
}

function recordLocation(ref: ResourceRef, ctx: CheckContext) {
  if (!isAwsRef(ref)) return undefined;
  const byArn = ctx.memo('paths:records-by-arn', () => {
    const out = new Map<string, AwsRecord>();
    for (const record of ctx.inventory.aws) if (!out.has(record.ref.arn)) out.set(record.ref.arn, record);
    return out;
  });
  return byArn.get(ref.arn)?.location;
}

function pathsTarget(id: string, jewels: readonly JewelKind[]): Target<PathSubject> {
  return {
    id: `attack-paths:${id}`,
    select(_inventory, ctx) {
      const result = attackPaths(ctx);
      const mine = result.paths.filter((path) => jewels.includes(path.jewel));
      const subjects: Subject<PathSubject>[] = mine.map((path) => {
        const annotations = annotationsOf(path.subject.ref, ctx);
        const location = path.subject.location ?? recordLocation(path.subject.ref, ctx);
        return { ref: path.subject.ref, value: { path }, ...(location ? { location } : {}), ...(annotations ? { annotations } : {}) };
      });
      const reached = new Set(mine.map((path) => path.nodes[path.nodes.length - 1]!.id));
      for (const node of result.graph.nodes.values()) {
        if (!node.jewel || !jewels.includes(node.jewel) || node.missing || reached.has(node.id)) continue;
        subjects.push({ ref: node.resource ?? { apiVersion: 'eksguard.io/v1', kind: 'CrownJewel', name: node.label }, value: { jewel: node } });
      }
      if (result.exhausted || result.notRecorded > 0) {
        subjects.push({ ref: { apiVersion: 'eksguard.io/v1', kind: 'AttackGraph', name: id }, value: { bound: result.exhausted ? 'the search stopped at its step bound: some paths may not be listed' : `${result.notRecorded} more paths were found than are listed` } });
      }
      return subjects;
    },
  };
}

/** Data the graph reads that a source tried and failed to collect. */
function gapsOf(ctx: CheckContext): string[] {
  return PATH_READS.flatMap((key) => {
    const gap = ctx.inventory.missing.get(key);
    return gap ? [`${gap.source} (${gap.reason})`] : [];
  });
}

export function judgePath(subject: PathSubject, ctx: CheckContext): Verdict {
  if ('bound' in subject) return { status: 'skipped', message: subject.bound };
  if ('jewel' in subject) {
    const gaps = gapsOf(ctx);
    if (gaps.length > 0) return { status: 'skipped', message: `no path to ${subject.jewel.label} was found, but data the paths rest on was not collected: ${gaps.slice(0, 3).join('; ')}` };
    return pass(`no entry point reaches ${subject.jewel.label}`);
  }
  const { path } = subject;
  return {
    status: path.status,
    // the steps, rendered by describePath: the one message of every EKS-PATH check
    ...(path.status === 'fail' ? { messageId: 'attackPath', data: { steps: describePath(path) } } : { message: describePath(path) }),
    severity: path.severity,
    // not a field path: the ID of the path in the report's `paths` section, as the reporters link it
    path: `paths[${path.id}]`,
    absolutePath: true,
    attackPath: {
      id: path.id,
      entry: path.entry,
      jewel: path.jewel,
      // the plain steps only: what the graph keeps for its own search stays out of the report
      nodes: path.nodes.map(({ id, kind, label, resource, location }) => ({ id, kind, label, ...(resource ? { resource } : {}), ...(location ? { location } : {}) })),
      edges: path.edges, ...(path.cut ? { cut: path.cut } : {}), ...(path.missing.length > 0 ? { missing: path.missing } : {}), ...(path.conditional ? { conditional: true } : {}),
    },
  };
}

type PathCheckOptions = Pick<CheckDefinitionSource<PathSubject>, 'id' | 'title' | 'severity' | 'rationale' | 'remediation' | 'examples'> & { jewels: readonly JewelKind[]; references?: readonly string[] };

export function definePathCheck(options: PathCheckOptions): CheckDefinition<PathSubject> {
  return defineCheck<PathSubject>({
    id: options.id,
    title: options.title,
    area: 'iam',
    severity: options.severity,
    target: pathsTarget(options.id, options.jewels),
    // a path may rest on any of these: none skips the check, each missing one is named on the paths it touches
    needs: ['kube:workloads'],
    reads: PATH_READS,
    stage: 'findings',
    admission: { scanOnly: 'joins workloads, RBAC, the AWS account and the other checks\' findings into an attack graph, which no admission request carries' },
    rationale: options.rationale,
    remediation: options.remediation,
    messages: { attackPath: '{{steps}}' },
    references: [...PATH_REFERENCES, ...(options.references ?? [])],
    standards: [],
    examples: options.examples,
    evaluate: judgePath,
  });
}
