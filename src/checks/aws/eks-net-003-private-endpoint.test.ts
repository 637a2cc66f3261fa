import { describe, expect, it } from 'vitest';
import { runAws } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { privateEndpointOff } from './eks-net-003-private-endpoint.js';
import { ACCOUNT, PATHS, clusterResponse } from './fixtures.js';

const cluster = (patch: unknown) => ({ [PATHS.cluster]: clusterResponse(patch) });
const publicEndpoint = (cidrs: unknown, privateAccess = true) => cluster({ resourcesVpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: privateAccess, publicAccessCidrs: cidrs } });

describe('EKS-NET-003 private endpoint', () => {
  it('fails when private access is off and reports the field', () => {
    const [finding] = runAws(privateEndpointOff, publicEndpoint(['0.0.0.0/0'], false));
    expect(finding?.status).toBe('fail');
    expect(finding?.path).toBe('resourcesVpcConfig.endpointPrivateAccess');
    expect(finding?.resource).toEqual({ arn: `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod`, type: 'AWS::EKS::Cluster', region: 'us-east-1' });
  });
});

testCheck(privateEndpointOff, {
  pass: [{ input: { aws: publicEndpoint(['0.0.0.0/0'], true) } }],
  fail: [{ input: { aws: publicEndpoint(['0.0.0.0/0'], false) }, failures: [{ path: 'resourcesVpcConfig.endpointPrivateAccess', messageId: 'privateOff', severity: 'medium' }] }],
});
