/**
 * The run's attack graph and paths, built once (memoised on the run's context) from the inventory
 * and the findings of the other checks: the EKS-PATH-* checks read it through `ctx`.
 */
import type { CheckContext } from '../core/check.js';
import { buildAttackGraph } from './build.js';
import type { AttackGraph } from './model.js';
import { findPaths, type PathSearch } from './paths.js';

export interface AttackPaths extends PathSearch {
  readonly graph: AttackGraph;
}

export function attackPaths(ctx: Pick<CheckContext, 'memo' | 'inventory' | 'findings'>): AttackPaths {
  return ctx.memo('graph:attack-paths', () => {
    const graph = buildAttackGraph(ctx);
    return { graph, ...findPaths(graph) };
  });
}

export { buildAttackGraph } from './build.js';
export { findPaths, PATH_CHECKS, type FoundPath, type PathSearch } from './paths.js';
export type { AttackGraph, GraphEdge, GraphNode, JewelKind, EntryKind } from './model.js';
