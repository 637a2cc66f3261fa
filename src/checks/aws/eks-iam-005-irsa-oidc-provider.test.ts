import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { irsaOidcProvider } from './eks-iam-005-irsa-oidc-provider.js';
import { ACCOUNT, ISSUER_HOST, PATHS, clusterResponse, irsaTrust, roleJson } from './fixtures.js';

const noProviders = { [PATHS.oidcProviders]: { OpenIDConnectProviderList: [] } };
const registered = { [PATHS.oidcProviders]: { OpenIDConnectProviderList: [{ Arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_HOST}` }] } };
const exact = (sa: string) => ({ StringEquals: { [`${ISSUER_HOST}:sub`]: sa, [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } });
const irsaRoles = { [PATHS.roles]: { Roles: [roleJson('app', irsaTrust(exact('system:serviceaccount:app:app'))), roleJson('jobs', irsaTrust(exact('system:serviceaccount:batch:jobs')))] } };

testCheck(irsaOidcProvider, {
  pass: [
    { input: { aws: { [PATHS.cluster]: clusterResponse(), ...irsaRoles, ...registered, [PATHS.oidcProvider]: { Url: ISSUER_HOST, ClientIDList: ['sts.amazonaws.com'] } } } },
    { input: { aws: { [PATHS.cluster]: clusterResponse(), [PATHS.roles]: { Roles: [] }, ...noProviders } } },
  ],
  fail: [
    { input: { aws: { [PATHS.cluster]: clusterResponse(), ...irsaRoles, ...noProviders } }, failures: [{ path: 'identity.oidc.issuer', messageId: 'providerMissing', data: { roles: 2, issuer: ISSUER_HOST }, severity: 'low' }] },
    {
      input: { aws: { [PATHS.cluster]: clusterResponse(), [PATHS.roles]: { Roles: [] }, [PATHS.oidcProvider]: { Url: `https://${ISSUER_HOST}`, ClientIDList: ['something'] }, ...noProviders } },
      failures: [{ path: 'identity.oidc.issuer', messageId: 'stsAudienceMissing', data: { issuer: ISSUER_HOST }, severity: 'low' }],
    },
  ],
});

describe('EKS-IAM-005 IRSA', () => {
  it('passes a cluster without an OIDC issuer: IRSA is not available there', () => {
    expect(summary(runAws(irsaOidcProvider, { [PATHS.cluster]: clusterResponse({ identity: undefined }), ...irsaRoles, ...noProviders }))).toEqual(['pass']);
  });
});
