import type { CheckContext } from '../../core/check.js';
import type { RoleModel } from '../models.js';
import { awsView } from '../view.js';
import { classifyRole, type RoleCapabilities } from './capabilities.js';
import { managedPolicies, rolePolicySet } from './role-policies.js';

/** What a role may do, evaluated once per run for every check and the attack graph, in the regions of the collected clusters. */
export function roleCapabilitiesOf(ctx: Pick<CheckContext, 'memo' | 'inventory'>, role: RoleModel): RoleCapabilities {
  const cache = ctx.memo('aws:role-capabilities', () => new Map<string, RoleCapabilities>());
  let found = cache.get(role.arn);
  if (!found) {
    const regions = ctx.memo('aws:cluster-regions', () => [...new Set(awsView(ctx).clusters.map((cluster) => cluster.region))].sort());
    found = classifyRole(role, rolePolicySet(role, managedPolicies(ctx)), { regions });
    cache.set(role.arn, found);
  }
  return found;
}
