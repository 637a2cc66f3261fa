import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { publicEndpointOpenToInternet } from './eks-net-001-public-endpoint-cidrs.js';
import { PATHS, clusterResponse } from './fixtures.js';

const cluster = (patch: unknown) => ({ [PATHS.cluster]: clusterResponse(patch) });
const publicEndpoint = (cidrs: unknown, privateAccess = true) => cluster({ resourcesVpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: privateAccess, publicAccessCidrs: cidrs } });

describe('EKS-NET-001 public endpoint open to the internet', () => {
  it('is critical when the private endpoint is off too', () => {
    expect(summary(runAws(publicEndpointOpenToInternet, publicEndpoint(['0.0.0.0/0'], false)))).toEqual(['fail:critical']);
    expect(summary(runAws(publicEndpointOpenToInternet, publicEndpoint(['0.0.0.0/0'])))).toEqual(['fail:high']);
  });
  it('treats ::/0 and an empty CIDR list (the default) as open', () => {
    expect(summary(runAws(publicEndpointOpenToInternet, publicEndpoint(['203.0.113.0/24', '::/0'])))).toEqual(['fail:high']);
    expect(summary(runAws(publicEndpointOpenToInternet, publicEndpoint([])))).toEqual(['fail:high']);
  });
  it('ignores the CIDRs of a disabled public endpoint', () => {
    expect(summary(runAws(publicEndpointOpenToInternet, cluster({ resourcesVpcConfig: { endpointPublicAccess: false, publicAccessCidrs: ['0.0.0.0/0'] } })))).toEqual(['pass']);
  });
  it('does not throw on fields of the wrong type', () => {
    const findings = runAws(publicEndpointOpenToInternet, cluster({ resourcesVpcConfig: { endpointPublicAccess: 'yes', publicAccessCidrs: 'everything' } }));
    expect(summary(findings)).toEqual(['not-applicable']);
  });
});

testCheck(publicEndpointOpenToInternet, {
  pass: [{ input: { aws: publicEndpoint(['203.0.113.0/24']) } }],
  fail: [
    { input: { aws: publicEndpoint(['0.0.0.0/0']) }, failures: [{ path: 'resourcesVpcConfig.publicAccessCidrs', messageId: 'open', data: { cidrs: '0.0.0.0/0' }, severity: 'high' }] },
    { input: { aws: publicEndpoint([], false) }, failures: [{ path: 'resourcesVpcConfig.publicAccessCidrs', messageId: 'openWithoutPrivate', data: { cidrs: '0.0.0.0/0 (default)' }, severity: 'critical' }] },
  ],
});
