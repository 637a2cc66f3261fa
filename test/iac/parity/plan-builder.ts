/**
 * Builds `terraform show -json` plans in the documented format (format_version 1.2: prior_state,
 * configuration with expressions and references, planned_values, resource_changes with after and
 * after_unknown), from resources written with their AWS provider attribute names. A value that
 * refers to another resource is unknown until apply, as Terraform plans it, and its configuration
 * expression lists the reference.
 */
export interface Ref {
  $ref: string;
  /** the value, when the plan knows it already (a planned name that another resource refers to) */
  $value?: unknown;
}
export interface Computed {
  $computed: true;
}

export const ref = (address: string, attribute: string): Ref => ({ $ref: `${address}.${attribute}` });
export const knownRef = (address: string, attribute: string, value: unknown): Ref => ({ $ref: `${address}.${attribute}`, $value: value });
export const computed: Computed = { $computed: true };

export interface PlanResource {
  address: string;
  values: Record<string, unknown>;
  /** attributes the provider computes at apply (`id`, `arn` …) */
  computed?: string[];
  /** `no-op` for a resource that exists already, with every value known */
  action?: 'create' | 'no-op';
}

const isRef = (value: unknown): value is Ref => typeof value === 'object' && value !== null && '$ref' in value;
const isComputed = (value: unknown): value is Computed => typeof value === 'object' && value !== null && '$computed' in value;
const isBlockList = (value: unknown): value is Record<string, unknown>[] =>
  Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item) && !isRef(item) && !isComputed(item));

function referencesOf(ref: string): string[] {
  const out = [ref];
  const parts = ref.split('.');
  // Terraform lists every significant step of a reference: aws_x.y.attr, then aws_x.y
  for (let length = parts.length - 1; length >= 2; length -= 1) out.push(parts.slice(0, length).join('.'));
  return [...new Set(out)];
}

interface Split {
  after: unknown;
  unknown: unknown;
  expression: unknown;
}

function split(value: unknown): Split {
  if (isRef(value)) return '$value' in value ? { after: value.$value, unknown: undefined, expression: { references: referencesOf(value.$ref) } } : { after: undefined, unknown: true, expression: { references: referencesOf(value.$ref) } };
  if (isComputed(value)) return { after: undefined, unknown: true, expression: undefined };
  if (isBlockList(value)) {
    const parts = value.map(splitObject);
    return { after: parts.map((part) => part.after), unknown: parts.map((part) => part.unknown), expression: parts.map((part) => part.expression) };
  }
  if (Array.isArray(value) && value.some(isRef)) {
    const refs = value.filter(isRef).flatMap((item) => referencesOf(item.$ref));
    return { after: undefined, unknown: true, expression: { references: refs } };
  }
  return { after: value, unknown: undefined, expression: { constant_value: value } };
}

function splitObject(values: Record<string, unknown>): { after: Record<string, unknown>; unknown: Record<string, unknown>; expression: Record<string, unknown> } {
  const after: Record<string, unknown> = {};
  const unknown: Record<string, unknown> = {};
  const expression: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const part = split(value);
    if (part.after !== undefined) after[key] = part.after;
    if (part.unknown !== undefined) unknown[key] = part.unknown;
    if (part.expression !== undefined) expression[key] = part.expression;
  }
  return { after, unknown, expression };
}

function identity(address: string) {
  const [type, name] = address.replace(/\[.*$/, '').split('.').slice(-2);
  return { type: type!, name: name! };
}

const KEY = /\[(?:\d+|"[^"]*")\]/;

/** References of a counted resource's expression as Terraform lists them: `aws_x.y[count.index]` is `aws_x.y` and `count.index`. */
function dynamicReferences(expression: unknown): unknown {
  if (Array.isArray(expression)) return expression.map(dynamicReferences);
  if (typeof expression !== 'object' || expression === null) return expression;
  const map = expression as Record<string, unknown>;
  if (Array.isArray(map['references'])) {
    const references = (map['references'] as string[]).map((reference) => reference.replace(KEY, '')).filter((reference) => reference.split('.').length >= 2);
    return { references: [...new Set([...references, 'count.index'])] };
  }
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, dynamicReferences(value)]));
}

/** One configuration block per resource (instances of a counted resource share it), as `terraform show -json` writes the configuration. */
function configResources(changes: { resource: PlanResource; type: string; name: string; parts: { expression: Record<string, unknown> } }[]): unknown[] {
  const out = new Map<string, unknown>();
  for (const { resource, type, name, parts } of changes) {
    const base = resource.address.replace(KEY, '');
    if (out.has(base)) continue;
    const counted = base !== resource.address;
    out.set(base, { address: base, mode: 'managed', type, name, provider_config_key: 'aws', expressions: counted ? dynamicReferences(parts.expression) : parts.expression, schema_version: 0, ...(counted ? { count_expression: { constant_value: 1 } } : {}) });
  }
  return [...out.values()];
}

export function buildPlan(options: { region: string; account: string; resources: readonly PlanResource[] }): Record<string, unknown> {
  const changes = options.resources.map((resource) => {
    const parts = splitObject(resource.values);
    for (const attribute of resource.computed ?? []) parts.unknown[attribute] = true;
    const { type, name } = identity(resource.address);
    return { resource, type, name, parts };
  });
  const planned = changes.map(({ resource, type, name, parts }) => ({ address: resource.address, mode: 'managed', type, name, provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values: parts.after, sensitive_values: {} }));
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    variables: {},
    planned_values: { root_module: { resources: planned } },
    resource_changes: changes.map(({ resource, type, name, parts }) => ({
      address: resource.address,
      mode: 'managed',
      type,
      name,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: [resource.action ?? 'create'],
        before: resource.action === 'no-op' ? parts.after : null,
        after: parts.after,
        after_unknown: resource.action === 'no-op' ? {} : parts.unknown,
        before_sensitive: false,
        after_sensitive: {},
      },
    })),
    prior_state: {
      format_version: '1.0',
      terraform_version: '1.11.4',
      values: {
        root_module: {
          resources: [
            { address: 'data.aws_caller_identity.current', mode: 'data', type: 'aws_caller_identity', name: 'current', provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values: { account_id: options.account, arn: `arn:aws:iam::${options.account}:user/ci`, id: options.account, user_id: 'AIDAEXAMPLE' }, sensitive_values: {} },
          ],
        },
      },
    },
    configuration: {
      provider_config: { aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', expressions: { region: { constant_value: options.region } } } },
      root_module: { resources: configResources(changes) },
    },
  };
}
