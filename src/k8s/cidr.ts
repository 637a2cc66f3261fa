/**
 * CIDR arithmetic for NetworkPolicy ipBlocks and load-balancer source ranges.
 * Parsing is as lenient as Kubernetes' `ParseCIDRSloppy`: host bits may be set
 * (`10.0.0.1/8` means `10.0.0.0/8`) and IPv4 octets may carry leading zeros.
 * IPv4 addresses are unsigned 32-bit numbers, IPv6 addresses 128-bit bigints;
 * a block of one family never contains an address of the other.
 */

export interface Ipv4Cidr {
  /** network address as an unsigned 32-bit integer */
  readonly network: number;
  readonly prefix: number;
}

const OCTET = /^\d{1,3}$/;

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

function maskOf(prefix: number): number {
  // Shifts work on signed 32-bit integers; >>> 0 brings the result back to unsigned.
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function parseIpv4Cidr(text: string): Ipv4Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIpv4(text.slice(0, slash).trim());
  const prefixText = text.slice(slash + 1).trim();
  if (address === undefined || !/^\d{1,2}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  return { network: (address & maskOf(prefix)) >>> 0, prefix };
}

export function cidrContainsAddress(cidr: Ipv4Cidr, address: number): boolean {
  return ((address & maskOf(cidr.prefix)) >>> 0) === cidr.network;
}

const HEXTET = /^[0-9a-fA-F]{1,4}$/;

/** An IPv6 address (`fd00:ec2::254`, `::ffff:1.2.3.4`) as a 128-bit number; zones (`%eth0`) are refused as in CIDRs. */
export function parseIpv6(text: string): bigint | undefined {
  if (!text.includes(':') || text.includes('%')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1 && piece.includes('.')) {
        const ipv4 = parseIpv4(piece);
        if (ipv4 === undefined) return undefined;
        out.push(Math.floor(ipv4 / 0x10000), ipv4 % 0x10000);
      } else if (HEXTET.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let value = 0n;
  for (const group of [...head, ...Array<number>(missing).fill(0), ...tail]) value = (value << 16n) | BigInt(group);
  return value;
}

export interface Ipv6Cidr {
  readonly network: bigint;
  readonly prefix: number;
}

const ALL_128 = (1n << 128n) - 1n;

function mask128(prefix: number): bigint {
  return prefix === 0 ? 0n : (ALL_128 << BigInt(128 - prefix)) & ALL_128;
}

export function parseIpv6Cidr(text: string): Ipv6Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIpv6(text.slice(0, slash).trim());
  const prefixText = text.slice(slash + 1).trim();
  if (address === undefined || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 128) return undefined;
  return { network: address & mask128(prefix), prefix };
}

export function ipv6CidrContains(cidr: Ipv6Cidr, address: bigint): boolean {
  return (address & mask128(cidr.prefix)) === cidr.network;
}

export function isIpv6Cidr(text: string): boolean {
  return text.includes(':');
}

/** `0.0.0.0/0`, `::/0` and their sloppy spellings (`10.1.2.3/0`): every address of the family. */
export function isEverywhereCidr(text: string): boolean {
  const trimmed = text.trim();
  if (isIpv6Cidr(trimmed)) return /\/0+$/.test(trimmed);
  return parseIpv4Cidr(trimmed)?.prefix === 0;
}

export type CidrVerdict = 'contains' | 'excluded' | 'outside' | 'invalid';

/** Whether an ipBlock (`cidr` minus `except`) admits an IPv6 address. */
export function ipBlockAdmitsIpv6(block: { cidr: string; except: readonly string[] }, address: bigint): CidrVerdict {
  if (!isIpv6Cidr(block.cidr)) return 'outside';
  const cidr = parseIpv6Cidr(block.cidr);
  if (!cidr) return 'invalid';
  if (!ipv6CidrContains(cidr, address)) return 'outside';
  for (const text of block.except) {
    const excluded = isIpv6Cidr(text) ? parseIpv6Cidr(text) : undefined;
    if (excluded && ipv6CidrContains(excluded, address)) return 'excluded';
  }
  return 'contains';
}

/** Whether an ipBlock (`cidr` minus `except`) admits an IPv4 address. */
export function ipBlockAdmits(block: { cidr: string; except: readonly string[] }, address: number): CidrVerdict {
  if (isIpv6Cidr(block.cidr)) return 'outside';
  const cidr = parseIpv4Cidr(block.cidr);
  if (!cidr) return 'invalid';
  if (!cidrContainsAddress(cidr, address)) return 'outside';
  for (const text of block.except) {
    if (isIpv6Cidr(text)) continue;
    const excluded = parseIpv4Cidr(text);
    // An unreadable except entry makes the API server reject the policy; it cannot narrow the block.
    if (excluded && cidrContainsAddress(excluded, address)) return 'excluded';
  }
  return 'contains';
}
