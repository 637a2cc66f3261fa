/**
 * Values of a plan's resource instances, with the unknown ones resolved where the plan tells
 * what they will be. A value unknown until apply (an ID, an ARN, the OIDC issuer) usually
 * refers to another resource of the same plan (`aws_security_group.node.id`): the configuration
 * expression lists that reference, and the value becomes that resource's identity in the plan
 * (its address, or an ARN built from its planned name), so joins between resources still work.
 * References through `local.*`, functions of several resources and `dynamic` blocks cannot be
 * followed: such a value stays unknown and the checks that read it are skipped.
 */
import { createHash } from 'node:crypto';
import { asRecord } from '../../../core/inventory.js';
import { isUnresolved, unresolved } from '../fields.js';
import { configOf, moduleNames, withoutKey, type ParsedPlan, type PlanInstance } from './plan.js';

export type Path = readonly (string | number)[];


interface Target {
  instance: PlanInstance;
  /** dotted attribute path without list indexes: `vpc_config.cluster_security_group_id` */
  attribute: string;
}

type Resolution = { targets: Target[]; constants: unknown[]; opaque: string[] };

const MAX_HOPS = 16;
const PSEUDO_ROOTS = new Set(['var', 'local', 'module', 'data', 'each', 'count', 'path', 'self', 'terraform']);
const RESOURCE_REFERENCE = /^([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)(\[(?:\d+|"(?:[^"\\]|\\.)*")\])?(?:\.(.+))?$/;

function walk(value: unknown, path: Path): unknown {
  let current = value;
  for (const step of path) {
    if (current === true) return true;
    if (typeof step === 'number') current = Array.isArray(current) ? current[step] : undefined;
    else current = asRecord(current)?.[step];
  }
  return current;
}

/** True when any part of the value at path is unknown (the leaf, one of its ancestors, or one of its elements). */
function unknownAt(tree: unknown, path: Path): boolean {
  const node = walk(tree, path);
  if (node === true) return true;
  return containsTrue(node, 0);
}

function containsTrue(node: unknown, depth: number): boolean {
  if (node === true) return true;
  if (depth > 32) return false;
  if (Array.isArray(node)) return node.some((item) => containsTrue(item, depth + 1));
  const map = asRecord(node);
  return map ? Object.values(map).some((item) => containsTrue(item, depth + 1)) : false;
}

function attributeOf(rest: string | undefined): string {
  return (rest ?? '').replace(/\[(?:\d+|"(?:[^"\\]|\\.)*")\]/g, '').replace(/\.\*/g, '');
}

function parentModule(module: string): { parent: string; name: string } | undefined {
  const match = /^(.*?)\.?module\.([A-Za-z0-9_-]+)(?:\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?$/.exec(module);
  return match ? { parent: match[1] ?? '', name: match[2]! } : undefined;
}

export class PlanValues {
  readonly plan: ParsedPlan;
  readonly region: string;
  readonly account: string;
  private readonly byBase = new Map<string, PlanInstance[]>();

  constructor(plan: ParsedPlan) {
    this.plan = plan;
    this.region = plan.region ?? 'unknown-region';
    this.account = plan.account ?? '';
    for (const instance of plan.instances) {
      const base = withoutKey(instance.address);
      const bucket = this.byBase.get(base);
      if (bucket) bucket.push(instance);
      else this.byBase.set(base, [instance]);
    }
  }

  /** The configuration expression of an instance's attribute (blocks are lists in the configuration too). */
  expression(instance: PlanInstance, path: Path): Record<string, unknown> | undefined {
    const local = instance.module ? instance.address.slice(instance.module.length + 1) : instance.address;
    const config = configOf(this.plan.root, instance.module)?.resources.get(withoutKey(local));
    const found = walk(asRecord(config?.['expressions']), path.map((step) => (typeof step === 'number' ? 0 : step)));
    return asRecord(found);
  }

  /** The known value, or what its references resolve to, or an Unknown with the reason. */
  get(instance: PlanInstance, path: Path): unknown {
    const value = walk(instance.values, path);
    if (!unknownAt(instance.unknown, path)) return value;
    // a block with some unknown attributes: its known parts are read, and each unknown one is resolved when read
    if (walk(instance.unknown, path) !== true && isBlock(value)) return value;
    const label = `${instance.address}: ${path.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('').slice(1)}`;
    const expression = this.expression(instance, path);
    if (!expression) return unresolved(`${label} is known only after apply`);
    const resolved = this.resolve(instance.module, expression, 0, instanceKey(instance.address));
    const tokens = [...resolved.constants, ...resolved.targets.map((target) => this.token(target))];
    if (resolved.opaque.length === 0 && tokens.length > 0) {
      // a list, or a value that refers to several resources (the readers take one only when it is one)
      if (Array.isArray(value) || tokens.length > 1 || Array.isArray(tokens[0])) return dedupe([...(Array.isArray(value) ? value.filter((item) => item !== null && item !== undefined) : []), ...tokens.flat()]);
      return tokens[0];
    }
    const through = resolved.opaque.length > 0 ? ` (it depends on ${resolved.opaque.slice(0, 3).join(', ')})` : '';
    return unresolved(`${label} is known only after apply${through}`);
  }

  /** The identity of another resource's attribute: its known value, else a stable stand-in built from the plan. */
  token(target: Target): unknown {
    const { instance, attribute } = target;
    const path = attribute ? attribute.split('.') : [];
    const stepped = this.pathWithIndexes(instance, path);
    if (stepped && !unknownAt(instance.unknown, stepped)) {
      const known = walk(instance.values, stepped);
      if (known !== undefined && known !== null) return known;
    }
    return this.standIn(instance, attribute);
  }

  /** A planned value where the plan has one, else the stand-in: for names, IDs and ARNs that must always be present. */
  identity(instance: PlanInstance, path: Path): string {
    const value = this.get(instance, path);
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
    const fallback = this.standIn(instance, path.filter((step) => typeof step === 'string').join('.'));
    return typeof fallback === 'string' ? fallback : typeof fallback === 'number' ? String(fallback) : instance.address;
  }

  /** Whether the configuration sets an attribute (an unset one takes the provider's or AWS's default). */
  isSet(instance: PlanInstance, path: Path): boolean {
    return this.expression(instance, path) !== undefined;
  }

  /** The planned value; undefined for an attribute the configuration does not set and the provider computes (a launch template's name next to its id). */
  ifSet(instance: PlanInstance, path: Path): unknown {
    const value = this.get(instance, path);
    return isUnresolved(value) && this.plan.hasConfiguration && !this.isSet(instance, path) ? undefined : value;
  }

  /** The planned value, or the documented default when the configuration leaves the attribute to AWS. */
  orDefault(instance: PlanInstance, path: Path, fallback: unknown): unknown {
    const value = this.get(instance, path);
    if (isUnresolved(value)) return this.plan.hasConfiguration && !this.isSet(instance, path) ? fallback : value;
    return value ?? fallback;
  }

  private nameOf(instance: PlanInstance, attribute: string): string {
    const name = walk(instance.values, [attribute]);
    return typeof name === 'string' && name !== '' && !unknownAt(instance.unknown, [attribute]) ? name : instance.address;
  }

  /** What an attribute computed at apply stands for in the model (see docs/terraform.md). */
  private standIn(instance: PlanInstance, attribute: string): unknown {
    const { type, address } = instance;
    const account = this.account;
    switch (`${type}.${attribute}`) {
      case 'aws_eks_cluster.id':
      case 'aws_eks_cluster.name':
        return this.nameOf(instance, 'name');
      case 'aws_eks_cluster.arn':
        return `arn:aws:eks:${this.region}:${account}:cluster/${this.nameOf(instance, 'name')}`;
      case 'aws_eks_cluster.identity.oidc.issuer':
        return `https://oidc.eks.${this.region}.amazonaws.com/id/${createHash('sha256').update(address).digest('hex').slice(0, 32).toUpperCase()}`;
      case 'aws_iam_role.id':
      case 'aws_iam_role.name':
        return this.nameOf(instance, 'name');
      case 'aws_iam_role.arn':
        return `arn:aws:iam::${account}:role/${this.nameOf(instance, 'name')}`;
      case 'aws_iam_policy.arn':
        return `arn:aws:iam::${account}:policy/${this.nameOf(instance, 'name')}`;
      case 'aws_ecr_repository.arn':
        return `arn:aws:ecr:${this.region}:${account}:repository/${this.nameOf(instance, 'name')}`;
      case 'aws_kms_key.id':
      case 'aws_kms_key.key_id':
        return address;
      case 'aws_kms_key.arn':
        return `arn:aws:kms:${this.region}:${account}:key/${address}`;
      case 'aws_iam_openid_connect_provider.arn':
      case 'aws_iam_openid_connect_provider.id': {
        const url = this.get(instance, ['url']);
        return typeof url === 'string' ? `arn:aws:iam::${account}:oidc-provider/${url.replace(/^https:\/\//, '')}` : `arn:aws:iam::${account}:oidc-provider/${address}`;
      }
      case 'aws_iam_openid_connect_provider.url':
        return unresolved(`${address}: url is known only after apply`);
      case 'aws_launch_template.latest_version':
      case 'aws_launch_template.default_version':
        return instance.creating ? 1 : `${address}.${attribute}`;
      case 'aws_cloudwatch_log_group.id':
      case 'aws_cloudwatch_log_group.name':
        return this.nameOf(instance, 'name');
      default:
        return attribute === 'id' || attribute === '' ? address : `${address}.${attribute}`;
    }
  }

  /** A dotted attribute path with the `[0]` steps of single blocks put back, as it appears in the values. */
  private pathWithIndexes(instance: PlanInstance, steps: readonly string[]): Path | undefined {
    const out: (string | number)[] = [];
    let current: unknown = instance.values;
    let unknown: unknown = instance.unknown;
    for (const step of steps) {
      out.push(step);
      current = asRecord(current)?.[step];
      unknown = unknown === true ? true : asRecord(unknown)?.[step];
      if (Array.isArray(current) || Array.isArray(unknown)) {
        out.push(0);
        current = Array.isArray(current) ? current[0] : undefined;
        unknown = Array.isArray(unknown) ? unknown[0] : unknown;
      }
    }
    return out;
  }

  /** What the references of an expression point at, in the scope of one module. */
  private resolve(module: string, expression: Record<string, unknown>, hops: number, key?: string): Resolution {
    const out: Resolution = { targets: [], constants: [], opaque: [] };
    if (hops > MAX_HOPS) {
      out.opaque.push('a chain of references too long to follow');
      return out;
    }
    if ('constant_value' in expression) {
      out.constants.push(expression['constant_value']);
      return out;
    }
    const references = Array.isArray(expression['references']) ? expression['references'].map(String) : [];
    // each multi-step reference is listed at every step: keep the longest per root
    const roots = new Map<string, string>();
    for (const reference of references) {
      const root = reference.split('.').slice(0, reference.startsWith('data.') || reference.startsWith('module.') ? 3 : 2).join('.').replace(/\[.*$/, '');
      const kept = roots.get(root);
      if (!kept || reference.length > kept.length) roots.set(root, reference);
    }
    // `aws_iam_role.x[count.index]` and `[each.key]` name the instance with the referring instance's own key
    const sameKey = key !== undefined && references.some((reference) => reference === 'count.index' || reference.startsWith('each.'));
    for (const reference of roots.values()) this.follow(module, reference, hops, out, sameKey ? key : undefined);
    return out;
  }

  private follow(module: string, reference: string, hops: number, out: Resolution, key?: string): void {
    const [root] = reference.split('.');
    if (root === 'var') return this.followVariable(module, reference.slice(4).replace(/[[.].*$/, ''), hops, out);
    if (root === 'module') return this.followOutput(module, reference, hops, out);
    if (root === 'each' || root === 'count') return; // the instance key: part of an expression built from other references
    if (root && PSEUDO_ROOTS.has(root)) {
      out.opaque.push(reference.replace(/\[.*$/, '').split('.').slice(0, 2).join('.'));
      return;
    }
    const match = RESOURCE_REFERENCE.exec(reference);
    if (!match) return;
    const base = `${module ? `${module}.` : ''}${match[1]}.${match[2]}`;
    const all = match[3] ? [this.plan.byAddress.get(`${base}${match[3]}`)].filter((item) => item !== undefined) : (this.byBase.get(base) ?? []);
    const keyed = key === undefined ? undefined : all.find((item) => item.address === `${base}${key}`);
    const candidates = keyed ? [keyed] : all;
    if (candidates.length === 0) out.opaque.push(`${match[1]}.${match[2]}, which this plan does not hold`);
    for (const instance of candidates) out.targets.push({ instance, attribute: attributeOf(match[4]) });
  }

  private followVariable(module: string, name: string, hops: number, out: Resolution): void {
    if (!module) {
      const value = asRecord(this.plan.variables[name]);
      if (value && 'value' in value) out.constants.push(value['value']);
      else out.opaque.push(`var.${name}`);
      return;
    }
    const call = parentModule(module);
    const expression = call ? asRecord(configOf(this.plan.root, call.parent)?.calls.get(call.name)?.expressions[name]) : undefined;
    if (!call || !expression) {
      out.opaque.push(`var.${name}`);
      return;
    }
    merge(out, this.resolve(call.parent, expression, hops + 1));
  }

  private followOutput(module: string, reference: string, hops: number, out: Resolution): void {
    const match = /^module\.([A-Za-z0-9_-]+)(\[(?:\d+|"(?:[^"\\]|\\.)*")\])?\.([A-Za-z0-9_-]+)/.exec(reference);
    if (!match) return;
    const prefix = `${module ? `${module}.` : ''}module.${match[1]}`;
    const config = configOf(this.plan.root, prefix);
    const expression = config?.outputs.get(match[3]!);
    if (!expression) {
      out.opaque.push(`module.${match[1]}.${match[3]}`);
      return;
    }
    // the module instance whose resources the output names
    const child = match[2]
      ? `${prefix}${match[2]}`
      : ([...new Set(this.plan.instances.map((instance) => instance.module).filter((name) => name === prefix || name.startsWith(`${prefix}[`)).map((name) => firstModule(name, prefix)))][0] ?? prefix);
    merge(out, this.resolve(child, expression, hops + 1));
  }
}

/** The instance key of an address (`[0]`, `["a"]`), if it has one. */
function instanceKey(address: string): string | undefined {
  return /(\[(?:\d+|"(?:[^"\\]|\\.)*")\])$/.exec(address)?.[1];
}

function firstModule(module: string, prefix: string): string {
  const depth = moduleNames(prefix).length;
  const parts = module.match(/module\.[A-Za-z0-9_-]+(?:\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?/g) ?? [];
  return parts.slice(0, depth).join('.');
}

function merge(into: Resolution, from: Resolution): void {
  into.targets.push(...from.targets);
  into.constants.push(...from.constants);
  into.opaque.push(...from.opaque);
}

/** A nested block (an object, or a list of objects) rather than a value. */
function isBlock(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every((item) => asRecord(item) !== undefined);
  return asRecord(value) !== undefined;
}

function dedupe(values: unknown[]): unknown[] {
  return [...new Set(values)];
}
