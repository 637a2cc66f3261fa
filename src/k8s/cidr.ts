/**
 * IPv4 CIDR arithmetic for NetworkPolicy ipBlocks and load-balancer source
 * ranges. Parsing is as lenient as Kubernetes' `ParseCIDRSloppy`: host bits
 * may be set (`10.0.0.1/8` means `10.0.0.0/8`) and octets may carry leading
 * zeros. IPv6 ranges are recognised but only judged for "everything" (`/0`):
 * an IPv6 block never contains an IPv4 address.
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
