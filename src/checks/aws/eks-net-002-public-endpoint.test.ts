import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { publicEndpointOn } from './eks-net-002-public-endpoint.js';
import { PATHS, clusterResponse } from './fixtures.js';

const cluster = (patch: unknown) => ({ [PATHS.cluster]: clusterResponse(patch) });
const publicEndpoint = (cidrs: unknown, privateAccess = true) => cluster({ resourcesVpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: privateAccess, publicAccessCidrs: cidrs } });

describe('EKS-NET-002 public endpoint enabled', () => {
  it('is low when the CIDRs are restricted, medium when open', () => {
    expect(summary(runAws(publicEndpointOn, publicEndpoint(['198.51.100.7/32'])))).toEqual(['fail:low']);
    expect(summary(runAws(publicEndpointOn, publicEndpoint(['0.0.0.0/0'])))).toEqual(['fail:medium']);
    expect(summary(runAws(publicEndpointOn, cluster({})))).toEqual(['pass']);
  });
});

testCheck(publicEndpointOn, {
  pass: [{ input: { aws: cluster({ resourcesVpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: true } }) } }],
  fail: [
    { input: { aws: publicEndpoint(['198.51.100.7/32', '203.0.113.0/24']) }, failures: [{ path: 'resourcesVpcConfig.endpointPublicAccess', messageId: 'publicRestricted', data: { cidrs: '198.51.100.7/32, 203.0.113.0/24' }, severity: 'low' }] },
    { input: { aws: publicEndpoint(['198.51.100.7/32', '::/0']) }, failures: [{ path: 'resourcesVpcConfig.endpointPublicAccess', messageId: 'publicOpen', severity: 'medium' }] },
    // no CIDRs is the default, 0.0.0.0/0
    { input: { aws: publicEndpoint([]) }, failures: [{ path: 'resourcesVpcConfig.endpointPublicAccess', messageId: 'publicOpen', severity: 'medium' }] },
  ],
});
