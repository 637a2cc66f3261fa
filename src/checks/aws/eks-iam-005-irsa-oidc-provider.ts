import { defineCheck, fail, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import type { CheckContext } from '../../core/check.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { EKS_UG } from '../../aws/verdicts.js';
import { awsView, clusters } from '../../aws/view.js';
import { irsaRolesOf, issuerHost } from '../../aws/irsa.js';
import { objectsOf } from '../../k8s/targets.js';
import { record, stringMap } from '../../k8s/fields.js';
import { awsExample } from './example.js';
import { ACCOUNT, ISSUER_HOST, PATHS, clusterResponse, irsaTrust, roleJson } from './fixtures.js';

const irsaRole = roleJson('app', irsaTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:app:app', [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } }));
const providers = { OpenIDConnectProviderList: [{ Arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_HOST}` }] };

function annotatedServiceAccounts(ctx: CheckContext): number {
  return objectsOf('ServiceAccount', ctx).filter((sa) => stringMap(record(record(sa.raw)['metadata'])['annotations'])['eks.amazonaws.com/role-arn']).length;
}

/**
 * EKS-IAM-005: fails when roles trust the cluster OIDC issuer but no IAM OIDC provider is
 * registered for it, or the provider lacks the sts.amazonaws.com audience.
 */
export const irsaOidcProvider = defineCheck<ClusterModel>({
  id: 'EKS-IAM-005',
  title: 'IRSA must have the cluster\'s OIDC provider set up correctly',
  area: 'iam',
  severity: 'low',
  target: clusters,
  needs: [AWS_KEYS.cluster, AWS_KEYS.oidcProviders, AWS_KEYS.roles],
  rationale:
    'IAM roles for service accounts work only when IAM trusts the cluster OIDC issuer with the audience sts.amazonaws.com. When roles trust the issuer but the provider is missing or has another audience, workloads silently fall back to the node role, and teams then widen the node role to make them work.',
  remediation:
    'Register the provider: `eksctl utils associate-iam-oidc-provider --cluster <cluster> --approve` (or `aws iam create-open-id-connect-provider --url <issuer> --client-id-list sts.amazonaws.com`), or move workloads to EKS Pod Identity.',
  messages: {
    providerMissing: '{{roles}} role(s) trust {{issuer}}, but no IAM OIDC provider is registered for it',
    stsAudienceMissing: 'the OIDC provider for {{issuer}} does not list the audience sts.amazonaws.com',
  },
  references: [`${EKS_UG}/enable-iam-roles-for-service-accounts.html`],
  standards: [],
  examples: () => ({
    pass: [
      awsExample({
        [PATHS.cluster]: clusterResponse(),
        [PATHS.roles]: { Roles: [irsaRole] },
        [PATHS.oidcProviders]: providers,
        [PATHS.oidcProvider]: { Url: ISSUER_HOST, ClientIDList: ['sts.amazonaws.com'] },
      }),
    ],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.roles]: { Roles: [irsaRole] }, [PATHS.oidcProviders]: { OpenIDConnectProviderList: [] } })],
  }),
  evaluate(cluster, ctx) {
    const host = issuerHost(cluster.oidcIssuer);
    if (!host) return pass('the cluster has no OIDC issuer: IRSA is not available');
    const provider = awsView(ctx).oidcProviders.find((candidate) => candidate.url === host);
    const users = irsaRolesOf(ctx, host).length;
    const annotated = annotatedServiceAccounts(ctx);
    if (!provider) {
      if (users === 0) return pass('IRSA is not used with this cluster and no provider is registered');
      return fail({ messageId: 'providerMissing', data: { roles: users, issuer: host }, path: fieldPath('identity', 'oidc', 'issuer') });
    }
    if (!provider.clientIds.includes('sts.amazonaws.com')) return fail({ messageId: 'stsAudienceMissing', data: { issuer: host }, path: fieldPath('identity', 'oidc', 'issuer') });
    return pass(`OIDC provider registered for ${host}${users || annotated ? ` (used by ${users} role(s))` : ''}`);
  },
});
