import { isDefaultSubject } from '../system-objects.js';
import type { BindingNode, EffectiveRule, RbacGraph, RoleNode } from './graph.js';
import type { ResourceQuery } from './resource-names.js';
import { apiGroupMatches, resourceMatches, resourceNameMatches, ruleAllowsNonResource, verbMatches, type NameMatch, type PolicyRule } from './rules.js';
import type { BindingSubject } from './subjects.js';

export interface WhoCanQuery {
  readonly verb: string;
  /** a resource request, or a non-resource URL path such as `/metrics` */
  readonly target: { readonly kind: 'resource'; readonly query: ResourceQuery } | { readonly kind: 'url'; readonly path: string };
  /** only grants that hold in this namespace (ClusterRoleBindings, and RoleBindings of this namespace) */
  readonly namespace?: string;
  /** one object by name; without it, rules limited to some names are listed too, with their names */
  readonly name?: string;
}

export interface WhoCanRow {
  readonly subject: BindingSubject;
  /** undefined when cluster-wide */
  readonly namespace?: string;
  readonly binding: BindingNode;
  readonly role: RoleNode;
  readonly rule: EffectiveRule;
  /** the default subject of a built-in Kubernetes or EKS binding */
  readonly builtIn: boolean;
}

function ruleAllowsQuery(rule: PolicyRule, verb: string, query: ResourceQuery, names: NameMatch): boolean {
  if (!verbMatches(rule, verb)) return false;
  // a resource typed without a group that this tool does not know matches rules of every group
  if (query.group === undefined ? rule.apiGroups.length === 0 : !apiGroupMatches(rule, query.group)) return false;
  return resourceMatches(rule, query.resource) && resourceNameMatches(rule, { verb, resource: query.resource, names });
}

/**
 * `bind` on ClusterRoles is authorized in the namespace of the RoleBinding
 * being created, so RoleBindings grant it; everything else cluster-scoped
 * needs a ClusterRoleBinding.
 */
function onlyClusterBindings(query: WhoCanQuery): boolean {
  if (query.target.kind === 'url') return true;
  const { resource, group } = query.target.query;
  if (query.verb === 'bind' && resource === 'clusterroles' && group === 'rbac.authorization.k8s.io') return false;
  return query.target.query.clusterScoped;
}

function bindingApplies(binding: BindingNode, query: WhoCanQuery): boolean {
  if (binding.clusterWide) return true;
  if (onlyClusterBindings(query)) return false;
  return query.namespace === undefined || binding.namespace === query.namespace;
}

function matchingRule(graph: RbacGraph, role: RoleNode, query: WhoCanQuery): EffectiveRule | undefined {
  const target = query.target;
  if (target.kind === 'url') {
    return graph.findRule(role, `who-can:url:${query.verb}:${target.path}`, (rule) => ruleAllowsNonResource(rule, query.verb, target.path));
  }
  const names: NameMatch = query.name !== undefined ? { name: query.name } : 'any';
  const key = `who-can:${query.verb}:${target.query.group ?? '*'}:${target.query.resource}:${query.name ?? '*'}`;
  return graph.findRule(role, key, (rule) => ruleAllowsQuery(rule, query.verb, target.query, names));
}

const KIND_ORDER = { User: 0, Group: 1, ServiceAccount: 2 } as const;

function compareRows(a: WhoCanRow, b: WhoCanRow): number {
  const scope = (a.namespace ?? '') < (b.namespace ?? '') ? -1 : (a.namespace ?? '') > (b.namespace ?? '') ? 1 : 0;
  if (scope !== 0) return scope;
  const kind = KIND_ORDER[a.subject.kind] - KIND_ORDER[b.subject.kind];
  if (kind !== 0) return kind;
  const left = `${a.subject.namespace ?? ''}/${a.subject.name}/${a.binding.name}`;
  const right = `${b.subject.namespace ?? ''}/${b.subject.name}/${b.binding.name}`;
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Every subject that may perform the request, with the binding, role and rule
 * that allow it: cluster-wide grants first, then by namespace, subject kind
 * and name. Subjects are as bindings name them: membership of groups is not
 * known here (it lives in the identity provider, aws-auth or access entries).
 */
export function whoCan(graph: RbacGraph, query: WhoCanQuery): WhoCanRow[] {
  const rows: WhoCanRow[] = [];
  for (const binding of graph.bindings) {
    if (!binding.role || binding.subjects.length === 0 || !bindingApplies(binding, query)) continue;
    const rule = matchingRule(graph, binding.role, query);
    if (!rule) continue;
    for (const subject of binding.subjects) {
      rows.push({
        subject,
        ...(binding.namespace ? { namespace: binding.namespace } : {}),
        binding,
        role: binding.role,
        rule,
        builtIn: binding.builtIn !== undefined && isDefaultSubject(binding.builtIn, subject),
      });
    }
  }
  return rows.sort(compareRows);
}
