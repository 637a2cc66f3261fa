/**
 * The typed attack graph: nodes for entry points (the internet, any authenticated user, a
 * namespace's developers), the Kubernetes and AWS objects between them, and the crown jewels
 * (AWS admin, account-wide secrets and data, cluster-admin); edges that each cite the finding
 * or fact behind them. Built once per run (./build.ts) and read by the EKS-PATH-* checks.
 */
import type { PathEdge, PathEdgeKind, PathNode, PathNodeKind } from '../core/attack-path.js';
import type { Location, ResourceRef, Severity } from '../core/types.js';

/** Where an attacker starts. `unknown`: the half of the data that would say who starts here was not collected. */
export type EntryKind = 'internet' | 'authenticated' | 'developers' | 'unknown';

/** What an attacker wants; `escalation` counts as admin (it becomes admin in one step). */
export type JewelKind = 'admin' | 'escalation' | 'secrets' | 'data' | 'cluster-admin';

export interface GraphNode extends PathNode {
  readonly entry?: EntryKind;
  readonly jewel?: JewelKind;
  /** a node that stands for data that was not collected: paths ending here are skipped */
  readonly missing?: string;
}

export type GraphEdge = PathEdge;

export interface NodeSpec {
  id: string;
  kind: PathNodeKind;
  label: string;
  resource?: ResourceRef;
  location?: Location;
  entry?: EntryKind;
  jewel?: JewelKind;
  missing?: string;
}

export interface EdgeSpec {
  from: string;
  to: string;
  kind: PathEdgeKind;
  label: string;
  because: string;
  severity: Severity;
  checkId?: string;
  resource?: ResourceRef;
  location?: Location;
  conditional?: string;
  missing?: string;
}

/** Edges kept per node at most: a bound on what one hostile object (a selector matching everything) can add. */
const MAX_EDGES_PER_NODE = 20_000;

export class AttackGraph {
  readonly nodes = new Map<string, GraphNode>();
  private readonly outgoing = new Map<string, GraphEdge[]>();
  private readonly keys = new Set<string>();
  edgeCount = 0;

  /** Adds a node, or returns the one with that id. */
  node(spec: NodeSpec): GraphNode {
    const found = this.nodes.get(spec.id);
    if (found) return found;
    const node: GraphNode = {
      id: spec.id,
      kind: spec.kind,
      label: spec.label,
      ...(spec.resource ? { resource: spec.resource } : {}),
      ...(spec.location ? { location: spec.location } : {}),
      ...(spec.entry ? { entry: spec.entry } : {}),
      ...(spec.jewel ? { jewel: spec.jewel } : {}),
      ...(spec.missing ? { missing: spec.missing } : {}),
    };
    this.nodes.set(node.id, node);
    return node;
  }

  /** Adds an edge between two nodes already added; one edge per (from, kind, to): the first fact wins. */
  edge(spec: EdgeSpec): void {
    if (spec.from === spec.to || !this.nodes.has(spec.from) || !this.nodes.has(spec.to)) return;
    const key = `${spec.from}\u0000${spec.kind}\u0000${spec.to}`;
    if (this.keys.has(key)) return;
    const list = this.outgoing.get(spec.from) ?? [];
    if (list.length >= MAX_EDGES_PER_NODE) return;
    this.keys.add(key);
    const edge: GraphEdge = {
      from: spec.from,
      to: spec.to,
      kind: spec.kind,
      label: spec.label,
      because: spec.because,
      severity: spec.severity,
      ...(spec.checkId ? { checkId: spec.checkId } : {}),
      ...(spec.resource ? { resource: spec.resource } : {}),
      ...(spec.location ? { location: spec.location } : {}),
      ...(spec.conditional ? { conditional: spec.conditional } : {}),
      ...(spec.missing ? { missing: spec.missing } : {}),
    };
    list.push(edge);
    this.outgoing.set(spec.from, list);
    this.edgeCount += 1;
  }

  out(id: string): readonly GraphEdge[] {
    return this.outgoing.get(id) ?? [];
  }

  entries(): GraphNode[] {
    return [...this.nodes.values()].filter((node) => node.entry !== undefined);
  }
}
