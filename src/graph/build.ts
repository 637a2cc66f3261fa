import { clusterScope, FindingIndex, ids, type BuildState, type Ctx } from './context.js';
import { addIdentities } from './aws-identity.js';
import { addRbac } from './kube-rbac.js';
import { addExposure } from './kube-workloads.js';
import { AttackGraph } from './model.js';
import { addNodes } from './nodes.js';

/** Every ServiceAccount token is an authenticated identity: what `system:authenticated` may do, each of them may. */
function linkAuthenticated(state: BuildState): void {
  if (!state.graph.nodes.has(ids.authenticated) || state.graph.out(ids.authenticated).length === 0) return;
  for (const node of [...state.graph.nodes.values()]) {
    if (node.kind !== 'service-account') continue;
    state.graph.edge({ from: node.id, to: ids.authenticated, kind: 'maps-to', label: 'is', because: 'a ServiceAccount token is an authenticated identity (Group system:authenticated)', severity: 'info' });
  }
}

/** The attack graph of an inventory and the findings of its checks: built once per run. */
export function buildAttackGraph(ctx: Ctx): AttackGraph {
  const graph = new AttackGraph();
  const state: BuildState = {
    graph,
    findings: new FindingIndex(ctx.findings ?? []),
    ctx,
    scope: clusterScope(ctx),
    hasKube: ctx.inventory.kube.length > 0,
    hasAws: ctx.inventory.aws.length > 0,
  };
  graph.node({ id: ids.internet, kind: 'internet', label: 'the internet', entry: 'internet' });
  if (state.hasKube) {
    addExposure(state);
    addRbac(state);
    addNodes(state);
  }
  addIdentities(state);
  linkAuthenticated(state);
  return graph;
}
