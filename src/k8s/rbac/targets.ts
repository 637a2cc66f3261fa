import type { CheckContext, Subject, Target } from '../../core/check.js';
import type { Inventory } from '../../core/inventory.js';
import { kubeSubject, objectsOf } from '../targets.js';
import { buildRbacGraph, type BindingNode, type RbacGraph, type RoleNode } from './graph.js';

const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'] as const;

type MemoContext = Pick<CheckContext, 'memo'> & { inventory: Pick<Inventory, 'kube'> };

/** The run's RBAC graph: built once, from the kind index, and shared by every RBAC check. */
export function rbacGraph(ctx: MemoContext): RbacGraph {
  return ctx.memo('rbac:graph', () => buildRbacGraph(RBAC_KINDS.flatMap((kind) => objectsOf(kind, ctx))));
}

/** Every RoleBinding and ClusterRoleBinding, resolved to its role. */
export const rbacBindings: Target<BindingNode> = {
  id: 'rbac:bindings',
  select(_inventory, ctx) {
    return rbacGraph(ctx).bindings.map((binding): Subject<BindingNode> => kubeSubject(binding.object, binding));
  },
};

/** Every Role and ClusterRole of the inventory (Kubernetes defaults standing in for absent ones are not judged). */
export const rbacRoles: Target<RoleNode> = {
  id: 'rbac:roles',
  select(_inventory, ctx) {
    return rbacGraph(ctx)
      .roles.filter((role) => role.object !== undefined)
      .map((role): Subject<RoleNode> => kubeSubject(role.object!, role));
  },
};
