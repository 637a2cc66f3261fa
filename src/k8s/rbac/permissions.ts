import { isDefaultSubject } from '../system-objects.js';
import type { BindingNode, EffectiveRule, RbacGraph, RoleNode } from './graph.js';
import { describeRule, ruleAllowsNonResource, ruleAllowsResource, type NameMatch, type ResourceRequest } from './rules.js';
import { describeSubject, type BindingSubject } from './subjects.js';

/**
 * A capability a check looks for: any one of its requests being allowed is enough.
 * `clusterScoped` resources (nodes, CSRs, webhook configurations) and
 * non-resource URLs are granted only by ClusterRoleBindings: a RoleBinding to
 * a ClusterRole grants its rules inside one namespace, where those do not exist.
 */
export interface Permission {
  /** unique per distinct permission: memoisation key */
  readonly id: string;
  readonly requests: readonly ResourceRequest[];
  readonly clusterScoped: boolean;
}

export interface PermissionMatch {
  readonly effective: EffectiveRule;
  readonly request: ResourceRequest;
}

/** Expands verbs × group × resources into requests. */
export function permission(options: {
  id: string;
  verbs: readonly string[];
  group: string;
  resources: readonly string[];
  names?: NameMatch;
  clusterScoped?: boolean;
}): Permission {
  const requests: ResourceRequest[] = [];
  for (const resource of options.resources) {
    for (const verb of options.verbs) requests.push({ verb, group: options.group, resource, names: options.names ?? 'all' });
  }
  return { id: options.id, requests, clusterScoped: options.clusterScoped ?? false };
}

/** The rule of the binding's role that allows the permission, if the binding can grant it at all. */
export function bindingGrants(graph: RbacGraph, binding: BindingNode, wanted: Permission): PermissionMatch | undefined {
  if (!binding.role) return undefined;
  if (wanted.clusterScoped && !binding.clusterWide) return undefined;
  return roleGrants(graph, binding.role, wanted);
}

/** Per role (a role node lives as long as its graph), the answer for each permission id. */
const MATCHES = new WeakMap<RoleNode, Map<string, PermissionMatch | null>>();

/** The first effective rule of the role that allows any of the permission's requests; computed once per role and permission. */
export function roleGrants(graph: RbacGraph, role: RoleNode, wanted: Permission): PermissionMatch | undefined {
  let answers = MATCHES.get(role);
  if (!answers) MATCHES.set(role, (answers = new Map()));
  const cached = answers.get(wanted.id);
  if (cached !== undefined) return cached ?? undefined;
  let found: PermissionMatch | null = null;
  for (const effective of graph.effectiveRules(role)) {
    const request = wanted.requests.find((candidate) => ruleAllowsResource(effective.rule, candidate));
    if (request) {
      found = { effective, request };
      break;
    }
  }
  answers.set(wanted.id, found);
  return found ?? undefined;
}

export function bindingGrantsNonResource(graph: RbacGraph, binding: BindingNode, verb: string, path: string): EffectiveRule | undefined {
  if (!binding.role || !binding.clusterWide) return undefined;
  return graph.findRule(binding.role, `url:${verb} ${path}`, (rule) => ruleAllowsNonResource(rule, verb, path));
}

/** Subjects of a binding that the built-in exception does not cover. */
export function reportableSubjects(binding: BindingNode): readonly BindingSubject[] {
  const builtIn = binding.builtIn;
  if (!builtIn) return binding.subjects;
  return binding.subjects.filter((subject) => !isDefaultSubject(builtIn, subject));
}

const ROLE_TEXT = new WeakMap<RoleNode, string>();
const BINDING_TEXT = new WeakMap<BindingNode, string>();

export function describeRole(role: RoleNode): string {
  let text = ROLE_TEXT.get(role);
  if (text === undefined) {
    const scope = role.namespace ? `${role.namespace}/` : '';
    ROLE_TEXT.set(role, (text = `${role.kind} ${scope}${role.name}${role.object ? '' : ' (Kubernetes default)'}`));
  }
  return text;
}

export function describeBinding(binding: BindingNode): string {
  let text = BINDING_TEXT.get(binding);
  if (text === undefined) {
    BINDING_TEXT.set(binding, (text = binding.namespace ? `${binding.kind} ${binding.namespace}/${binding.name}` : `${binding.kind} ${binding.name}`));
  }
  return text;
}

/** `rules[2]` of the role itself, or of the ClusterRole it aggregates. */
export function describeEffectiveRule(effective: EffectiveRule, via: RoleNode): string {
  const where = effective.role === via ? `rules[${effective.index}]` : `rules[${effective.index}] of ${describeRole(effective.role)} (aggregated)`;
  return `${where}: ${describeRule(effective.rule)}`;
}

/** `ClusterRoleBinding x → ClusterRole y rules[0]: verbs=* …` */
export function describeGrant(binding: BindingNode, effective: EffectiveRule): string {
  const role = binding.role!;
  return `${describeBinding(binding)} → ${describeRole(role)} ${describeEffectiveRule(effective, role)}`;
}

export function describeScope(binding: BindingNode): string {
  return binding.clusterWide ? 'cluster-wide' : `in namespace ${binding.namespace ?? '(not set: the one it is applied to)'}`;
}

export { describeSubject };
