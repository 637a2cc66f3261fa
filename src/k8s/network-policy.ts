import type { CheckContext } from '../core/check.js';
import type { KubeObject } from '../core/inventory.js';
import { ipBlockAdmits, ipBlockAdmitsIpv6, isEverywhereCidr, parseIpv4, parseIpv6 } from './cidr.js';
import { asRecord, list, num, record, records, str, strings, type KubeRaw } from './fields.js';
import { objectsByNamespace } from './namespaces.js';
import { compileLabelSelector, formatLabelSelector, selectorMatches, type LabelSelector } from './selectors.js';

/**
 * A read-only view of `networking.k8s.io/v1` NetworkPolicy with the API
 * server's defaulting applied:
 *
 * - `spec.podSelector` is a value, not a pointer, in the Go types: absent or
 *   null means `{}`, every pod of the namespace;
 * - without `policyTypes` a policy is an Ingress policy, and also an Egress
 *   policy when it has at least one egress rule;
 * - a rule without `from`/`to` (or with an empty list) admits every peer; a
 *   rule without `ports` admits every port.
 */

export interface PolicyPort {
  /** TCP when unset */
  readonly protocol: string;
  /** a number, a named port, or undefined for every port of the protocol */
  readonly port?: number | string;
  readonly endPort?: number;
}

export interface PolicyPeer {
  readonly index: number;
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except: readonly string[] };
}

export interface PolicyRule {
  /** position in `spec.ingress` or `spec.egress` */
  readonly index: number;
  /** 'all' when the rule names no peers */
  readonly peers: readonly PolicyPeer[] | 'all';
  /** 'all' when the rule names no ports */
  readonly ports: readonly PolicyPort[] | 'all';
}

export interface NetworkPolicyView {
  readonly object: KubeObject;
  readonly name: string;
  /** which pods of its namespace the policy applies to; selects nothing when the selector is invalid */
  readonly podSelector: LabelSelector;
  /** why the API server would reject the pod selector, when it would */
  readonly invalidSelector?: string;
  readonly selectsAllPods: boolean;
  readonly ingress: boolean;
  readonly egress: boolean;
  readonly ingressRules: readonly PolicyRule[];
  readonly egressRules: readonly PolicyRule[];
}

const SELECT_NONE: LabelSelector = { nothing: true, requirements: [] };

function compileOrNothing(raw: unknown): { selector: LabelSelector; invalid?: string } {
  const result = compileLabelSelector(raw);
  return result.ok ? { selector: result.selector } : { selector: SELECT_NONE, invalid: result.reason };
}

function parsePort(raw: KubeRaw): PolicyPort {
  const protocol = str(raw['protocol']) ?? 'TCP';
  const rawPort = raw['port'];
  const endPort = num(raw['endPort']);
  let port: number | string | undefined;
  if (typeof rawPort === 'number' && Number.isFinite(rawPort)) port = rawPort;
  // "80" is not a valid port name (names need a letter); read it as the number its author meant.
  else if (typeof rawPort === 'string') port = /^\d+$/.test(rawPort) ? Number(rawPort) : rawPort;
  return { protocol, ...(port !== undefined ? { port } : {}), ...(endPort !== undefined ? { endPort } : {}) };
}

function parsePeer(raw: KubeRaw, index: number): PolicyPeer {
  const ipBlock = asRecord(raw['ipBlock']);
  const cidr = ipBlock ? str(ipBlock['cidr']) : undefined;
  return {
    index,
    ...(raw['podSelector'] !== undefined && raw['podSelector'] !== null ? { podSelector: compileOrNothing(raw['podSelector']).selector } : {}),
    ...(raw['namespaceSelector'] !== undefined && raw['namespaceSelector'] !== null
      ? { namespaceSelector: compileOrNothing(raw['namespaceSelector']).selector }
      : {}),
    ...(cidr !== undefined ? { ipBlock: { cidr, except: strings(ipBlock!['except']) } } : {}),
  };
}

function parseRules(raw: unknown, peerField: 'from' | 'to'): PolicyRule[] {
  const out: PolicyRule[] = [];
  list(raw).forEach((item, index) => {
    const rule = asRecord(item);
    if (!rule) return;
    const peers = records(rule[peerField]);
    const ports = records(rule['ports']);
    out.push({
      index,
      peers: peers.length === 0 ? 'all' : peers.map(parsePeer),
      ports: ports.length === 0 ? 'all' : ports.map(parsePort),
    });
  });
  return out;
}

export function toNetworkPolicyView(object: KubeObject): NetworkPolicyView {
  const spec = record(object.raw['spec']);
  const rawSelector = spec['podSelector'] ?? {};
  const { selector, invalid } = compileOrNothing(rawSelector);
  const declaredTypes = strings(spec['policyTypes']);
  const egressRules = parseRules(spec['egress'], 'to');
  const types = declaredTypes.length > 0 ? declaredTypes : ['Ingress', ...(list(spec['egress']).length > 0 ? ['Egress'] : [])];
  return {
    object,
    name: object.name,
    podSelector: selector,
    ...(invalid ? { invalidSelector: invalid } : {}),
    selectsAllPods: !selector.nothing && selector.requirements.length === 0,
    ingress: types.includes('Ingress'),
    egress: types.includes('Egress'),
    ingressRules: parseRules(spec['ingress'], 'from'),
    egressRules,
  };
}

type Memo = Pick<CheckContext, 'memo' | 'inventory'>;

/** NetworkPolicies per namespace key (see namespace-scope.ts), parsed once per run. */
export function policiesByNamespace(ctx: Memo): ReadonlyMap<string, readonly NetworkPolicyView[]> {
  return ctx.memo('k8s:networkPolicies', () => {
    const out = new Map<string, NetworkPolicyView[]>();
    for (const [namespace, objects] of objectsByNamespace('NetworkPolicy', ctx)) {
      const views = objects.filter((object) => object.apiVersion.startsWith('networking.k8s.io/')).map(toNetworkPolicyView);
      if (views.length > 0) out.set(namespace, views);
    }
    return out;
  });
}

export function policiesIn(namespace: string, ctx: Memo): readonly NetworkPolicyView[] {
  return policiesByNamespace(ctx).get(namespace) ?? [];
}

/** The parsed view of one NetworkPolicy object, shared with the per-namespace lists. */
export function policyView(object: KubeObject, ctx: Memo): NetworkPolicyView {
  const views = ctx.memo('k8s:networkPolicyViews', () => {
    const out = new Map<KubeObject, NetworkPolicyView>();
    for (const list of policiesByNamespace(ctx).values()) for (const view of list) out.set(view.object, view);
    return out;
  });
  return views.get(object) ?? toNetworkPolicyView(object);
}

/**
 * Candidate policies of one namespace, indexed by what their pod selectors
 * require, so that finding the policies of one pod costs its labels and the
 * plausible candidates rather than every policy of the namespace:
 * - a selector with an `In` requirement (matchLabels are `In` with one value)
 *   is filed under each `key=value` it accepts;
 * - otherwise one with an `Exists` requirement is filed under the key;
 * - the rest (empty selectors, only NotIn/DoesNotExist) are always candidates.
 * Selectors that select nothing are left out. Candidates are then matched exactly.
 */
interface PolicyIndex {
  readonly byPair: Map<string, number[]>;
  readonly byKey: Map<string, number[]>;
  readonly always: number[];
  readonly policies: readonly NetworkPolicyView[];
}

function file(map: Map<string, number[]>, key: string, position: number): void {
  const bucket = map.get(key);
  if (bucket) bucket.push(position);
  else map.set(key, [position]);
}

function buildIndex(policies: readonly NetworkPolicyView[]): PolicyIndex {
  const index: PolicyIndex = { byPair: new Map(), byKey: new Map(), always: [], policies };
  policies.forEach((policy, position) => {
    if (policy.podSelector.nothing) return;
    const requirements = policy.podSelector.requirements;
    const inRequirement = requirements.find((r) => r.operator === 'In');
    if (inRequirement) {
      for (const value of new Set(inRequirement.values)) file(index.byPair, `${inRequirement.key}\u0000${value}`, position);
      return;
    }
    const exists = requirements.find((r) => r.operator === 'Exists');
    if (exists) file(index.byKey, exists.key, position);
    else index.always.push(position);
  });
  return index;
}

function indexOf(namespace: string, ctx: Memo): PolicyIndex {
  const indexes = ctx.memo('k8s:networkPolicyIndex', () => new Map<string, PolicyIndex>());
  let index = indexes.get(namespace);
  if (!index) {
    index = buildIndex(policiesIn(namespace, ctx));
    indexes.set(namespace, index);
  }
  return index;
}

/** A stable key per distinct label set, so results can be cached for pods that share labels. */
function labelSetKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.keys(labels).sort().map((key) => [key, labels[key]]));
}

/** The policies of a namespace that select pods with these labels, in declaration order; cached per (namespace, label set). */
export function policiesSelecting(namespace: string, labels: Readonly<Record<string, string>>, ctx: Memo): readonly NetworkPolicyView[] {
  const policies = policiesIn(namespace, ctx);
  if (policies.length === 0) return policies;
  const cache = ctx.memo('k8s:policiesSelecting', () => new Map<string, readonly NetworkPolicyView[]>());
  const key = `${namespace}\u0000${labelSetKey(labels)}`;
  let selected = cache.get(key);
  if (!selected) {
    const index = indexOf(namespace, ctx);
    const candidates = new Set<number>(index.always);
    for (const [labelKey, value] of Object.entries(labels)) {
      for (const position of index.byPair.get(`${labelKey}\u0000${value}`) ?? []) candidates.add(position);
      for (const position of index.byKey.get(labelKey) ?? []) candidates.add(position);
    }
    selected = [...candidates]
      .sort((a, b) => a - b)
      .map((position) => index.policies[position]!)
      .filter((policy) => selectorMatches(policy.podSelector, labels));
    cache.set(key, selected);
  }
  return selected;
}

/** Empty podSelector, Ingress among its types, no ingress rules: every pod of the namespace is isolated for ingress. */
export function isDefaultDenyIngress(policy: NetworkPolicyView): boolean {
  return policy.selectsAllPods && policy.ingress && policy.ingressRules.length === 0;
}

export function isDefaultDenyEgress(policy: NetworkPolicyView): boolean {
  return policy.selectsAllPods && policy.egress && policy.egressRules.length === 0;
}

export interface OpenIngress {
  readonly rule: number;
  /** `spec.ingress[0].from[1]` or `spec.ingress[0]` */
  readonly path: string;
  readonly why: string;
}

function describePorts(ports: PolicyRule['ports']): string {
  if (ports === 'all') return 'on every port';
  return `on ${ports.map((p) => (p.port === undefined ? `any ${p.protocol} port` : `${p.protocol}/${p.port}${p.endPort !== undefined ? `-${p.endPort}` : ''}`)).join(', ')}`;
}

/**
 * Ingress rules that admit every source: a rule without peers, a peer with no
 * selector and no ipBlock (`from: [{}]`, which the API server rejects, so only
 * manifests carry it), or an ipBlock of `0.0.0.0/0` / `::/0`.
 */
export function ingressFromEverywhere(policy: NetworkPolicyView): OpenIngress[] {
  if (!policy.ingress) return [];
  const out: OpenIngress[] = [];
  for (const rule of policy.ingressRules) {
    const ports = describePorts(rule.ports);
    if (rule.peers === 'all') {
      out.push({ rule: rule.index, path: `spec.ingress[${rule.index}]`, why: `ingress rule ${rule.index} names no source, so it admits every source ${ports}` });
      continue;
    }
    for (const peer of rule.peers) {
      const path = `spec.ingress[${rule.index}].from[${peer.index}]`;
      if (!peer.podSelector && !peer.namespaceSelector && !peer.ipBlock) {
        out.push({ rule: rule.index, path, why: `ingress rule ${rule.index} has an empty source ({}), which admits every source ${ports}` });
      } else if (peer.ipBlock && isEverywhereCidr(peer.ipBlock.cidr)) {
        const except = peer.ipBlock.except.length > 0 ? ` (except ${peer.ipBlock.except.join(', ')})` : '';
        out.push({ rule: rule.index, path: `${path}.ipBlock.cidr`, why: `ingress rule ${rule.index} admits ipBlock ${peer.ipBlock.cidr}${except} ${ports}` });
      }
    }
  }
  return out;
}

export const IMDS_ADDRESS = '169.254.169.254';
const IMDS = parseIpv4(IMDS_ADDRESS)!;
/** The metadata service on IPv6 (Nitro instances with the IPv6 endpoint enabled, as on IPv6 EKS clusters). */
export const IMDS_IPV6_ADDRESS = 'fd00:ec2::254';
const IMDS_IPV6 = parseIpv6(IMDS_IPV6_ADDRESS)!;
const IMDS_PORT = 80;

function portAdmitsImds(port: PolicyPort): boolean {
  if (port.protocol !== 'TCP') return false;
  if (port.port === undefined) return true;
  // A named port resolves against the destination pod's container ports; the metadata service is no pod.
  if (typeof port.port === 'string') return false;
  if (port.endPort !== undefined) return port.port <= IMDS_PORT && IMDS_PORT <= port.endPort;
  return port.port === IMDS_PORT;
}

/**
 * Why an egress rule lets pods reach the metadata service (169.254.169.254 or fd00:ec2::254,
 * 80/TCP; or only the address of one family), or undefined when it does not.
 */
export function egressRuleAdmitsImds(rule: PolicyRule, family?: 'v4' | 'v6'): string | undefined {
  if (rule.ports !== 'all' && !rule.ports.some(portAdmitsImds)) return undefined;
  if (rule.peers === 'all') return `egress rule ${rule.index} names no destination`;
  for (const peer of rule.peers) {
    // Pod and namespace selectors match pods; only an ipBlock can admit an address outside the cluster.
    if (!peer.ipBlock) continue;
    if (family !== 'v6' && ipBlockAdmits(peer.ipBlock, IMDS) === 'contains') return `egress rule ${rule.index} admits ipBlock ${peer.ipBlock.cidr}`;
    if (family !== 'v4' && ipBlockAdmitsIpv6(peer.ipBlock, IMDS_IPV6) === 'contains') return `egress rule ${rule.index} admits ipBlock ${peer.ipBlock.cidr}, which holds ${IMDS_IPV6_ADDRESS}`;
  }
  return undefined;
}

export function describePodSelector(policy: NetworkPolicyView): string {
  return policy.invalidSelector ? `invalid (${policy.invalidSelector})` : formatLabelSelector(policy.podSelector);
}
