import { childPath, fieldPath, type FieldPath } from '../../core/field-path.js';
import type { KubeObject } from '../../core/inventory.js';
import { asRecord, list, num, record, str, strings, type KubeRaw } from '../fields.js';
import { anyImds, bothImds, cidrHoldsImds, IMDS_PORT, isEverywhere, sameImds } from './addresses.js';
import { evaluateCalicoSelector, parseCalicoSelector, type CalicoSelector } from './calico-selector.js';
import { addUnread, NO_IMDS, type EngineKind, type EnginePolicy, type EngineRule, type ImdsMatch, type RuleAction } from './model.js';
import { and, known, not, or, type LabelLookup, type PodFacts, type Truth } from './truth.js';

/**
 * Calico's projectcalico.org/v3 NetworkPolicy (namespaced) and GlobalNetworkPolicy, also as
 * stored in the crd.projectcalico.org/v1 CRDs (the same spec), read as Calico applies them
 * (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy,
 * .../globalnetworkpolicy):
 *
 * - `selector` (default `all()`) picks the pods, a NetworkPolicy only in its namespace; a
 *   GlobalNetworkPolicy's `namespaceSelector` narrows it to namespaces by their labels (and
 *   `projectcalico.org/name`); `serviceAccountSelector` to pods of matching ServiceAccounts;
 * - `types` defaults to Ingress, plus Egress when there are egress rules, or Egress alone when
 *   there are only egress rules;
 * - policies are applied by `order` (lower first, none last); the first rule that matches
 *   decides (Allow, Deny, Pass to the next tier; Log goes on); a pod a policy of the tier
 *   selects, that no rule matched, is denied at the end of the tier. Kubernetes NetworkPolicies
 *   are policies of the default tier with order 1000.
 *
 * Only the default tier is judged: the end of another tier may pass traffic on (its Tier
 * object decides), so a policy in another tier isolates nothing for certain. Pods carry
 * `projectcalico.org/namespace`, `projectcalico.org/serviceaccount`,
 * `projectcalico.org/orchestrator` and their namespace's labels as `pcns.<key>`.
 */

const API_VERSIONS = new Set(['projectcalico.org/v3', 'crd.projectcalico.org/v1']);
const SPEC_FIELDS = new Set(['order', 'tier', 'selector', 'namespaceSelector', 'serviceAccountSelector', 'types', 'ingress', 'egress', 'performanceHints']);
const RULE_FIELDS = new Set(['action', 'protocol', 'notProtocol', 'ipVersion', 'source', 'destination', 'metadata', 'icmp', 'notICMP']);
const ENTITY_FIELDS = new Set(['nets', 'notNets', 'selector', 'notSelector', 'namespaceSelector', 'serviceAccounts', 'services', 'ports', 'notPorts']);
/** Kubernetes NetworkPolicies sit at this order in Calico's default tier. */
export const KUBERNETES_POLICY_ORDER = 1000;

export function isCalicoPolicy(object: KubeObject): boolean {
  return API_VERSIONS.has(object.apiVersion) && (object.kind === 'NetworkPolicy' || object.kind === 'GlobalNetworkPolicy');
}

function podLookup(facts: PodFacts): LabelLookup {
  return (key) => {
    if (key === 'projectcalico.org/namespace') return facts.namespaceName;
    if (key === 'projectcalico.org/orchestrator') return 'k8s';
    if (key === 'projectcalico.org/serviceaccount') return facts.serviceAccount;
    if (key === 'pcns.projectcalico.org/name') return facts.namespaceName;
    if (key.startsWith('pcns.')) return known(facts.namespaceLabels, key.slice('pcns.'.length));
    if (key === 'pcsa.projectcalico.org/name') return facts.serviceAccount;
    // the ServiceAccount's labels and Calico's other identity labels are not in the input
    if (key.startsWith('pcsa.') || key.startsWith('projectcalico.org/')) return undefined;
    return facts.podLabels === undefined ? undefined : known(facts.podLabels, key);
  };
}

function namespaceLookup(facts: PodFacts): LabelLookup {
  return (key) => (key === 'projectcalico.org/name' ? facts.namespaceName : known(facts.namespaceLabels, key));
}

function serviceAccountLookup(facts: PodFacts): LabelLookup {
  return (key) => (key === 'projectcalico.org/name' ? facts.serviceAccount : undefined);
}

function parseAction(raw: unknown): RuleAction {
  return raw === 'Allow' || raw === 'Deny' || raw === 'Pass' || raw === 'Log' ? raw : 'unknown';
}

/** Whether a port list entry (80, "80", "79:81", a named port) holds port 80. */
function portHolds(entry: unknown): Truth {
  if (typeof entry === 'number') return entry === IMDS_PORT;
  const text = str(entry)?.trim();
  if (text === undefined) return undefined;
  const range = /^(\d+)(?::(\d+))?$/.exec(text);
  // a named port resolves against an endpoint's ports; the metadata service is no endpoint
  if (!range) return false;
  const start = Number(range[1]);
  const end = range[2] !== undefined ? Number(range[2]) : start;
  return start <= IMDS_PORT && IMDS_PORT <= end;
}

function protocolIsTcp(raw: unknown): Truth {
  if (raw === undefined) return true;
  if (raw === 6 || raw === '6') return true;
  if (typeof raw === 'number') return false;
  const text = str(raw);
  return text === undefined ? undefined : text.toUpperCase() === 'TCP';
}

/** Whether a rule's destination holds the metadata service on TCP 80. */
function destinationImds(rule: KubeRaw, unread: string[], label: string): ImdsMatch {
  const destination = record(rule['destination']);
  for (const key of Object.keys(destination)) if (!ENTITY_FIELDS.has(key)) addUnread(unread, `${label} destination sets ${key}`);
  if (Object.keys(destination).some((key) => !ENTITY_FIELDS.has(key))) return sameImds(undefined);
  const tcp = and([protocolIsTcp(rule['protocol']), rule['notProtocol'] === undefined ? true : not(protocolIsTcp(rule['notProtocol']))]);
  const ports = list(destination['ports']);
  const portMatch = and([ports.length === 0 ? true : or(ports.map(portHolds)), list(destination['notPorts']).length === 0 ? true : not(or(list(destination['notPorts']).map(portHolds)))]);
  const nets = strings(destination['nets']);
  let match: ImdsMatch = nets.length === 0 ? sameImds(true) : anyImds(nets.map((net) => cidrHoldsImds(net)));
  const notNets = anyImds(strings(destination['notNets']).map((net) => cidrHoldsImds(net)));
  match = { v4: and([match.v4, not(notNets.v4)]), v6: and([match.v6, not(notNets.v6)]) };
  // selectors pick endpoints and (Global)NetworkSets, which may hold any address: eksguard does not read network sets
  if (['selector', 'namespaceSelector', 'serviceAccounts', 'services'].some((key) => destination[key] !== undefined)) match = { v4: match.v4 === false ? false : undefined, v6: match.v6 === false ? false : undefined };
  const version = num(rule['ipVersion']);
  if (version === 4) match = { ...match, v6: false };
  if (version === 6) match = { ...match, v4: false };
  return bothImds(match, and([tcp, portMatch]));
}

function everySourceOf(rule: KubeRaw, path: FieldPath, label: string): EngineRule['everySource'] {
  const source = record(rule['source']);
  const positive = ['nets', 'selector', 'namespaceSelector', 'serviceAccounts', 'services'].filter((key) => source[key] !== undefined);
  if (positive.length === 0) return { why: `${label} (Allow) names no source, so it admits every source`, path };
  for (const [index, net] of strings(source['nets']).entries()) {
    if (isEverywhere(net)) return { why: `${label} (Allow) admits source nets ${net}`, path: childPath(path, 'source', 'nets', index) };
  }
  return undefined;
}

/** Whether a rule matches everything: no protocol, no source, no destination criteria. */
function matchesEverything(rule: KubeRaw): boolean {
  const criteria = Object.keys(rule).filter((key) => key !== 'action' && key !== 'metadata');
  const empty = (value: unknown) => value === undefined || (asRecord(value) !== undefined && Object.keys(asRecord(value)!).length === 0);
  return criteria.every((key) => (key === 'source' || key === 'destination' ? empty(rule[key]) : false));
}

function parseRules(spec: KubeRaw, field: 'ingress' | 'egress', unread: string[]): EngineRule[] {
  return list(spec[field]).map((item, index) => {
    const rule = asRecord(item) ?? {};
    const path = fieldPath('spec', field, index);
    const label = `${field} rule ${index}`;
    for (const key of Object.keys(rule)) if (!RULE_FIELDS.has(key)) addUnread(unread, `${label} sets ${key}`);
    const action = parseAction(rule['action']);
    if (action === 'unknown') addUnread(unread, `${label} has no action Allow, Deny, Pass or Log`);
    const readable = Object.keys(rule).every((key) => RULE_FIELDS.has(key)) && asRecord(item) !== undefined;
    const everySource = field === 'ingress' && action === 'Allow' && readable ? everySourceOf(rule, path, label) : undefined;
    return {
      path,
      label,
      action,
      imds: field === 'egress' && readable ? destinationImds(rule, unread, label) : field === 'egress' ? sameImds(undefined) : NO_IMDS,
      matchesEverything: readable ? matchesEverything(rule) : undefined,
      matchesNothing: false,
      ...(everySource ? { everySource } : {}),
    } satisfies EngineRule;
  });
}

function selectorOrUnread(raw: unknown, field: string, unread: string[]): CalicoSelector | undefined {
  const parsed = parseCalicoSelector(raw);
  if (parsed.ok) return parsed.selector;
  addUnread(unread, `${field}: ${parsed.reason}`);
  return undefined;
}

/** The policy of one Calico object; `namespace` is its namespace key (undefined for GlobalNetworkPolicy). */
export function calicoPolicy(object: KubeObject, namespace: string | undefined): EnginePolicy {
  const spec = record(object.raw['spec']);
  const unread: string[] = [];
  for (const key of Object.keys(spec)) if (!SPEC_FIELDS.has(key)) addUnread(unread, `spec sets ${key}`);
  const global = object.kind === 'GlobalNetworkPolicy';
  const selector = selectorOrUnread(spec['selector'], 'selector', unread);
  const namespaceSelector = global && spec['namespaceSelector'] !== undefined ? selectorOrUnread(spec['namespaceSelector'], 'namespaceSelector', unread) : undefined;
  const serviceAccountSelector = spec['serviceAccountSelector'] !== undefined ? selectorOrUnread(spec['serviceAccountSelector'], 'serviceAccountSelector', unread) : undefined;
  const unreadSelector =
    !selector || (global && spec['namespaceSelector'] !== undefined && !namespaceSelector) || (spec['serviceAccountSelector'] !== undefined && !serviceAccountSelector);
  const ingressRules = parseRules(spec, 'ingress', unread);
  const egressRules = parseRules(spec, 'egress', unread);
  const declared = strings(spec['types']);
  const types = declared.length > 0 ? declared : egressRules.length > 0 ? (ingressRules.length > 0 ? ['Ingress', 'Egress'] : ['Egress']) : ['Ingress'];
  const tier = str(spec['tier']) ?? 'default';
  if (tier !== 'default') addUnread(unread, `it is in tier ${tier}, whose end may pass traffic on`);
  const isolation = (type: string): Truth => (!types.includes(type) ? false : tier === 'default' ? true : undefined);
  const order = num(spec['order']);
  const kind: EngineKind = global ? 'Calico GlobalNetworkPolicy' : 'Calico NetworkPolicy';
  return {
    object,
    kind,
    engine: 'calico',
    label: `${kind} ${object.name}`,
    namespace,
    selectorText: typeof spec['selector'] === 'string' && spec['selector'].trim() !== '' ? spec['selector'].slice(0, 200) : 'all()',
    selects(facts) {
      if (!global && facts.namespaceKey !== namespace) return false;
      if (unreadSelector) return undefined;
      return and([
        evaluateCalicoSelector(selector!, podLookup(facts)),
        namespaceSelector ? evaluateCalicoSelector(namespaceSelector, namespaceLookup(facts)) : true,
        serviceAccountSelector ? evaluateCalicoSelector(serviceAccountSelector, serviceAccountLookup(facts)) : true,
      ]);
    },
    ...(order !== undefined ? { order } : {}),
    ingress: { isolates: isolation('Ingress'), rules: ingressRules },
    egress: { isolates: isolation('Egress'), rules: egressRules },
    unread,
  };
}
