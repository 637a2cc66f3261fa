/**
 * CloudFormation intrinsic functions, resolved where the template determines them: parameters
 * (their defaults, or `--cfn-parameter Key=Value`), pseudo parameters, mappings, conditions,
 * `Ref`/`Fn::GetAtt` of the template's own resources (their identity in the template, as the
 * live source would see the real IDs), `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::If`,
 * `Fn::ImportValue` (an export's value passed as `--cfn-parameter EXPORT=VALUE`). Whatever is still
 * unknown becomes an Unresolved value with the reason, and the checks reading it are skipped.
 */
import { createHash } from 'node:crypto';
import { asRecord } from '../../../core/inventory.js';
import { isUnresolved, unresolved, type Unresolved } from '../fields.js';

export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export interface TemplateContext {
  parameters: ReadonlyMap<string, unknown>;
  mappings: Record<string, unknown>;
  conditions: Record<string, unknown>;
  resources: Record<string, { Type?: unknown; Properties?: unknown }>;
  region: string;
  account: string;
}

const MAX_DEPTH = 64;

export class Resolver {
  private readonly context: TemplateContext;
  private readonly conditionCache = new Map<string, boolean | Unresolved>();

  constructor(context: TemplateContext) {
    this.context = context;
  }

  condition(name: string, depth = 0): boolean | Unresolved {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    if (!(name in this.context.conditions)) return unresolved(`condition ${name} is not defined in the template`);
    const value = depth > MAX_DEPTH ? unresolved(`condition ${name} is nested too deeply`) : this.truth(this.resolve(this.context.conditions[name], depth + 1), `condition ${name}`);
    this.conditionCache.set(name, value);
    return value;
  }

  private truth(value: unknown, what: string): boolean | Unresolved {
    if (isUnresolved(value)) return value;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    return unresolved(`${what} does not evaluate to true or false`);
  }

  /** Resources whose name is being resolved: a name that refers back to its own resource stops at the logical ID. */
  private readonly naming = new Set<string>();
  private readonly urls = new Set<string>();

  /** The identity a `Ref` to one of the template's resources stands for. */
  ref(logical: string): unknown {
    if (this.naming.has(logical)) return logical;
    this.naming.add(logical);
    try {
      return this.identity(logical);
    } finally {
      this.naming.delete(logical);
    }
  }

  private identity(logical: string): unknown {
    const resource = this.context.resources[logical];
    const type = String(resource?.Type ?? '');
    const props = asRecord(resource?.Properties) ?? {};
    const named = (key: string) => {
      const value = props[key] === undefined ? undefined : this.resolve(props[key], 1);
      return typeof value === 'string' && value ? value : logical;
    };
    switch (type) {
      case 'AWS::EKS::Cluster':
        return named('Name');
      case 'AWS::IAM::Role':
        return named('RoleName');
      case 'AWS::Logs::LogGroup':
        return named('LogGroupName');
      case 'AWS::ECR::Repository':
        return named('RepositoryName');
      case 'AWS::IAM::OIDCProvider':
        return this.getAtt(logical, 'Arn');
      case 'AWS::IAM::ManagedPolicy': {
        // Ref of a managed policy is its ARN, path included
        const path = named('Path');
        const prefix = path !== logical && path.startsWith('/') ? path : '/';
        return `arn:aws:iam::${this.context.account}:policy${prefix}${named('ManagedPolicyName')}`;
      }
      case 'AWS::EC2::InternetGateway':
        return `igw-${logical}`;
      default:
        return logical;
    }
  }

  getAtt(logical: string, attribute: string): unknown {
    const resource = this.context.resources[logical];
    if (!resource) return unresolved(`Fn::GetAtt names ${logical}, which is not a resource of the template`);
    const type = String(resource.Type ?? '');
    const { region, account } = this.context;
    const props = asRecord(resource.Properties) ?? {};
    switch (`${type}.${attribute}`) {
      case 'AWS::EKS::Cluster.Arn':
        return `arn:aws:eks:${region}:${account}:cluster/${String(this.ref(logical))}`;
      case 'AWS::EKS::Cluster.OpenIdConnectIssuerUrl':
        return `https://oidc.eks.${region}.amazonaws.com/id/${createHash('sha256').update(logical).digest('hex').slice(0, 32).toUpperCase()}`;
      case 'AWS::IAM::Role.Arn':
        return `arn:aws:iam::${account}:role/${String(this.ref(logical))}`;
      case 'AWS::IAM::OIDCProvider.Arn': {
        // a Url that refers back to the provider's own ARN stops at the logical ID
        if (this.urls.has(logical)) return `arn:aws:iam::${account}:oidc-provider/${logical}`;
        this.urls.add(logical);
        const url = this.resolve(props['Url'], 1);
        this.urls.delete(logical);
        return typeof url === 'string' ? `arn:aws:iam::${account}:oidc-provider/${url.replace(/^https:\/\//, '')}` : `arn:aws:iam::${account}:oidc-provider/${logical}`;
      }
      case 'AWS::KMS::Key.Arn':
        return `arn:aws:kms:${region}:${account}:key/${logical}`;
      case 'AWS::KMS::Key.KeyId':
      case 'AWS::EC2::SecurityGroup.GroupId':
      case 'AWS::EC2::LaunchTemplate.LaunchTemplateId':
        return logical;
      case 'AWS::EC2::LaunchTemplate.LatestVersionNumber':
      case 'AWS::EC2::LaunchTemplate.DefaultVersionNumber':
        // a template created with the stack has one version
        return '1';
      case 'AWS::Logs::LogGroup.Arn':
        return `arn:aws:logs:${region}:${account}:log-group:${String(this.ref(logical))}`;
      case 'AWS::ECR::Repository.Arn':
        return `arn:aws:ecr:${region}:${account}:repository/${String(this.ref(logical))}`;
      default:
        return `${logical}.${attribute}`;
    }
  }

  private parameter(name: string): unknown {
    if (this.context.parameters.has(name)) return this.context.parameters.get(name);
    switch (name) {
      case 'AWS::Region':
        return this.context.region;
      case 'AWS::AccountId':
        return this.context.account;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::NoValue':
        return NO_VALUE;
      case 'AWS::StackName':
      case 'AWS::StackId':
        return `\${${name}}`;
      default:
        break;
    }
    if (name in this.context.resources) return this.ref(name);
    return unresolved(`parameter ${name} has no default and no value: pass --cfn-parameter ${name}=VALUE`);
  }

  private sub(template: string, variables: Record<string, unknown>, depth: number): unknown {
    let failed: Unresolved | undefined;
    const out = template.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      let value: unknown;
      if (name in variables) value = this.resolve(variables[name], depth + 1);
      else if (name.includes('.') && !name.startsWith('AWS::')) {
        const dot = name.indexOf('.');
        value = this.getAtt(name.slice(0, dot), name.slice(dot + 1));
      } else value = this.parameter(name);
      if (isUnresolved(value)) failed ??= value;
      return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
    });
    return failed ?? out;
  }

  /** The value with every intrinsic function it holds evaluated, or an Unresolved saying why not. */
  resolve(value: unknown, depth = 0): unknown {
    if (depth > MAX_DEPTH) return unresolved('intrinsic functions nested too deeply');
    if (Array.isArray(value)) {
      const items = value.map((item) => this.resolve(item, depth + 1)).filter((item) => item !== NO_VALUE);
      return items;
    }
    const map = asRecord(value);
    if (!map) return value;
    const keys = Object.keys(map);
    if (keys.length === 1) {
      const key = keys[0]!;
      const arg = map[key];
      const fn = this.function(key, arg, depth);
      if (fn !== undefined) return fn;
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const resolved = this.resolve(map[key], depth + 1);
      if (resolved !== NO_VALUE) Object.defineProperty(out, key, { value: resolved, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  private function(name: string, arg: unknown, depth: number): unknown {
    const args = () => (Array.isArray(arg) ? arg.map((item) => this.resolve(item, depth + 1)) : []);
    switch (name) {
      case 'Ref':
        return typeof arg === 'string' ? this.parameter(arg) : unresolved('Ref takes a name');
      case 'Condition':
        return typeof arg === 'string' ? this.condition(arg, depth + 1) : unresolved('Condition takes a name');
      case 'Fn::GetAtt': {
        const parts = typeof arg === 'string' ? arg.split('.') : args();
        const [logical, ...rest] = parts;
        return typeof logical === 'string' ? this.getAtt(logical, rest.map(String).join('.')) : unresolved('Fn::GetAtt takes a resource and an attribute');
      }
      case 'Fn::Sub': {
        if (typeof arg === 'string') return this.sub(arg, {}, depth);
        const [template, variables] = Array.isArray(arg) ? arg : [];
        return typeof template === 'string' ? this.sub(template, asRecord(variables) ?? {}, depth) : unresolved('Fn::Sub takes a string');
      }
      case 'Fn::Join': {
        const [delimiter, list] = args();
        if (isUnresolved(list)) return list;
        if (!Array.isArray(list)) return unresolved('Fn::Join takes a list');
        const bad = list.find(isUnresolved);
        return bad ?? list.map(String).join(typeof delimiter === 'string' ? delimiter : '');
      }
      case 'Fn::Select': {
        const [index, list] = args();
        if (isUnresolved(index)) return index;
        if (isUnresolved(list)) return list;
        const at = Number(index);
        return Array.isArray(list) && Number.isInteger(at) && at >= 0 && at < list.length ? list[at] : unresolved('Fn::Select index is out of range');
      }
      case 'Fn::Split': {
        const [delimiter, text] = args();
        if (isUnresolved(text)) return text;
        return typeof delimiter === 'string' && typeof text === 'string' ? text.split(delimiter) : unresolved('Fn::Split takes a delimiter and a string');
      }
      case 'Fn::If': {
        if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') return unresolved('Fn::If takes a condition name and two values');
        const truth = this.condition(arg[0], depth + 1);
        if (isUnresolved(truth)) return truth;
        return this.resolve(truth ? arg[1] : arg[2], depth + 1);
      }
      case 'Fn::Equals': {
        const [a, b] = args();
        if (isUnresolved(a)) return a;
        if (isUnresolved(b)) return b;
        return JSON.stringify(a) === JSON.stringify(b) || String(a) === String(b);
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const values = args().map((item) => this.truth(item, name));
        const bad = values.find(isUnresolved);
        if (bad) return bad;
        return name === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
      }
      case 'Fn::Not': {
        const [value] = args();
        const truth = this.truth(value, name);
        return isUnresolved(truth) ? truth : !truth;
      }
      case 'Fn::FindInMap': {
        const [map, first, second] = args();
        const found = [map, first, second].find(isUnresolved);
        if (found) return found;
        const value = asRecord(asRecord(this.context.mappings[String(map)])?.[String(first)])?.[String(second)];
        // the keys may come from parameters, whose values are not repeated
        return value === undefined ? unresolved('Fn::FindInMap finds no value for its keys') : this.resolve(value, depth + 1);
      }
      case 'Fn::ImportValue': {
        const exported = this.resolve(arg, depth + 1);
        if (isUnresolved(exported)) return exported;
        const name = String(exported);
        return this.context.parameters.has(name) ? this.context.parameters.get(name) : unresolved(`Fn::ImportValue ${name} comes from another stack: pass --cfn-parameter ${name}=VALUE`);
      }
      case 'Fn::Base64':
        return this.resolve(arg, depth + 1);
      case 'Fn::ToJsonString': {
        const inner = this.resolve(arg, depth + 1);
        return isUnresolved(inner) ? inner : JSON.stringify(inner);
      }
      case 'Fn::GetAZs':
      case 'Fn::Cidr':
      case 'Fn::Transform':
      case 'Fn::Length':
        return unresolved(`${name} is evaluated by CloudFormation at deploy time`);
      default:
        return undefined;
    }
  }
}
