import type { Location, ResourceRef, Severity, Status, Suppression } from './types.js';
import { severityRank } from './types.js';

/**
 * Attack paths as reports carry them: plain data, built by the graph (src/graph/) and handed
 * through the engine to the report. An EKS-PATH-* finding holds one; the report's `paths`
 * section holds all of them, ranked, with the edges whose removal cuts the most paths.
 */

export const PATH_NODE_KINDS = [
  'internet',
  'authenticated',
  'anonymous',
  'developers',
  'api-endpoint',
  'load-balancer',
  'service',
  'ingress',
  'workload',
  'service-account',
  'rbac-subject',
  'node',
  'iam-role',
  'capability',
  'cluster-admin',
  'unknown',
] as const;
export type PathNodeKind = (typeof PATH_NODE_KINDS)[number];

export const PATH_EDGE_KINDS = [
  'exposes',
  'routes-to',
  'selects',
  'runs-as',
  'creates-pods',
  'escapes-to-node',
  'reaches-imds',
  'holds-role',
  'assumes',
  'grants',
  'maps-to',
  'bound-to',
  'unknown',
] as const;
export type PathEdgeKind = (typeof PATH_EDGE_KINDS)[number];

export interface PathNode {
  /** stable across runs: `k8s:Service:shop/web`, `aws:role:arn:aws:iam::1:role/x`, `capability:admin:<role arn>` */
  readonly id: string;
  readonly kind: PathNodeKind;
  /** `Service shop/web`, `IAM role payments-api`, `AWS account admin` */
  readonly label: string;
  readonly resource?: ResourceRef;
  readonly location?: Location;
}

export interface PathEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: PathEdgeKind;
  /** what the step does: `exposed to the internet`, `runs as`, `assumes (IRSA)` */
  readonly label: string;
  /** the fact behind it, in words */
  readonly because: string;
  /** the check whose finding (or fact) the step rests on */
  readonly checkId?: string;
  /** the resource of that finding */
  readonly resource?: ResourceRef;
  readonly location?: Location;
  readonly severity: Severity;
  /** set when the grant holds only under IAM conditions: the condition keys, never guessed */
  readonly conditional?: string;
  /** set when the data this step needs was not collected: the path is `skipped` */
  readonly missing?: string;
}

export interface PathCut {
  /** index into `edges` */
  readonly edge: number;
  /** how many of the run's paths remove it cuts */
  readonly paths: number;
}

export interface AttackPath {
  /** short, stable hash of the node ids */
  readonly id: string;
  readonly checkId: string;
  readonly status: Extract<Status, 'fail' | 'skipped' | 'suppressed'>;
  readonly severity: Severity;
  /** who starts: `internet`, `authenticated` (any authenticated user), `developers` (a User or Group with a binding), `unknown` (that half was not collected) */
  readonly entry: string;
  /** what is reached: `admin`, `escalation`, `secrets`, `data`, `cluster-admin` */
  readonly jewel: string;
  /** nodes[i] → nodes[i + 1] through edges[i] */
  readonly nodes: readonly PathNode[];
  readonly edges: readonly PathEdge[];
  /** the one edge of this path whose removal cuts the most paths: the fix to make first */
  readonly cut?: PathCut;
  /** data that was not collected, for a skipped path */
  readonly missing?: readonly string[];
  /** true when a step holds only under IAM conditions */
  readonly conditional?: boolean;
  readonly suppression?: Suppression;
}

/** An edge that sits on failing paths: removing it cuts them all. */
export interface PathFix {
  readonly edge: PathEdge;
  /** labels of the edge's ends */
  readonly fromLabel: string;
  readonly toLabel: string;
  /** failing paths that it cuts */
  readonly paths: number;
}

export interface PathsSummary {
  total: number;
  fail: number;
  suppressed: number;
  skipped: number;
  /** failing paths by check */
  byCheck: Record<string, number>;
  /** paths found beyond the listing limit, counted but not listed */
  notListed?: number;
}

export interface PathsSection {
  summary: PathsSummary;
  /** ranked: failing before suppressed before skipped, then by severity, length and the severities of the steps */
  paths: AttackPath[];
  /** edges that cut the most failing paths, most first */
  fixes: PathFix[];
}

const STATUS_ORDER: Readonly<Record<AttackPath['status'], number>> = { fail: 0, suppressed: 1, skipped: 2 };

/** Sum of the severity ranks of the steps: lower is worse (critical is 0). */
function stepWeight(path: Pick<AttackPath, 'edges'>): number {
  let total = 0;
  for (const edge of path.edges) total += severityRank(edge.severity);
  return total;
}

/** The ranking of paths: status, severity, then shorter paths first, then the severities of their steps, then a stable id. */
export function comparePaths(a: AttackPath, b: AttackPath): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    severityRank(a.severity) - severityRank(b.severity) ||
    a.edges.length - b.edges.length ||
    stepWeight(a) / Math.max(1, a.edges.length) - stepWeight(b) / Math.max(1, b.edges.length) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Steps that carry traffic or identity but are no fix on their own: they are not offered as the step to cut. */
export const NOT_A_FIX: ReadonlySet<PathEdgeKind> = new Set(['selects', 'routes-to', 'holds-role', 'runs-as', 'unknown']);

/** Paths listed in a report at most; the others are counted in `notListed`. */
export const MAX_LISTED_PATHS = 1_000;

/** Fixes listed in a report at most. */
const MAX_FIXES = 20;

function edgeKey(edge: Pick<PathEdge, 'from' | 'to' | 'kind'>): string {
  return `${edge.from}\u0000${edge.kind}\u0000${edge.to}`;
}

/** The report's `paths` section: every path ranked, and the edges that cut the most failing paths. */
export function buildPathsSection(paths: readonly AttackPath[]): PathsSection {
  const ranked = [...paths].sort(comparePaths);
  const summary: PathsSummary = { total: ranked.length, fail: 0, suppressed: 0, skipped: 0, byCheck: {} };
  const fixes = new Map<string, { edge: PathEdge; fromLabel: string; toLabel: string; paths: number }>();
  for (const path of ranked) {
    summary[path.status] += 1;
    if (path.status !== 'fail') continue;
    summary.byCheck[path.checkId] = (summary.byCheck[path.checkId] ?? 0) + 1;
    path.edges.forEach((edge, index) => {
      if (NOT_A_FIX.has(edge.kind)) return;
      const key = edgeKey(edge);
      const found = fixes.get(key);
      if (found) found.paths += 1;
      else fixes.set(key, { edge, fromLabel: path.nodes[index]?.label ?? edge.from, toLabel: path.nodes[index + 1]?.label ?? edge.to, paths: 1 });
    });
  }
  const listed = ranked.slice(0, MAX_LISTED_PATHS);
  if (ranked.length > listed.length) summary.notListed = ranked.length - listed.length;
  const best = [...fixes.values()].sort((a, b) => b.paths - a.paths || severityRank(a.edge.severity) - severityRank(b.edge.severity) || (edgeKey(a.edge) < edgeKey(b.edge) ? -1 : 1));
  return { summary, paths: listed, fixes: best.slice(0, MAX_FIXES) };
}
