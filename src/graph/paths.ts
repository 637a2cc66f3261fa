/**
 * Attack paths: every simple path from an entry point to a crown jewel, found by a depth-first
 * walk that only follows edges into nodes from which a jewel can still be reached (computed once
 * backwards from the jewels), bounded in depth, in number and in steps. A path with a step whose
 * data was not collected is `skipped` and names that data. Each failing path gets the one edge
 * whose removal cuts the most failing paths of the run: the fix to make first.
 */
import { createHash } from 'node:crypto';
import { NOT_A_FIX, type PathCut } from '../core/attack-path.js';
import { severityRank, type Location, type ResourceRef, type Severity } from '../core/types.js';
import type { AttackGraph, EntryKind, GraphEdge, GraphNode, JewelKind } from './model.js';

export const PATH_CHECKS: Readonly<Record<JewelKind, string>> = {
  admin: 'EKS-PATH-001',
  escalation: 'EKS-PATH-001',
  secrets: 'EKS-PATH-002',
  data: 'EKS-PATH-003',
  'cluster-admin': 'EKS-PATH-004',
};

const JEWEL_SEVERITY: Readonly<Record<JewelKind, Severity>> = { admin: 'critical', escalation: 'critical', 'cluster-admin': 'critical', secrets: 'high', data: 'high' };

/** Longest path followed, in edges. */
export const MAX_DEPTH = 12;
/** Paths recorded at most (the rest are counted). */
export const MAX_PATHS = 5_000;
/** Paths recorded per entry point at most: one entry point with a huge fan-out cannot crowd out the others. */
const MAX_PER_ENTRY = 1_000;
/** Edges followed in total at most: a bound on the walk whatever the graph. */
const MAX_STEPS = 5_000_000;

export interface FoundPath {
  readonly id: string;
  readonly checkId: string;
  readonly status: 'fail' | 'skipped';
  readonly severity: Severity;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly entry: EntryKind;
  readonly jewel: JewelKind;
  readonly missing: readonly string[];
  readonly conditional: boolean;
  cut?: PathCut;
  /** the resource the finding is reported on: the first object of the path */
  readonly subject: { readonly ref: ResourceRef; readonly location?: Location };
}

export interface PathSearch {
  readonly paths: readonly FoundPath[];
  /** paths found beyond MAX_PATHS or an entry's share, not recorded */
  readonly notRecorded: number;
  /** the walk stopped at MAX_STEPS: some paths may be missing */
  readonly exhausted: boolean;
}

function lower(severity: Severity): Severity {
  const order: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
  return order[Math.min(order.indexOf(severity) + 1, order.length - 1)] ?? severity;
}

/** Nodes from which a terminal (a jewel, or data that was not collected) can be reached. */
function reachingTerminals(graph: AttackGraph): Set<string> {
  const incoming = new Map<string, string[]>();
  for (const node of graph.nodes.values()) {
    for (const edge of graph.out(node.id)) {
      const list = incoming.get(edge.to);
      if (list) list.push(edge.from);
      else incoming.set(edge.to, [edge.from]);
    }
  }
  const reach = new Set<string>();
  const queue: string[] = [];
  for (const node of graph.nodes.values()) {
    if (node.jewel) {
      reach.add(node.id);
      queue.push(node.id);
    }
  }
  while (queue.length > 0) {
    const id = queue.pop()!;
    for (const from of incoming.get(id) ?? []) {
      if (reach.has(from)) continue;
      reach.add(from);
      queue.push(from);
    }
  }
  return reach;
}

function subjectOf(nodes: readonly GraphNode[], edges: readonly GraphEdge[], id: string): FoundPath['subject'] {
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index]!;
    if (node.resource && node.kind !== 'capability' && node.kind !== 'cluster-admin') return { ref: node.resource, ...(node.location ? { location: node.location } : {}) };
    const edge = edges[index];
    if (edge?.resource) return { ref: edge.resource, ...(edge.location ? { location: edge.location } : {}) };
  }
  return { ref: { apiVersion: 'eksguard.io/v1', kind: 'AttackPath', name: id } };
}

function pathId(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): string {
  const hash = createHash('sha256');
  nodes.forEach((node, index) => hash.update(`${node.id}\u0000${edges[index]?.kind ?? ''}\u0000`));
  return hash.digest('hex').slice(0, 16);
}

function toPath(entry: GraphNode, nodes: GraphNode[], edges: GraphEdge[]): FoundPath {
  const terminal = nodes[nodes.length - 1]!;
  const jewel = terminal.jewel!;
  const missing = [...new Set([...(entry.missing ? [entry.missing] : []), ...edges.flatMap((edge) => (edge.missing ? [edge.missing] : [])), ...(terminal.missing ? [terminal.missing] : [])])];
  const conditional = edges.some((edge) => edge.conditional !== undefined);
  let severity = JEWEL_SEVERITY[jewel];
  if (entry.entry === 'developers') severity = lower(severity);
  if (conditional) severity = lower(severity);
  const id = pathId(nodes, edges);
  return {
    id,
    checkId: PATH_CHECKS[jewel],
    status: missing.length > 0 ? 'skipped' : 'fail',
    severity,
    nodes: [...nodes],
    edges: [...edges],
    entry: entry.entry ?? 'unknown',
    jewel,
    missing,
    conditional,
    subject: subjectOf(nodes, edges, id),
  };
}

/** A developer already bound to cluster-admin has nowhere to go: K8S-RBAC-001 reports the binding itself. */
function isAlreadyAdmin(graph: AttackGraph, entry: GraphNode): boolean {
  return entry.entry === 'developers' && graph.out(entry.id).some((edge) => graph.nodes.get(edge.to)?.jewel === 'cluster-admin');
}

/** Every path from every entry point to every crown jewel, within the bounds. */
export function findPaths(graph: AttackGraph): PathSearch {
  const reach = reachingTerminals(graph);
  const paths: FoundPath[] = [];
  let notRecorded = 0;
  let steps = 0;
  const entries = graph.entries().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const entry of entries) {
    if (!reach.has(entry.id) || isAlreadyAdmin(graph, entry)) continue;
    let recorded = 0;
    const nodes: GraphNode[] = [entry];
    const edges: GraphEdge[] = [];
    const onPath = new Set<string>([entry.id]);
    const walk = (node: GraphNode): void => {
      for (const edge of graph.out(node.id)) {
        if (++steps > MAX_STEPS) return;
        if (onPath.has(edge.to) || !reach.has(edge.to)) continue;
        const next = graph.nodes.get(edge.to)!;
        nodes.push(next);
        edges.push(edge);
        if (next.jewel) {
          // nothing definite when both ends are unknown: that is no path, only missing data
          if (!(entry.entry === 'unknown' && next.missing)) {
            if (recorded < MAX_PER_ENTRY && paths.length < MAX_PATHS) {
              paths.push(toPath(entry, nodes, edges));
              recorded += 1;
            } else notRecorded += 1;
          }
        } else if (edges.length < MAX_DEPTH) {
          onPath.add(next.id);
          walk(next);
          onPath.delete(next.id);
        }
        nodes.pop();
        edges.pop();
      }
    };
    walk(entry);
  }
  assignCuts(paths);
  return { paths, notRecorded, exhausted: steps > MAX_STEPS };
}

function edgeKey(edge: GraphEdge): string {
  return `${edge.from}\u0000${edge.kind}\u0000${edge.to}`;
}

/** For each failing path, its edge that lies on the most failing paths (a fixable kind first, then the more severe, then the nearer the jewel). */
function assignCuts(paths: FoundPath[]): void {
  const counts = new Map<string, number>();
  for (const path of paths) {
    if (path.status !== 'fail') continue;
    for (const edge of path.edges) counts.set(edgeKey(edge), (counts.get(edgeKey(edge)) ?? 0) + 1);
  }
  for (const path of paths) {
    if (path.status !== 'fail') continue;
    let best = -1;
    let bestScore: [number, number, number, number] | undefined;
    path.edges.forEach((edge, index) => {
      const score: [number, number, number, number] = [NOT_A_FIX.has(edge.kind) ? 0 : 1, counts.get(edgeKey(edge)) ?? 0, -severityRank(edge.severity), index];
      if (!bestScore || compare(score, bestScore) > 0) {
        best = index;
        bestScore = score;
      }
    });
    if (best >= 0) path.cut = { edge: best, paths: bestScore![1] };
  }
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return a[index]! - b[index]!;
  return 0;
}
