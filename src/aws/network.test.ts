import { describe, expect, it } from 'vitest';
import { coversAllPorts, coversPort, describePorts, isPublicCidr, isWholeInternet, normaliseProtocol, subnetExposure } from './network.js';

describe('security-group rule arithmetic', () => {
  it('normalises protocol numbers and names', () => {
    expect(normaliseProtocol('6')).toBe('tcp');
    expect(normaliseProtocol('17')).toBe('udp');
    expect(normaliseProtocol('TCP')).toBe('tcp');
    expect(normaliseProtocol(undefined)).toBe('-1');
  });
  it('treats -1 and missing ports as every port', () => {
    expect(coversPort({ protocol: '-1' }, 'tcp', 22)).toBe(true);
    expect(coversPort({ protocol: 'tcp' }, 'tcp', 22)).toBe(true);
    expect(coversPort({ protocol: 'tcp', from: -1, to: -1 }, 'tcp', 22)).toBe(true);
    expect(coversPort({ protocol: 'udp', from: 0, to: 65535 }, 'tcp', 22)).toBe(false);
    expect(coversPort({ protocol: 'tcp', from: 1024, to: 65535 }, 'tcp', 10250)).toBe(true);
    expect(coversPort({ protocol: 'tcp', from: 1024, to: 65535 }, 'tcp', 443)).toBe(false);
    expect(coversAllPorts({ protocol: 'tcp', from: 0, to: 65535 })).toBe(true);
    expect(coversAllPorts({ protocol: 'icmp', from: -1, to: -1 })).toBe(false);
    expect(describePorts({ protocol: 'tcp', from: 22, to: 22 })).toBe('tcp/22');
  });
  it('recognises the whole internet in its spellings, and public ranges', () => {
    for (const cidr of ['0.0.0.0/0', ' 0.0.0.0/0', '::/0', '::0/0']) expect(isWholeInternet(cidr), cidr).toBe(true);
    expect(isWholeInternet('0.0.0.0/1')).toBe(false);
    expect(isPublicCidr('10.0.0.0/8')).toBe(false);
    expect(isPublicCidr('10.0.0.0/7')).toBe(true);
    expect(isPublicCidr('172.31.0.0/16')).toBe(false);
    expect(isPublicCidr('172.32.0.0/16')).toBe(true);
    expect(isPublicCidr('fd00::/8')).toBe(false);
    expect(isPublicCidr('2001:db8::/32')).toBe(true);
    expect(isPublicCidr('not a cidr')).toBe(true);
  });
});

describe('subnet exposure', () => {
  const subnet = { id: 'subnet-1', vpcId: 'vpc-1', region: 'r', mapPublicIpOnLaunch: false };
  it('prefers the explicit association over the main table of the VPC', () => {
    const main = { id: 'rtb-main', vpcId: 'vpc-1', region: 'r', main: true, subnetIds: [], internetRoutes: ['0.0.0.0/0'] };
    const own = { id: 'rtb-own', vpcId: 'vpc-1', region: 'r', main: false, subnetIds: ['subnet-1'], internetRoutes: [] };
    expect(subnetExposure(subnet, [main, own]).public).toBe(false);
    expect(subnetExposure(subnet, [main]).public).toBe(true);
    expect(subnetExposure(subnet, [{ ...main, vpcId: 'vpc-other' }])).toEqual({ public: false, reasons: [], routeKnown: false });
  });
});
