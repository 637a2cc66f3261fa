import { ipBlockAdmits, ipBlockAdmitsIpv6, isEverywhereCidr, isIpv6Cidr, parseIpv4, parseIpv6 } from '../cidr.js';
import { IMDS_ADDRESS, IMDS_IPV6_ADDRESS } from '../network-policy.js';
import type { ImdsMatch } from './model.js';
import { and, or, type Truth } from './truth.js';

const IMDS_V4 = parseIpv4(IMDS_ADDRESS)!;
const IMDS_V6 = parseIpv6(IMDS_IPV6_ADDRESS)!;
export const IMDS_PORT = 80;

/** A bare address is its own /32 or /128, as both engines read it. */
function asCidr(text: string): string {
  const trimmed = text.trim();
  if (trimmed.includes('/')) return trimmed;
  return isIpv6Cidr(trimmed) ? `${trimmed}/128` : `${trimmed}/32`;
}

/** Whether a CIDR minus its exceptions holds the metadata service; unreadable CIDRs are unknown. */
export function cidrHoldsImds(cidr: string, except: readonly string[] = []): ImdsMatch {
  const block = { cidr: asCidr(cidr), except: except.map(asCidr) };
  const v4 = ipBlockAdmits(block, IMDS_V4);
  const v6 = ipBlockAdmitsIpv6(block, IMDS_V6);
  const family = isIpv6Cidr(block.cidr);
  return {
    v4: family ? false : v4 === 'invalid' ? undefined : v4 === 'contains',
    v6: !family ? false : v6 === 'invalid' ? undefined : v6 === 'contains',
  };
}

export function isEverywhere(cidr: string): boolean {
  return isEverywhereCidr(cidr.trim());
}

export function anyImds(matches: readonly ImdsMatch[]): ImdsMatch {
  return { v4: or(matches.map((match) => match.v4)), v6: or(matches.map((match) => match.v6)) };
}

export function bothImds(match: ImdsMatch, also: Truth): ImdsMatch {
  return { v4: and([match.v4, also]), v6: and([match.v6, also]) };
}

export function sameImds(value: Truth): ImdsMatch {
  return { v4: value, v6: value };
}
