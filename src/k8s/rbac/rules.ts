import { asRecord, strings } from '../fields.js';

/** One `rules[]` entry of a Role or ClusterRole, read defensively (missing lists are empty). */
export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

/**
 * How a request's object name meets a rule's `resourceNames`:
 * - `all`: the request names no object (list, create, or "every secret"): only rules without resourceNames match;
 * - `any`: the rule counts even when it is limited to some names (exec into *some* pod is still exec);
 * - a string: that one object, as the authorizer checks `get secrets/aws-creds`.
 */
export type NameMatch = 'all' | 'any' | { readonly name: string };

/** A resource request as the RBAC authorizer sees it. `resource` may carry a subresource: `pods/exec`. */
export interface ResourceRequest {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly names: NameMatch;
}

export function readRules(value: unknown): PolicyRule[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => readRule(item));
}

export function readRule(value: unknown): PolicyRule {
  const rule = asRecord(value) ?? {};
  return {
    verbs: strings(rule['verbs']),
    apiGroups: strings(rule['apiGroups']),
    resources: strings(rule['resources']),
    resourceNames: strings(rule['resourceNames']),
    nonResourceURLs: strings(rule['nonResourceURLs']),
  };
}

const KEYS = new WeakMap<PolicyRule, string>();

/** A stable identity for a rule's content: aggregation de-duplicates on it, as the controller does. */
export function ruleKey(rule: PolicyRule): string {
  let key = KEYS.get(rule);
  if (key === undefined) {
    key = JSON.stringify([rule.verbs, rule.apiGroups, rule.resources, rule.resourceNames, rule.nonResourceURLs]);
    KEYS.set(rule, key);
  }
  return key;
}

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((item) => item === '*' || item === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return rule.apiGroups.some((item) => item === '*' || item === group);
}

/** As the authorizer: `*` matches every resource and subresource; a rule resource `*` + `/scale` matches the `scale` subresource of any resource. */
export function resourceMatches(rule: PolicyRule, resource: string): boolean {
  const slash = resource.indexOf('/');
  const subresource = slash >= 0 ? resource.slice(slash + 1) : '';
  return rule.resources.some((item) => {
    if (item === '*' || item === resource) return true;
    return subresource !== '' && item === `*/${subresource}`;
  });
}

/**
 * Kubernetes cannot restrict `create` and `deletecollection` of objects by
 * name: those requests carry none. A subresource request (`create pods/exec`,
 * `create serviceaccounts/token`) names its parent object, so it can be.
 */
function requestCarriesName(verb: string, resource: string): boolean {
  return resource.includes('/') || (verb !== 'create' && verb !== 'deletecollection');
}

export function resourceNameMatches(rule: PolicyRule, request: Pick<ResourceRequest, 'verb' | 'resource' | 'names'>): boolean {
  const names = request.names;
  if (rule.resourceNames.length === 0) return true;
  if (!requestCarriesName(request.verb, request.resource) || names === 'all') return false;
  if (names === 'any') return true;
  return rule.resourceNames.includes(names.name);
}

export function ruleAllowsResource(rule: PolicyRule, request: ResourceRequest): boolean {
  return (
    verbMatches(rule, request.verb) &&
    apiGroupMatches(rule, request.group) &&
    resourceMatches(rule, request.resource) &&
    resourceNameMatches(rule, request)
  );
}

/** `/healthz` matches `/healthz`; `/apis/*` matches everything under `/apis/`; `*` matches every path. */
export function nonResourceUrlMatches(rule: PolicyRule, path: string): boolean {
  return rule.nonResourceURLs.some((item) => {
    if (item === '*' || item === path) return true;
    return item.endsWith('*') && path.startsWith(item.replace(/\*+$/, ''));
  });
}

export function ruleAllowsNonResource(rule: PolicyRule, verb: string, path: string): boolean {
  return verbMatches(rule, verb) && nonResourceUrlMatches(rule, path);
}

function list(items: readonly string[]): string {
  return items.map((item) => (item === '' ? '""' : item)).join(',');
}

const DESCRIPTIONS = new WeakMap<PolicyRule, string>();

/** A rule in one short line for messages: `verbs=get,list apiGroups="" resources=secrets`. */
export function describeRule(rule: PolicyRule): string {
  let text = DESCRIPTIONS.get(rule);
  if (text === undefined) DESCRIPTIONS.set(rule, (text = renderRule(rule)));
  return text;
}

function renderRule(rule: PolicyRule): string {
  const parts = [`verbs=${list(rule.verbs)}`];
  if (rule.nonResourceURLs.length > 0) parts.push(`nonResourceURLs=${list(rule.nonResourceURLs)}`);
  if (rule.apiGroups.length > 0 || rule.resources.length > 0) {
    parts.push(`apiGroups=${list(rule.apiGroups)}`, `resources=${list(rule.resources)}`);
  }
  if (rule.resourceNames.length > 0) parts.push(`resourceNames=${list(rule.resourceNames)}`);
  return parts.join(' ');
}
