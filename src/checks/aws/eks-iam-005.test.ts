import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { eksIam005 } from './eks-iam-005.js';
import { ISSUER_HOST, PATHS, clusterResponse, irsaTrust, roleJson } from './fixtures.js';

describe('EKS-IAM-005 IRSA', () => {
  const provider = { [PATHS.oidcProviders]: { OpenIDConnectProviderList: [] } };
  const role = (conditions: Record<string, unknown>, name = 'app') => roleJson(name, irsaTrust(conditions));
  const exact = (sa: string) => ({ StringEquals: { [`${ISSUER_HOST}:sub`]: sa, [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } });
  it('passes a cluster that does not use IRSA without a provider', () => {
    expect(summary(runAws(eksIam005, { [PATHS.cluster]: clusterResponse(), [PATHS.roles]: { Roles: [] }, ...provider }))).toEqual(['pass']);
  });
  it('flags a provider without the STS audience', () => {
    const files = { [PATHS.cluster]: clusterResponse(), [PATHS.roles]: { Roles: [] }, [PATHS.oidcProvider]: { Url: `https://${ISSUER_HOST}`, ClientIDList: ['something'] }, ...provider };
    expect(summary(runAws(eksIam005, files))).toEqual(['fail:low']);
  });
});
