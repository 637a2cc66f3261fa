/**
 * EC2 resources of a plan → the network and node models: aws_security_group with its inline
 * rules, aws_security_group_rule, aws_vpc_security_group_ingress_rule / _egress_rule,
 * aws_subnet, aws_route_table / aws_route / aws_route_table_association, aws_flow_log,
 * aws_launch_template and aws_ebs_encryption_by_default (AWS provider attribute names).
 */
import type { LaunchTemplateVersionModel, RouteTableModel, SecurityGroupModel, SecurityGroupRule, SubnetModel } from '../../../aws/models.js';
import { normaliseProtocol } from '../../../aws/network.js';
import { records } from '../../../aws/json.js';
import { analyzeUserData } from '../../../aws/user-data/facts.js';
import { defined, FieldReader, isUnresolved, type Unresolved } from '../fields.js';
import type { PlanInstance } from './plan.js';
import type { PlanValues } from './values.js';

export interface RuleTarget {
  /** the security group the rule belongs to (its identity in the plan), or why it is not known */
  group: string | Unresolved;
  direction: 'ingress' | 'egress';
  rule: SecurityGroupRule | Unresolved;
}

function stringsOrUnknown(value: unknown): string[] | Unresolved {
  if (isUnresolved(value)) return value;
  if (!Array.isArray(value)) return typeof value === 'string' && value ? [value] : [];
  const bad = value.find(isUnresolved);
  if (bad) return bad as Unresolved;
  return value.filter((item): item is string => typeof item === 'string' && item !== '');
}

/** One rule from the fields of an inline block or a rule resource; unknown when any of its parts is. */
function ruleOf(parts: { protocol: unknown; from: unknown; to: unknown; cidrs: unknown[]; groups: unknown[]; prefixLists: unknown[]; self?: string }): SecurityGroupRule | Unresolved {
  const lists = [...parts.cidrs, ...parts.groups, ...parts.prefixLists].map(stringsOrUnknown);
  const unknown = [parts.protocol, parts.from, parts.to].find(isUnresolved) ?? lists.find(isUnresolved);
  if (unknown) return unknown as Unresolved;
  const [cidrs, groups, prefixLists] = [parts.cidrs, parts.groups, parts.prefixLists].map((values) => values.flatMap((value) => stringsOrUnknown(value) as string[]));
  const from = typeof parts.from === 'number' ? parts.from : undefined;
  const to = typeof parts.to === 'number' ? parts.to : undefined;
  return defined({
    protocol: normaliseProtocol(typeof parts.protocol === 'string' ? parts.protocol : typeof parts.protocol === 'number' ? String(parts.protocol) : undefined),
    from,
    to,
    cidrs: cidrs!,
    groupIds: [...groups!, ...(parts.self ? [parts.self] : [])],
    prefixListIds: prefixLists!,
  });
}

export function securityGroupOf(values: PlanValues, instance: PlanInstance, f: FieldReader): SecurityGroupModel {
  const get = (...path: (string | number)[]) => values.get(instance, path);
  const id = values.identity(instance, ['id']);
  const rules = (direction: 'ingress' | 'egress'): SecurityGroupRule[] => {
    // left out of the configuration, the inline rules are computed from the separate rule resources (joined later)
    const blocks = values.orDefault(instance, [direction], []);
    if (isUnresolved(blocks)) return (f.mark(direction, blocks.reason), []);
    const out: SecurityGroupRule[] = [];
    records(blocks).forEach((_, index) => {
      const at = (name: string) => values.ifSet(instance, [direction, index, name]);
      const rule = ruleOf({ protocol: at('protocol'), from: at('from_port'), to: at('to_port'), cidrs: [at('cidr_blocks'), at('ipv6_cidr_blocks')], groups: [at('security_groups')], prefixLists: [at('prefix_list_ids')], ...(at('self') === true ? { self: id } : {}) });
      if (isUnresolved(rule)) f.mark(direction, rule.reason);
      else out.push(rule);
    });
    return out;
  };
  return defined({
    id,
    name: f.string('name', get('name')),
    vpcId: f.string('vpcId', get('vpc_id')),
    region: values.region,
    arn: values.identity(instance, ['arn']),
    ingress: rules('ingress'),
    egress: rules('egress'),
    tags: {},
  });
}

/** aws_security_group_rule and aws_vpc_security_group_{ingress,egress}_rule. */
export function ruleResourceOf(values: PlanValues, instance: PlanInstance): RuleTarget {
  // optional rule attributes the configuration leaves out are computed as empty: not unknown
  const get = (name: string) => values.ifSet(instance, [name]);
  const group = get('security_group_id');
  const target = isUnresolved(group) ? group : typeof group === 'string' ? group : values.identity(instance, ['security_group_id']);
  if (instance.type === 'aws_security_group_rule') {
    return {
      group: target,
      direction: get('type') === 'egress' ? 'egress' : 'ingress',
      rule: ruleOf({
        protocol: get('protocol'),
        from: get('from_port'),
        to: get('to_port'),
        cidrs: [get('cidr_blocks'), get('ipv6_cidr_blocks')],
        groups: [get('source_security_group_id')],
        prefixLists: [get('prefix_list_ids')],
        ...(get('self') === true && typeof target === 'string' ? { self: target } : {}),
      }),
    };
  }
  return {
    group: target,
    direction: instance.type.endsWith('egress_rule') ? 'egress' : 'ingress',
    rule: ruleOf({ protocol: get('ip_protocol'), from: get('from_port'), to: get('to_port'), cidrs: [get('cidr_ipv4'), get('cidr_ipv6')], groups: [get('referenced_security_group_id')], prefixLists: [get('prefix_list_id')] }),
  };
}

export function subnetOf(values: PlanValues, instance: PlanInstance, f: FieldReader): SubnetModel {
  return defined({
    id: values.identity(instance, ['id']),
    vpcId: f.string('vpcId', values.get(instance, ['vpc_id'])),
    region: values.region,
    mapPublicIpOnLaunch: f.bool('mapPublicIpOnLaunch', values.orDefault(instance, ['map_public_ip_on_launch'], false)) ?? false,
  });
}

/** A route target is an internet gateway when its ID says so or it refers to an aws_internet_gateway of the plan. */
function isInternetGateway(value: unknown): boolean {
  return typeof value === 'string' && (value.startsWith('igw-') || /(^|\.)aws_internet_gateway\./.test(value));
}

const isDefaultRoute = (cidr: unknown) => cidr === '0.0.0.0/0' || cidr === '::/0';

export function routeTableOf(values: PlanValues, instance: PlanInstance): RouteTableModel & { unknown: Map<string, string> } {
  const f = new FieldReader();
  const routes = values.get(instance, ['route']);
  const internetRoutes: string[] = [];
  if (isUnresolved(routes)) f.mark('internetRoutes', routes.reason);
  else {
    records(routes).forEach((_, index) => {
      const gateway = values.get(instance, ['route', index, 'gateway_id']);
      const cidr = values.get(instance, ['route', index, 'cidr_block']) || values.get(instance, ['route', index, 'ipv6_cidr_block']);
      if (isUnresolved(gateway)) f.mark('internetRoutes', gateway.reason);
      else if (isInternetGateway(gateway) && isDefaultRoute(cidr)) internetRoutes.push(String(cidr));
    });
  }
  return {
    ...defined({ id: values.identity(instance, ['id']), vpcId: f.string('vpcId', values.get(instance, ['vpc_id'])), region: values.region }),
    main: instance.type === 'aws_default_route_table',
    subnetIds: [],
    internetRoutes,
    unknown: f.unknown,
  };
}

/** aws_route, aws_route_table_association, aws_main_route_table_association: applied to the tables they name. */
export function applyRouteResource(values: PlanValues, instance: PlanInstance, tables: Map<string, RouteTableModel & { unknown: Map<string, string> }>): void {
  const tableId = values.get(instance, ['route_table_id']);
  const table = typeof tableId === 'string' ? tables.get(tableId) : undefined;
  if (!table) return;
  if (instance.type === 'aws_route') {
    const gateway = values.get(instance, ['gateway_id']);
    const cidr = values.get(instance, ['destination_cidr_block']) || values.get(instance, ['destination_ipv6_cidr_block']);
    if (isUnresolved(gateway)) table.unknown.set('internetRoutes', gateway.reason);
    else if (isInternetGateway(gateway) && isDefaultRoute(cidr)) table.internetRoutes.push(String(cidr));
  } else if (instance.type === 'aws_route_table_association') {
    const subnet = values.get(instance, ['subnet_id']);
    if (typeof subnet === 'string') table.subnetIds.push(subnet);
  } else if (instance.type === 'aws_main_route_table_association') table.main = true;
}

export function launchTemplateOf(values: PlanValues, instance: PlanInstance, f: FieldReader): LaunchTemplateVersionModel {
  const get = (...path: (string | number)[]) => values.get(instance, path);
  const interfaces = records(values.orDefault(instance, ['network_interfaces'], []));
  const metadata = records(get('metadata_options'));
  const setIn = (name: string) => values.isSet(instance, ['metadata_options', 0, name]);
  const metadataField = (field: string, name: string, read: (value: unknown) => string | number | undefined) => {
    const value = get('metadata_options', 0, name);
    // an attribute the configuration leaves out takes the AMI's default: not known from the plan, and not marked
    if (isUnresolved(value)) return setIn(name) ? f.mark(field, value.reason) : undefined;
    return read(value);
  };
  const publicIp = interfaces.map((_, index) => f.bool('associatePublicIp', get('network_interfaces', index, 'associate_public_ip_address'))).find((value) => value !== undefined);
  const version = values.identity(instance, ['latest_version']);
  // the provider takes user_data base64-encoded and never computes it; scanned here, only the facts enter the model
  const userData = f.string('userData', get('user_data'));
  return defined({
    id: values.identity(instance, ['id']),
    name: f.string('name', values.ifSet(instance, ['name'])) || undefined,
    version,
    region: values.region,
    isDefault: true,
    keyName: f.string('keyName', values.ifSet(instance, ['key_name'])) || undefined,
    imageId: f.string('imageId', values.ifSet(instance, ['image_id'])) || undefined,
    securityGroupIds: [...f.strings('securityGroupIds', values.ifSet(instance, ['vpc_security_group_ids'])), ...interfaces.flatMap((_, index) => f.strings('securityGroupIds', get('network_interfaces', index, 'security_groups')))],
    associatePublicIp: publicIp,
    userData: userData ? analyzeUserData(userData, { base64: true }) : undefined,
    metadata:
      metadata.length > 0
        ? defined({
            httpTokens: metadataField('metadata.httpTokens', 'http_tokens', (value) => (typeof value === 'string' && value ? value : undefined)) as string | undefined,
            httpEndpoint: metadataField('metadata.httpEndpoint', 'http_endpoint', (value) => (typeof value === 'string' && value ? value : undefined)) as string | undefined,
            hopLimit: metadataField('metadata.hopLimit', 'http_put_response_hop_limit', (value) => (typeof value === 'number' ? value : undefined)) as number | undefined,
          })
        : undefined,
    volumes: records(get('block_device_mappings'))
      .map((_, index) => ({ index, ebs: records(get('block_device_mappings', index, 'ebs')) }))
      .filter((entry) => entry.ebs.length > 0)
      .map(({ index }) =>
        defined({
          device: f.string('volumes', get('block_device_mappings', index, 'device_name')) || undefined,
          encrypted: f.bool('volumes', get('block_device_mappings', index, 'ebs', 0, 'encrypted')),
          kmsKeyId: f.string('volumes', get('block_device_mappings', index, 'ebs', 0, 'kms_key_id')) || undefined,
        }),
      ),
  });
}
