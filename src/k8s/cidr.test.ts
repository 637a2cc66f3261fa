import { describe, expect, it } from 'vitest';
import { cidrContainsAddress, ipBlockAdmits, isEverywhereCidr, parseIpv4, parseIpv4Cidr } from './cidr.js';

const IMDS = parseIpv4('169.254.169.254')!;

describe('IPv4 CIDRs', () => {
  it('parses addresses and rejects malformed ones', () => {
    expect(parseIpv4('0.0.0.0')).toBe(0);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIpv4('169.254.169.254')).toBe(0xa9fea9fe);
    expect(parseIpv4('010.000.000.001')).toBe(0x0a000001);
    for (const bad of ['256.0.0.1', '1.2.3', '1.2.3.4.5', '1.2.3.x', '', ' 1.2.3.4', '1..2.3', '-1.2.3.4', '1.2.3.4/32']) {
      expect(parseIpv4(bad), bad).toBeUndefined();
    }
  });

  it('parses CIDRs sloppily like Kubernetes: host bits are masked away', () => {
    expect(parseIpv4Cidr('10.1.2.3/8')).toEqual({ network: 0x0a000000, prefix: 8 });
    expect(parseIpv4Cidr('169.254.169.254/32')).toEqual({ network: IMDS, prefix: 32 });
    expect(parseIpv4Cidr('1.2.3.4/0')).toEqual({ network: 0, prefix: 0 });
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/8/8', 'fd00::/8', '10.0.0.0/abc']) {
      expect(parseIpv4Cidr(bad), bad).toBeUndefined();
    }
  });

  it('decides containment at every prefix boundary', () => {
    expect(cidrContainsAddress(parseIpv4Cidr('169.254.0.0/16')!, IMDS)).toBe(true);
    expect(cidrContainsAddress(parseIpv4Cidr('169.254.169.254/32')!, IMDS)).toBe(true);
    expect(cidrContainsAddress(parseIpv4Cidr('169.254.169.255/32')!, IMDS)).toBe(false);
    expect(cidrContainsAddress(parseIpv4Cidr('169.254.169.252/30')!, IMDS)).toBe(true);
    expect(cidrContainsAddress(parseIpv4Cidr('169.254.169.248/30')!, IMDS)).toBe(false);
    expect(cidrContainsAddress(parseIpv4Cidr('128.0.0.0/1')!, IMDS)).toBe(true);
    expect(cidrContainsAddress(parseIpv4Cidr('0.0.0.0/1')!, IMDS)).toBe(false);
    expect(cidrContainsAddress(parseIpv4Cidr('10.0.0.0/8')!, IMDS)).toBe(false);
    expect(cidrContainsAddress(parseIpv4Cidr('0.0.0.0/0')!, IMDS)).toBe(true);
  });

  it('recognises "everything" in both families', () => {
    expect(isEverywhereCidr('0.0.0.0/0')).toBe(true);
    expect(isEverywhereCidr('::/0')).toBe(true);
    expect(isEverywhereCidr(' 10.0.0.0/0 ')).toBe(true);
    expect(isEverywhereCidr('0.0.0.0/1')).toBe(false);
    expect(isEverywhereCidr('::/1')).toBe(false);
    expect(isEverywhereCidr('not-a-cidr')).toBe(false);
  });

  it('applies ipBlock except lists', () => {
    expect(ipBlockAdmits({ cidr: '0.0.0.0/0', except: [] }, IMDS)).toBe('contains');
    expect(ipBlockAdmits({ cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] }, IMDS)).toBe('excluded');
    expect(ipBlockAdmits({ cidr: '0.0.0.0/0', except: ['169.254.0.0/16'] }, IMDS)).toBe('excluded');
    expect(ipBlockAdmits({ cidr: '0.0.0.0/0', except: ['169.254.169.0/25'] }, IMDS)).toBe('contains');
    expect(ipBlockAdmits({ cidr: '0.0.0.0/0', except: ['fd00:ec2::254/128', 'garbage'] }, IMDS)).toBe('contains');
    expect(ipBlockAdmits({ cidr: '10.0.0.0/8', except: [] }, IMDS)).toBe('outside');
    expect(ipBlockAdmits({ cidr: '::/0', except: [] }, IMDS)).toBe('outside');
    expect(ipBlockAdmits({ cidr: 'nonsense', except: [] }, IMDS)).toBe('invalid');
  });
});
