import { isBuiltinKindLookalike } from '../api-groups.js';
import { toKubeObject, type KubeObject } from '../../core/inventory.js';
import { asRecord, record, str, stringMap } from '../fields.js';
import { scopedNamespace } from '../namespace-scope.js';
import { compileLabelSelector, requiredLabelPairs, selectorMatches, type LabelSelector } from '../selectors.js';
import { builtInBinding, builtInRoleOrigin, type BuiltInBinding, type BuiltInOrigin } from '../system-objects.js';
import { builtInClusterRoles } from './builtin-roles.js';
import { readRules, ruleKey, type PolicyRule } from './rules.js';
import { readSubjects, type BindingSubject } from './subjects.js';

export type RoleKind = 'Role' | 'ClusterRole';
export type BindingKind = 'RoleBinding' | 'ClusterRoleBinding';

export interface RoleNode {
  readonly kind: RoleKind;
  readonly name: string;
  readonly namespace?: string;
  /** Roles: the key of their namespace (see namespace-scope.ts), which RoleBindings are joined on */
  readonly scope?: string;
  /** the inventory object; undefined for a Kubernetes default standing in for one a manifest scan cannot see */
  readonly object?: KubeObject;
  readonly labels: Readonly<Record<string, string>>;
  /** the object's own `rules[]` */
  readonly rules: readonly PolicyRule[];
  /** ClusterRoles with an `aggregationRule`: its compiled selectors, or the reason they are invalid */
  readonly aggregation?: { readonly selectors: readonly LabelSelector[] } | { readonly invalid: string };
  /** set when Kubernetes or EKS creates a role of this exact kind and name */
  readonly builtIn?: BuiltInOrigin;
}

/** One rule a role grants, with the role and index it is written at (an aggregated role's rules live in its sources). */
export interface EffectiveRule {
  readonly rule: PolicyRule;
  readonly role: RoleNode;
  readonly index: number;
}

export interface BindingNode {
  readonly kind: BindingKind;
  readonly name: string;
  readonly namespace?: string;
  /** RoleBindings: the key of their namespace (see namespace-scope.ts); their Role and ServiceAccount subjects are looked up in it */
  readonly scope?: string;
  readonly object: KubeObject;
  readonly subjects: readonly BindingSubject[];
  readonly roleRef?: { readonly kind: string; readonly name: string };
  /** the role the binding grants, when it exists (in the inventory or as a Kubernetes default) */
  readonly role?: RoleNode;
  /** ClusterRoleBindings grant everywhere; RoleBindings only inside their namespace */
  readonly clusterWide: boolean;
  readonly builtIn?: BuiltInBinding;
}

export interface RbacGraph {
  /** roles and bindings from the inventory, in inventory order */
  readonly roles: readonly RoleNode[];
  readonly bindings: readonly BindingNode[];
  roleOf(object: KubeObject): RoleNode | undefined;
  bindingOf(object: KubeObject): BindingNode | undefined;
  clusterRole(name: string): RoleNode | undefined;
  /** every rule the role grants, aggregated ClusterRoles resolved (computed once per role) */
  effectiveRules(role: RoleNode): readonly EffectiveRule[];
  /** the first effective rule of the role that satisfies `test`, memoised per role and `key` */
  findRule(role: RoleNode, key: string, test: (rule: PolicyRule) => boolean): EffectiveRule | undefined;
  /** the ClusterRoles an aggregated ClusterRole selects (itself excluded), sorted by name */
  aggregationSources(role: RoleNode): readonly RoleNode[];
}

export interface RbacGraphOptions {
  /**
   * Use Kubernetes' default ClusterRoles (cluster-admin, admin, edit, view …) for names the
   * inventory lacks. Defaults to true unless a ClusterRole came from a live cluster, whose
   * objects are then complete and authoritative.
   */
  builtInStandIns?: boolean;
}

const MAX_AGGREGATION_DEPTH = 32;

function toRoleNode(object: KubeObject): RoleNode | undefined {
  if ((object.kind !== 'Role' && object.kind !== 'ClusterRole') || isBuiltinKindLookalike(object)) return undefined;
  const metadata = record(object.raw['metadata']);
  const kind: RoleKind = object.kind;
  const namespace = kind === 'Role' ? object.namespace : undefined;
  const builtIn = builtInRoleOrigin(kind, object.name, namespace);
  return {
    kind,
    name: object.name,
    ...(namespace ? { namespace } : {}),
    ...(kind === 'Role' ? { scope: scopedNamespace(namespace, object.provenance) } : {}),
    object,
    labels: stringMap(metadata['labels']),
    rules: readRules(object.raw['rules']),
    ...(kind === 'ClusterRole' ? aggregationOf(object.raw['aggregationRule']) : {}),
    ...(builtIn ? { builtIn } : {}),
  };
}

function aggregationOf(value: unknown): Pick<RoleNode, 'aggregation'> {
  const rule = asRecord(value);
  if (!rule) return {};
  const raw = rule['clusterRoleSelectors'];
  if (!Array.isArray(raw)) return { aggregation: { selectors: [] } };
  const selectors: LabelSelector[] = [];
  for (const item of raw) {
    const compiled = compileLabelSelector(item);
    if (!compiled.ok) return { aggregation: { invalid: compiled.reason } };
    selectors.push(compiled.selector);
  }
  return { aggregation: { selectors } };
}

function toBindingNode(object: KubeObject, roles: Map<string, RoleNode>, clusterRoles: Map<string, RoleNode>): BindingNode | undefined {
  if ((object.kind !== 'RoleBinding' && object.kind !== 'ClusterRoleBinding') || isBuiltinKindLookalike(object)) return undefined;
  const kind: BindingKind = object.kind;
  const clusterWide = kind === 'ClusterRoleBinding';
  const namespace = clusterWide ? undefined : object.namespace;
  const scope = clusterWide ? undefined : scopedNamespace(namespace, object.provenance);
  const ref = asRecord(object.raw['roleRef']);
  const refKind = str(ref?.['kind']);
  const refName = str(ref?.['name']);
  let role: RoleNode | undefined;
  if (refName && refKind === 'ClusterRole') role = clusterRoles.get(refName);
  // a ClusterRoleBinding cannot reference a Role (the API server rejects it), and a Role exists only in the binding's namespace
  else if (refName && refKind === 'Role' && scope !== undefined) role = roles.get(`${scope}/${refName}`);
  const builtIn = builtInBinding(kind, object.name, namespace);
  return {
    kind,
    name: object.name,
    ...(namespace ? { namespace } : {}),
    ...(scope !== undefined ? { scope } : {}),
    object,
    subjects: readSubjects(object.raw['subjects'], { namespace, scope: (name) => scopedNamespace(name, object.provenance), clusterWide }),
    ...(refKind && refName ? { roleRef: { kind: refKind, name: refName } } : {}),
    ...(role ? { role } : {}),
    clusterWide,
    ...(builtIn ? { builtIn } : {}),
  };
}

function standInNodes(): RoleNode[] {
  return builtInClusterRoles()
    .map((raw) => toKubeObject(raw, { source: 'manifest' }))
    .filter((object): object is KubeObject => object !== undefined)
    .map((object) => {
      const node = toRoleNode(object)!;
      // stand-ins are not inventory objects: nothing to report on or locate
      const { object: _unused, ...rest } = node;
      return rest;
    });
}

/** Builds the RBAC graph of an inventory's Roles, ClusterRoles and bindings: linear in the objects, aggregation resolved lazily. */
export function buildRbacGraph(objects: readonly KubeObject[], options: RbacGraphOptions = {}): RbacGraph {
  const roles: RoleNode[] = [];
  const roleByObject = new Map<KubeObject, RoleNode>();
  const namespacedRoles = new Map<string, RoleNode>();
  const clusterRoles = new Map<string, RoleNode>();
  let liveClusterRoles = false;
  for (const object of objects) {
    const node = toRoleNode(object);
    if (!node) continue;
    roles.push(node);
    roleByObject.set(object, node);
    if (node.kind === 'ClusterRole') {
      if (object.provenance.source === 'cluster') liveClusterRoles = true;
      if (!clusterRoles.has(node.name)) clusterRoles.set(node.name, node);
    } else if (node.scope !== undefined) {
      const key = `${node.scope}/${node.name}`;
      if (!namespacedRoles.has(key)) namespacedRoles.set(key, node);
    }
  }
  if (options.builtInStandIns ?? !liveClusterRoles) {
    for (const node of standInNodes()) if (!clusterRoles.has(node.name)) clusterRoles.set(node.name, node);
  }

  const bindings: BindingNode[] = [];
  const bindingByObject = new Map<KubeObject, BindingNode>();
  for (const object of objects) {
    const node = toBindingNode(object, namespacedRoles, clusterRoles);
    if (!node) continue;
    bindings.push(node);
    bindingByObject.set(object, node);
  }

  const aggregation = createAggregation([...clusterRoles.values()]);
  const findCache = new Map<RoleNode, Map<string, EffectiveRule | null>>();

  return {
    roles,
    bindings,
    roleOf: (object) => roleByObject.get(object),
    bindingOf: (object) => bindingByObject.get(object),
    clusterRole: (name) => clusterRoles.get(name),
    effectiveRules: (role) => aggregation.effectiveRules(role),
    aggregationSources: (role) => aggregation.sources(role),
    findRule(role, key, test) {
      let cache = findCache.get(role);
      if (!cache) findCache.set(role, (cache = new Map()));
      const cached = cache.get(key);
      if (cached !== undefined) return cached ?? undefined;
      const found = aggregation.effectiveRules(role).find((effective) => test(effective.rule)) ?? null;
      cache.set(key, found);
      return found ?? undefined;
    },
  };
}

/**
 * ClusterRole aggregation as the clusterrole-aggregation controller does it:
 * the rules of an aggregated ClusterRole are the de-duplicated union of the
 * rules of every other ClusterRole that any of its selectors matches, in name
 * order. Sources that aggregate themselves are resolved first (a manifest
 * holds them unresolved). The role's own rules are kept after the union: in a
 * live cluster they are the controller's last result and so already in it; in
 * a manifest they are what the author wrote. An invalid selector stops the
 * controller, which then leaves the role's rules as they are.
 */
function createAggregation(clusterRoles: readonly RoleNode[]) {
  const resolved = new Map<RoleNode, EffectiveRule[]>();
  const sourceCache = new Map<RoleNode, RoleNode[]>();
  const resolving = new Set<RoleNode>();
  let byLabel: Map<string, RoleNode[]> | undefined;

  function labelIndex(): Map<string, RoleNode[]> {
    if (byLabel) return byLabel;
    byLabel = new Map();
    for (const role of clusterRoles) {
      for (const [label, value] of Object.entries(role.labels)) {
        const key = `${label}=${value}`;
        const bucket = byLabel.get(key);
        if (bucket) bucket.push(role);
        else byLabel.set(key, [role]);
      }
    }
    return byLabel;
  }

  function candidates(selector: LabelSelector): readonly RoleNode[] {
    let smallest: readonly RoleNode[] | undefined;
    for (const [label, value] of requiredLabelPairs(selector)) {
      const bucket = labelIndex().get(`${label}=${value}`) ?? [];
      if (!smallest || bucket.length < smallest.length) smallest = bucket;
    }
    return smallest ?? clusterRoles;
  }

  function sources(role: RoleNode): RoleNode[] {
    const cached = sourceCache.get(role);
    if (cached) return cached;
    const found = new Set<RoleNode>();
    if (role.aggregation && 'selectors' in role.aggregation) {
      for (const selector of role.aggregation.selectors) {
        for (const candidate of candidates(selector)) {
          if (candidate !== role && candidate.name !== role.name && selectorMatches(selector, candidate.labels)) found.add(candidate);
        }
      }
    }
    const sorted = [...found].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    sourceCache.set(role, sorted);
    return sorted;
  }

  function own(role: RoleNode): EffectiveRule[] {
    return role.rules.map((rule, index) => ({ rule, role, index }));
  }

  function effectiveRules(role: RoleNode, depth = 0): EffectiveRule[] {
    const cached = resolved.get(role);
    if (cached) return cached;
    if (!role.aggregation || !('selectors' in role.aggregation) || depth > MAX_AGGREGATION_DEPTH || resolving.has(role)) {
      const rules = own(role);
      if (!resolving.has(role)) resolved.set(role, rules);
      return rules;
    }
    resolving.add(role);
    const seen = new Set<string>();
    const out: EffectiveRule[] = [];
    const add = (effective: EffectiveRule): void => {
      const key = ruleKey(effective.rule);
      if (seen.has(key)) return;
      seen.add(key);
      out.push(effective);
    };
    for (const source of sources(role)) for (const effective of effectiveRules(source, depth + 1)) add(effective);
    for (const effective of own(role)) add(effective);
    resolving.delete(role);
    resolved.set(role, out);
    return out;
  }

  return { effectiveRules: (role: RoleNode) => effectiveRules(role), sources: (role: RoleNode) => sources(role) };
}
