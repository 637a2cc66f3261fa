import { childPath, fieldPath, type FieldPath } from '../../core/field-path.js';
import type { KubeObject } from '../../core/inventory.js';
import { asRecord, list, record, records, str, strings, type KubeRaw } from '../fields.js';
import { compileLabelSelector, formatLabelSelector, type LabelSelector } from '../selectors.js';
import { anyImds, bothImds, cidrHoldsImds, IMDS_PORT, isEverywhere, sameImds } from './addresses.js';
import { addUnread, NO_IMDS, type EngineDirection, type EngineKind, type EnginePolicy, type EngineRule, type ImdsMatch } from './model.js';
import { and, known, or, type LabelLookup, type PodFacts, type Truth } from './truth.js';

/**
 * cilium.io/v2 CiliumNetworkPolicy (namespaced) and CiliumClusterwideNetworkPolicy, read as
 * Cilium's default enforcement mode applies them
 * (https://docs.cilium.io/en/stable/security/policy/language/,
 * https://docs.cilium.io/en/stable/security/policy/intro/):
 *
 * - `spec` and each of `specs` is one rule; `endpointSelector` picks pods (a namespaced policy
 *   only in its own namespace), `nodeSelector` picks nodes, never pods;
 * - a rule with an `ingress`/`ingressDeny` (`egress`/`egressDeny`) section puts the pods it
 *   selects into default deny for that direction unless `enableDefaultDeny` says false; an
 *   empty list is no section;
 * - an allow rule `{}` matches nothing (Cilium's documented default-deny form); a rule with
 *   only `toPorts` matches every peer on those ports;
 * - deny rules win over every allow rule of every policy, Kubernetes NetworkPolicies included;
 * - selector keys may carry a source (`k8s:app`, `any:app`); pods carry
 *   `io.kubernetes.pod.namespace`, `io.cilium.k8s.policy.serviceaccount` and their namespace's
 *   labels as `io.cilium.k8s.namespace.labels.<key>`.
 */

const API_VERSION = 'cilium.io/v2';
const RULE_FIELDS = new Set(['endpointSelector', 'nodeSelector', 'ingress', 'ingressDeny', 'egress', 'egressDeny', 'enableDefaultDeny', 'labels', 'description', 'log']);
const INGRESS_PEERS = ['fromEndpoints', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'fromGroups', 'fromNodes'] as const;
const EGRESS_PEERS = ['toEndpoints', 'toCIDR', 'toCIDRSet', 'toEntities', 'toServices', 'toFQDNs', 'toGroups', 'toNodes'] as const;
const OTHER_RULE_FIELDS = new Set(['toPorts', 'icmps', 'authentication']);
/** Entities that are not outside the cluster: they never hold the metadata service. */
const IN_CLUSTER_ENTITIES = new Set(['host', 'remote-node', 'kube-apiserver', 'ingress', 'cluster', 'init', 'health', 'unmanaged', 'none']);

export function isCiliumPolicy(object: KubeObject): boolean {
  return object.apiVersion === API_VERSION && (object.kind === 'CiliumNetworkPolicy' || object.kind === 'CiliumClusterwideNetworkPolicy');
}

/** The label a Cilium selector key names on a pod; the source prefix `k8s:`/`any:` is dropped. */
function ciliumLookup(facts: PodFacts): LabelLookup {
  return (rawKey) => {
    const colon = rawKey.indexOf(':');
    const source = colon === -1 ? 'any' : rawKey.slice(0, colon);
    // pods carry only Kubernetes-sourced labels; `reserved:`, `cidr:`, `fqdn:` name other identities
    if (source !== 'any' && source !== 'k8s') return null;
    const key = colon === -1 ? rawKey : rawKey.slice(colon + 1);
    if (key === 'io.kubernetes.pod.namespace') return facts.namespaceName;
    if (key === 'io.cilium.k8s.policy.serviceaccount') return facts.serviceAccount;
    if (key.startsWith('io.cilium.k8s.namespace.labels.')) return known(facts.namespaceLabels, key.slice('io.cilium.k8s.namespace.labels.'.length));
    // the cluster name and the other identity labels Cilium adds are not in the input
    if (key.startsWith('io.cilium.') || key.startsWith('io.kubernetes.pod.')) return undefined;
    return facts.podLabels === undefined ? undefined : known(facts.podLabels, key);
  };
}

function selectorTruth(selector: LabelSelector, lookup: LabelLookup): Truth {
  if (selector.nothing) return false;
  return and(
    selector.requirements.map((requirement) => {
      const value = lookup(requirement.key);
      if (value === undefined) return undefined;
      switch (requirement.operator) {
        case 'In':
          return value !== null && requirement.values.includes(value);
        case 'NotIn':
          return value === null || !requirement.values.includes(value);
        case 'Exists':
          return value !== null;
        case 'DoesNotExist':
          return value === null;
      }
    }),
  );
}

/** Whether `toPorts` admits TCP port 80: absent means every port (unless the rule is ICMP-only). */
function portsAdmitImds(rule: KubeRaw): Truth {
  const toPorts = list(rule['toPorts']);
  if (toPorts.length === 0) return list(rule['icmps']).length === 0;
  return or(
    toPorts.map((entry) => {
      const ports = records(record(entry)['ports']);
      if (ports.length === 0) return true;
      return or(
        ports.map((port) => {
          const protocol = (str(port['protocol']) ?? 'ANY').toUpperCase();
          if (protocol !== 'TCP' && protocol !== 'ANY' && protocol !== '') return false;
          const text = typeof port['port'] === 'number' ? String(port['port']) : (str(port['port']) ?? '0');
          // a named port resolves against a pod's container ports; the metadata service is no pod
          if (!/^\d+$/.test(text)) return false;
          const start = Number(text);
          if (start === 0) return true;
          const end = typeof port['endPort'] === 'number' ? port['endPort'] : start;
          return start <= IMDS_PORT && IMDS_PORT <= end;
        }),
      );
    }),
  );
}

function cidrSetImds(raw: unknown): ImdsMatch {
  return anyImds(
    records(raw).map((entry) => {
      const cidr = str(entry['cidr']);
      // a CiliumCIDRGroup reference names addresses eksguard does not read
      return cidr === undefined ? sameImds(undefined) : cidrHoldsImds(cidr, strings(entry['except']));
    }),
  );
}

function entityImds(entities: readonly string[]): ImdsMatch {
  return anyImds(
    entities.map((entity) => {
      if (entity === 'world' || entity === 'all') return sameImds(true);
      if (entity === 'world-ipv4') return { v4: true, v6: false };
      if (entity === 'world-ipv6') return { v4: false, v6: true };
      return IN_CLUSTER_ENTITIES.has(entity) ? NO_IMDS : sameImds(undefined);
    }),
  );
}

function endpointsMentionReserved(raw: unknown): boolean {
  return JSON.stringify(raw ?? null).includes('reserved:');
}

function peerImds(rule: KubeRaw, field: string): ImdsMatch {
  const value = rule[field];
  switch (field) {
    case 'toCIDR':
    case 'fromCIDR':
      return anyImds(strings(value).map((cidr) => cidrHoldsImds(cidr)));
    case 'toCIDRSet':
    case 'fromCIDRSet':
      return cidrSetImds(value);
    case 'toEntities':
    case 'fromEntities':
      return entityImds(strings(value));
    case 'toFQDNs':
      // a pattern of `*` lets a pod resolve any name, including one that points at the metadata service
      return records(value).some((entry) => str(entry['matchPattern'])?.trim() === '*') ? sameImds(true) : NO_IMDS;
    case 'toServices':
      // a Service without a selector can send traffic to any address its Endpoints name
      return sameImds(undefined);
    case 'toEndpoints':
    case 'fromEndpoints':
      return endpointsMentionReserved(value) ? sameImds(undefined) : NO_IMDS;
    default:
      return NO_IMDS;
  }
}

function everySourceOf(rule: KubeRaw, path: FieldPath, label: string, peers: readonly string[]): EngineRule['everySource'] {
  if (peers.length === 0) {
    return list(rule['toPorts']).length > 0 ? { why: `${label} names no source (only toPorts), so it admits every source on those ports`, path } : undefined;
  }
  for (const entity of strings(rule['fromEntities'])) {
    if (entity === 'world' || entity === 'all') return { why: `${label} admits fromEntities ${entity}`, path: childPath(path, 'fromEntities') };
  }
  for (const [index, cidr] of strings(rule['fromCIDR']).entries()) {
    if (isEverywhere(cidr)) return { why: `${label} admits fromCIDR ${cidr}`, path: childPath(path, 'fromCIDR', index) };
  }
  for (const [index, entry] of records(rule['fromCIDRSet']).entries()) {
    const cidr = str(entry['cidr']);
    if (cidr !== undefined && isEverywhere(cidr)) return { why: `${label} admits fromCIDRSet ${cidr}`, path: childPath(path, 'fromCIDRSet', index) };
  }
  return undefined;
}

function parseRules(rule: KubeRaw, base: FieldPath, field: string, ingress: boolean, unread: string[]): EngineRule[] {
  const peersOf = ingress ? INGRESS_PEERS : EGRESS_PEERS;
  const deny = field.endsWith('Deny');
  return list(rule[field]).map((item, index) => {
    const raw = asRecord(item) ?? {};
    const path = childPath(base, field, index);
    const label = `${field} rule ${index}`;
    const unknownFields = Object.keys(raw).filter((key) => !(peersOf as readonly string[]).includes(key) && !OTHER_RULE_FIELDS.has(key));
    for (const key of unknownFields) addUnread(unread, `${label} sets ${key}`);
    const peers = peersOf.filter((key) => list(raw[key]).length > 0);
    const ports = portsAdmitImds(raw);
    const hasL4 = list(raw['toPorts']).length > 0 || list(raw['icmps']).length > 0;
    const matchesNothing = peers.length === 0 && !hasL4 && unknownFields.length === 0 && asRecord(item) !== undefined;
    let imds: ImdsMatch = NO_IMDS;
    if (!ingress && !matchesNothing) imds = bothImds(peers.length === 0 ? sameImds(true) : anyImds(peers.map((key) => peerImds(raw, key))), ports);
    if (unknownFields.length > 0 || !asRecord(item)) imds = sameImds(undefined);
    const entityAll = strings(raw[ingress ? 'fromEntities' : 'toEntities']).includes('all');
    const everySource = ingress && !deny ? everySourceOf(raw, path, label, peers) : undefined;
    return {
      path,
      label,
      action: deny ? 'Deny' : 'Allow',
      imds,
      matchesEverything: unknownFields.length > 0 ? undefined : entityAll && !hasL4,
      matchesNothing,
      ...(everySource ? { everySource } : {}),
    } satisfies EngineRule;
  });
}

function direction(rule: KubeRaw, base: FieldPath, name: 'ingress' | 'egress', unread: string[]): EngineDirection {
  const denies = parseRules(rule, base, `${name}Deny`, name === 'ingress', unread);
  const allows = parseRules(rule, base, name, name === 'ingress', unread);
  const toggle = asRecord(rule['enableDefaultDeny'])?.[name];
  if (toggle !== undefined && typeof toggle !== 'boolean') addUnread(unread, `enableDefaultDeny.${name} is not true or false`);
  const section = denies.length + allows.length > 0;
  const isolates: Truth = !section ? false : toggle === false ? false : typeof toggle === 'boolean' || toggle === undefined ? true : undefined;
  return { isolates, rules: [...denies, ...allows] };
}

function toPolicy(object: KubeObject, rule: KubeRaw, base: FieldPath, suffix: string, namespace: string | undefined): EnginePolicy {
  const unread: string[] = [];
  for (const key of Object.keys(rule)) if (!RULE_FIELDS.has(key)) addUnread(unread, `${base} sets ${key}`);
  const kind = object.kind as EngineKind;
  let selector: LabelSelector | undefined;
  let selectorText: string;
  if (rule['endpointSelector'] !== undefined && rule['endpointSelector'] !== null) {
    const compiled = compileLabelSelector(rule['endpointSelector']);
    if (compiled.ok) selector = compiled.selector;
    else addUnread(unread, `endpointSelector: ${compiled.reason}`);
    selectorText = compiled.ok ? formatLabelSelector(compiled.selector) : 'an unreadable endpointSelector';
  } else {
    // a host policy (nodeSelector) or no selector at all: it applies to no pod
    selectorText = rule['nodeSelector'] !== undefined ? 'nodes only (nodeSelector)' : '<none>';
  }
  return {
    object,
    kind,
    engine: 'cilium',
    label: `${kind} ${object.name}${suffix}`,
    namespace,
    selectorText,
    selects(facts) {
      if (namespace !== undefined && facts.namespaceKey !== namespace) return false;
      if (rule['endpointSelector'] !== undefined && rule['endpointSelector'] !== null && !selector) return undefined;
      if (!selector) return false;
      return selectorTruth(selector, ciliumLookup(facts));
    },
    ingress: direction(rule, base, 'ingress', unread),
    egress: direction(rule, base, 'egress', unread),
    unread,
  };
}

/** One policy per rule of the object (`spec` and each of `specs`); namespace is the object's namespace key. */
export function ciliumPolicies(object: KubeObject, namespace: string | undefined): EnginePolicy[] {
  const out: EnginePolicy[] = [];
  const spec = asRecord(object.raw['spec']);
  if (spec) out.push(toPolicy(object, spec, fieldPath('spec'), '', namespace));
  records(object.raw['specs']).forEach((rule, index) => out.push(toPolicy(object, rule, fieldPath('specs', index), ` (specs[${index}])`, namespace)));
  return out;
}
