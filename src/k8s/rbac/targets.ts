import type { CheckContext, Subject, Target } from '../../core/check.js';
import type { Inventory } from '../../core/inventory.js';
import { str } from '../fields.js';
import { kubeSubject, objectsOf, workloads } from '../targets.js';
import { buildRbacGraph, type BindingNode, type RbacGraph, type RoleNode } from './graph.js';

const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'] as const;

type MemoContext = Pick<CheckContext, 'memo'> & { inventory: Pick<Inventory, 'kube'> };

/** The run's RBAC graph: built once, from the kind index, and shared by every RBAC check. */
export function rbacGraph(ctx: MemoContext): RbacGraph {
  return ctx.memo('rbac:graph', () => buildRbacGraph(RBAC_KINDS.flatMap((kind) => objectsOf(kind, ctx))));
}

/** The ServiceAccounts (namespace key and name) that AWS-managed add-on workloads run as, with the reason. */
function managedAccounts(ctx: CheckContext): ReadonlyMap<string, string> {
  return ctx.memo('rbac:managed-accounts', () => {
    const out = new Map<string, string>();
    for (const subject of workloads.select(ctx.inventory, ctx)) {
      if (subject.managedBy === undefined) continue;
      const spec = subject.value.spec;
      const account = str(spec['serviceAccountName']) || str(spec['serviceAccount']) || 'default';
      out.set(`${subject.value.namespaceKey}/${account}`, subject.managedBy);
    }
    return out;
  });
}

/**
 * A binding is managed by whoever manages every workload it grants to: the RBAC of an AWS add-on
 * binds only the ServiceAccounts its workloads run as. One subject of anyone else's makes it the
 * customer's.
 */
function managedBinding(binding: BindingNode, ctx: CheckContext): string | undefined {
  if (binding.subjects.length === 0) return undefined;
  const accounts = managedAccounts(ctx);
  let reason: string | undefined;
  for (const subject of binding.subjects) {
    if (subject.kind !== 'ServiceAccount') return undefined;
    reason = accounts.get(`${subject.scope ?? subject.namespace ?? ''}/${subject.name}`);
    if (reason === undefined) return undefined;
  }
  return reason;
}

/** Every RoleBinding and ClusterRoleBinding, resolved to its role. */
export const rbacBindings: Target<BindingNode> = {
  id: 'rbac:bindings',
  kinds: ['RoleBinding', 'ClusterRoleBinding'],
  select(_inventory, ctx) {
    return ctx.memo('subjects:rbac-bindings', () =>
      rbacGraph(ctx).bindings.map((binding): Subject<BindingNode> => {
        const subject = kubeSubject(binding.object, binding);
        const managedBy = managedBinding(binding, ctx);
        return managedBy === undefined ? subject : { ...subject, managedBy };
      }),
    );
  },
};

/** Every Role and ClusterRole of the inventory (Kubernetes defaults standing in for absent ones are not judged). */
export const rbacRoles: Target<RoleNode> = {
  id: 'rbac:roles',
  kinds: ['Role', 'ClusterRole'],
  select(_inventory, ctx) {
    return rbacGraph(ctx)
      .roles.filter((role) => role.object !== undefined)
      .map((role): Subject<RoleNode> => kubeSubject(role.object!, role));
  },
};
