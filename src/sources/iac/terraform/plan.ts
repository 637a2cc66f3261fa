/**
 * The parts of `terraform show -json PLANFILE` (format 1.x) that the normaliser reads: every
 * resource instance that will exist after apply, with its planned values, which of them are
 * unknown until apply (`after_unknown`), and the configuration expressions that say what an
 * unknown value refers to. See https://developer.hashicorp.com/terraform/internals/json-format.
 */
import { asRecord } from '../../../core/inventory.js';
import { record, records, str } from '../../../aws/json.js';

export interface PlanInstance {
  /** `module.eks.aws_eks_cluster.this[0]` */
  address: string;
  /** `module.eks` (empty for the root module) */
  module: string;
  type: string;
  mode: 'managed' | 'data';
  /** planned values, unknown ones absent */
  values: Record<string, unknown>;
  /** `after_unknown`: `true` where a value is known only after apply */
  unknown: unknown;
  /** the instance is planned for creation (no object exists yet) */
  creating: boolean;
}

export interface ModuleConfig {
  resources: Map<string, Record<string, unknown>>;
  calls: Map<string, { expressions: Record<string, unknown>; module: ModuleConfig }>;
  outputs: Map<string, Record<string, unknown>>;
}

export interface ParsedPlan {
  instances: PlanInstance[];
  byAddress: Map<string, PlanInstance>;
  root: ModuleConfig;
  variables: Record<string, unknown>;
  /** the plan carries its configuration, so an attribute it does not set is known to be left to its default */
  hasConfiguration: boolean;
  region?: string;
  account?: string;
}

export type PlanRead = { ok: true; plan: ParsedPlan } | { ok: false; problem: string };

const SUPPORTED_MAJOR = 1;

function moduleConfig(value: unknown): ModuleConfig {
  const module = record(value);
  const resources = new Map<string, Record<string, unknown>>();
  for (const resource of records(module['resources'])) {
    const address = str(resource['address']);
    if (address) resources.set(address, resource);
  }
  const calls = new Map<string, { expressions: Record<string, unknown>; module: ModuleConfig }>();
  for (const [name, call] of Object.entries(record(module['module_calls']))) {
    calls.set(name, { expressions: record(record(call)['expressions']), module: moduleConfig(record(call)['module']) });
  }
  const outputs = new Map<string, Record<string, unknown>>();
  for (const [name, output] of Object.entries(record(module['outputs']))) outputs.set(name, record(record(output)['expression']));
  return { resources, calls, outputs };
}

/** `module.a["x"].module.b[0]` → the configuration of module b inside a. */
export function configOf(root: ModuleConfig, moduleAddress: string): ModuleConfig | undefined {
  let current: ModuleConfig | undefined = root;
  for (const name of moduleNames(moduleAddress)) current = current?.calls.get(name)?.module;
  return current;
}

/** The call names of a module address, without instance keys. */
export function moduleNames(moduleAddress: string): string[] {
  const out: string[] = [];
  const pattern = /module\.([A-Za-z0-9_-]+)(?:\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?/g;
  for (const match of moduleAddress.matchAll(pattern)) out.push(match[1]!);
  return out;
}

/** The resource part of an address without its instance key: `aws_eks_cluster.this[0]` → `aws_eks_cluster.this`. */
export function withoutKey(localAddress: string): string {
  return localAddress.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]$/, '');
}

function instancesFromChanges(changes: Record<string, unknown>[]): PlanInstance[] {
  const out: PlanInstance[] = [];
  for (const change of changes) {
    const address = str(change['address']);
    const type = str(change['type']);
    if (!address || !type || change['deposed'] !== undefined) continue;
    const body = record(change['change']);
    const actions = Array.isArray(body['actions']) ? body['actions'].map(String) : [];
    if (actions.length === 1 && actions[0] === 'delete') continue;
    const values = asRecord(body['after']);
    if (!values) continue;
    out.push({
      address,
      module: str(change['module_address']) ?? '',
      type,
      mode: change['mode'] === 'data' ? 'data' : 'managed',
      values,
      unknown: body['after_unknown'] ?? {},
      creating: actions.includes('create'),
    });
  }
  return out;
}

/** A state or a plan without `resource_changes`: every value is known. */
function instancesFromValues(module: Record<string, unknown>, out: PlanInstance[] = []): PlanInstance[] {
  for (const resource of records(module['resources'])) {
    const address = str(resource['address']);
    const type = str(resource['type']);
    if (!address || !type) continue;
    out.push({
      address,
      module: str(module['address']) ?? '',
      type,
      mode: resource['mode'] === 'data' ? 'data' : 'managed',
      values: record(resource['values']),
      unknown: {},
      creating: false,
    });
  }
  for (const child of records(module['child_modules'])) instancesFromValues(child, out);
  return out;
}

function variableValue(variables: Record<string, unknown>, name: string): unknown {
  return record(variables[name])['value'];
}

/** The default provider's region: a constant, a root variable, or what a `data.aws_region` read. */
function regionOf(plan: Record<string, unknown>, variables: Record<string, unknown>, data: PlanInstance[]): string | undefined {
  for (const [, provider] of Object.entries(record(record(plan['configuration'])['provider_config']))) {
    if (str(record(provider)['name']) !== 'aws' || record(provider)['alias'] !== undefined) continue;
    const expression = record(record(record(provider)['expressions'])['region']);
    const constant = str(expression['constant_value']);
    if (constant) return constant;
    const reference = (Array.isArray(expression['references']) ? expression['references'] : []).map(String).find((ref) => ref.startsWith('var.'));
    const fromVariable = reference ? str(variableValue(variables, reference.slice(4))) : undefined;
    if (fromVariable) return fromVariable;
  }
  const region = data.find((instance) => instance.type === 'aws_region');
  return str(region?.values['name']) ?? str(region?.values['region']);
}

function accountOf(data: PlanInstance[], managed: PlanInstance[]): string | undefined {
  const identity = data.find((instance) => instance.type === 'aws_caller_identity');
  const direct = str(identity?.values['account_id']);
  if (direct) return direct;
  for (const instance of managed) {
    const account = str(instance.values['arn'])?.split(':')[4];
    if (account && /^\d{12}$/.test(account)) return account;
  }
  return undefined;
}

/** Reads a parsed `terraform show -json` document; refuses other documents and other major format versions. */
export function readPlan(document: unknown): PlanRead {
  const plan = asRecord(document);
  const version = str(plan?.['format_version']);
  if (!plan || !version) return { ok: false, problem: 'not a Terraform JSON plan: no format_version (produce it with terraform show -json PLANFILE)' };
  const major = Number(version.split('.')[0]);
  if (major !== SUPPORTED_MAJOR) return { ok: false, problem: `unsupported plan format_version ${version.slice(0, 16)}: eksguard reads format 1.x` };
  const variables = record(plan['variables']);
  const changes = records(plan['resource_changes']);
  const managed = changes.length > 0 ? instancesFromChanges(changes) : instancesFromValues(record(record(plan['planned_values'] ?? plan['values'])['root_module']));
  const prior = instancesFromValues(record(record(record(plan['prior_state'])['values'])['root_module']));
  const data = [...managed.filter((instance) => instance.mode === 'data'), ...prior.filter((instance) => instance.mode === 'data')];
  const instances = managed.filter((instance) => instance.mode === 'managed');
  const region = regionOf(plan, variables, data);
  const account = accountOf(data, instances);
  return {
    ok: true,
    plan: {
      instances,
      byAddress: new Map(instances.map((instance) => [instance.address, instance])),
      root: moduleConfig(record(record(plan['configuration'])['root_module'])),
      variables,
      hasConfiguration: asRecord(record(plan['configuration'])['root_module']) !== undefined,
      ...(region ? { region } : {}),
      ...(account ? { account } : {}),
    },
  };
}
