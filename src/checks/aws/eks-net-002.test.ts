import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { eksNet002 } from './eks-net-002.js';
import { PATHS, clusterResponse } from './fixtures.js';

const cluster = (patch: unknown) => ({ [PATHS.cluster]: clusterResponse(patch) });
const publicEndpoint = (cidrs: unknown, privateAccess = true) => cluster({ resourcesVpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: privateAccess, publicAccessCidrs: cidrs } });

describe('EKS-NET-002 public endpoint enabled', () => {
  it('is low when the CIDRs are restricted, medium when open', () => {
    expect(summary(runAws(eksNet002, publicEndpoint(['198.51.100.7/32'])))).toEqual(['fail:low']);
    expect(summary(runAws(eksNet002, publicEndpoint(['0.0.0.0/0'])))).toEqual(['fail:medium']);
    expect(summary(runAws(eksNet002, cluster({})))).toEqual(['pass']);
  });
});
