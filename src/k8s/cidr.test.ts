import { describe, expect, it } from 'vitest';
import { cidrContainsAddress, ipBlockAdmits, ipBlockAdmitsIpv6, isEverywhereCidr, parseIpv4, parseIpv4Cidr, parseIpv6, parseIpv6Cidr } from './cidr.js';

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

  it('parses IPv6 addresses as Go does: compression, embedded IPv4, no zones', () => {
    expect(parseIpv6('fd00:ec2::254')).toBe(0xfd000ec2000000000000000000000254n);
    expect(parseIpv6('::')).toBe(0n);
    expect(parseIpv6('::1')).toBe(1n);
    expect(parseIpv6('1:2:3:4:5:6:7:8')).toBe(0x00010002000300040005000600070008n);
    expect(parseIpv6('::ffff:169.254.169.254')).toBe(0xffffa9fea9fen);
    for (const bad of ['1:2:3:4:5:6:7:8:9', '1::2::3', '1:2:3:4:5:6:7', '12345::', 'fe80::1%eth0', 'g::', '::1.2.3', '1:2:3:4:5:6:7::8', '169.254.169.254']) {
      expect(parseIpv6(bad), bad).toBeUndefined();
    }
  });

  it('applies IPv6 blocks and their except lists to an IPv6 address', () => {
    const imds = parseIpv6('fd00:ec2::254')!;
    expect(parseIpv6Cidr('fd00:ec2::1/32')).toEqual({ network: 0xfd000ec2000000000000000000000000n, prefix: 32 });
    expect(parseIpv6Cidr('::/129')).toBeUndefined();
    expect(ipBlockAdmitsIpv6({ cidr: '::/0', except: [] }, imds)).toBe('contains');
    expect(ipBlockAdmitsIpv6({ cidr: 'fd00::/8', except: [] }, imds)).toBe('contains');
    expect(ipBlockAdmitsIpv6({ cidr: '::/0', except: ['fd00:ec2::254/128', 'garbage', '10.0.0.0/8'] }, imds)).toBe('excluded');
    expect(ipBlockAdmitsIpv6({ cidr: '2600::/16', except: [] }, imds)).toBe('outside');
    expect(ipBlockAdmitsIpv6({ cidr: '0.0.0.0/0', except: [] }, imds)).toBe('outside');
    expect(ipBlockAdmitsIpv6({ cidr: 'fd00::zz/8', except: [] }, imds)).toBe('invalid');
  });
});
