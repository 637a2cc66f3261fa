import type { PortRange, RouteTableModel, SecurityGroupModel, SecurityGroupRule, SubnetModel } from './models.js';

const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

export function normaliseProtocol(protocol: string | undefined): string {
  const lower = (protocol ?? '-1').toLowerCase();
  return PROTOCOL_NUMBERS[lower] ?? (lower === 'all' ? '-1' : lower);
}

/** Does a rule let protocol/port through? `-1` rules cover everything; absent ports or -1 mean all ports. */
export function coversPort(rule: PortRange, protocol: 'tcp' | 'udp', port: number): boolean {
  const proto = normaliseProtocol(rule.protocol);
  if (proto === '-1') return true;
  if (proto !== protocol) return false;
  if (rule.from === undefined || rule.to === undefined || rule.from === -1) return true;
  return rule.from <= port && port <= rule.to;
}

/** True when the rule opens every port of TCP or of all protocols. */
export function coversAllPorts(rule: PortRange): boolean {
  const proto = normaliseProtocol(rule.protocol);
  if (proto === '-1') return true;
  if (proto !== 'tcp' && proto !== 'udp') return false;
  if (rule.from === undefined || rule.to === undefined || rule.from === -1) return true;
  return rule.from <= 0 && rule.to >= 65535;
}

export function describePorts(rule: PortRange): string {
  const proto = normaliseProtocol(rule.protocol);
  if (proto === '-1') return 'all traffic';
  if (rule.from === undefined || rule.to === undefined || rule.from === -1) return `${proto} all ports`;
  return rule.from === rule.to ? `${proto}/${rule.from}` : `${proto}/${rule.from}-${rule.to}`;
}

/** `0.0.0.0/0` and `::/0`, in any of the spellings a user might write (`0.0.0.0/0`, `::0/0`). */
export function isWholeInternet(cidr: string): boolean {
  const trimmed = cidr.trim();
  if (/^0+\.0+\.0+\.0+\/0$/.test(trimmed)) return true;
  return /^[0:]*::?[0:]*\/0$/.test(trimmed);
}

/** A CIDR that contains public (non-RFC1918, non-special) addresses. Prefixes shorter than /8 always do. */
export function isPublicCidr(cidr: string): boolean {
  const trimmed = cidr.trim();
  if (isWholeInternet(trimmed)) return true;
  if (trimmed.includes(':')) {
    // IPv6: unique-local fc00::/7 and link-local fe80::/10 are private; anything else routable is public
    return !/^f[cd][0-9a-f]{0,2}:/i.test(trimmed) && !/^fe[89ab][0-9a-f]?:/i.test(trimmed);
  }
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(trimmed);
  if (!match) return true;
  const [a, b] = [Number(match[1]), Number(match[2])];
  const prefix = match[5] === undefined ? 32 : Number(match[5]);
  if (a === 10) return prefix < 8;
  if (a === 172 && b >= 16 && b <= 31) return prefix < 12;
  if (a === 192 && b === 168) return prefix < 16;
  if (a === 127) return prefix < 8;
  if (a === 100 && b >= 64 && b <= 127) return prefix < 10; // carrier-grade NAT, not internet-routable
  return true;
}

export interface OpenRule {
  group: SecurityGroupModel;
  rule: SecurityGroupRule;
  cidr: string;
}

/** Ingress rules of the groups that admit the whole internet. */
export function internetIngress(groups: readonly SecurityGroupModel[]): OpenRule[] {
  const out: OpenRule[] = [];
  for (const group of groups) {
    for (const rule of group.ingress) {
      for (const cidr of rule.cidrs) if (isWholeInternet(cidr)) out.push({ group, rule, cidr });
    }
  }
  return out;
}

/** A route table decides a subnet: its explicit association, else the VPC's main table. */
export function routeTableOf(subnet: SubnetModel, tables: readonly RouteTableModel[]): RouteTableModel | undefined {
  const inVpc = tables.filter((table) => table.region === subnet.region && (subnet.vpcId === undefined || table.vpcId === subnet.vpcId));
  return inVpc.find((table) => table.subnetIds.includes(subnet.id)) ?? inVpc.find((table) => table.main);
}

export interface SubnetExposure {
  public: boolean;
  reasons: string[];
  /** false when the route table could not be found, so the answer rests on MapPublicIpOnLaunch alone */
  routeKnown: boolean;
}

/** A subnet is public when it routes 0.0.0.0/0 (or ::/0) to an internet gateway, or hands out public IPs. */
export function subnetExposure(subnet: SubnetModel, tables: readonly RouteTableModel[]): SubnetExposure {
  const reasons: string[] = [];
  const table = routeTableOf(subnet, tables);
  if (table && table.internetRoutes.length > 0) reasons.push(`routes ${table.internetRoutes.join(', ')} to an internet gateway (${table.id})`);
  if (subnet.mapPublicIpOnLaunch) reasons.push('assigns public IPs on launch');
  return { public: reasons.length > 0, reasons, routeKnown: table !== undefined };
}
