import { defineCheck, fail, notApplicable, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { isWholeInternet } from '../../aws/network.js';
import { EKS_UG } from '../../aws/verdicts.js';
import { clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse } from './fixtures.js';

/**
 * EKS-NET-002: fails when the public API endpoint is on at all, whatever its CIDRs (EKS-NET-001
 * grades an open one); passes when only the private endpoint serves.
 */
export const publicEndpointOn = defineCheck<ClusterModel>({
  id: 'EKS-NET-002',
  title: 'The cluster API endpoint should not be reachable from the internet',
  area: 'data-plane',
  severity: 'medium',
  target: clusters,
  needs: [AWS_KEYS.cluster],
  rationale:
    'A private-only endpoint keeps the API server off the internet entirely: the attack surface for credential abuse and API-server vulnerabilities shrinks to the VPC and what is connected to it. Even a CIDR-restricted public endpoint stays exposed to everything inside those ranges.',
  remediation:
    'Where operators and CI can reach the VPC (VPN, Direct Connect, a bastion or SSM), set `endpointPublicAccess=false` and `endpointPrivateAccess=true`. Otherwise keep `publicAccessCidrs` as narrow as possible.',
  messages: {
    publicRestricted: 'the public API endpoint is on, restricted to {{cidrs}}',
    publicOpen: 'the public API endpoint is on and open to the internet',
  },
  references: [`${EKS_UG}/cluster-endpoint.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse() })],
    fail: [
      awsExample({ [PATHS.cluster]: clusterResponse({ resourcesVpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ['198.51.100.0/24'] } }) }),
    ],
  }),
  evaluate(cluster) {
    if (cluster.endpointPublicAccess === undefined) return notApplicable('the response does not say whether the public endpoint is on');
    if (!cluster.endpointPublicAccess) return pass('the API endpoint is private only');
    const restricted = cluster.publicAccessCidrs.length > 0 && !cluster.publicAccessCidrs.some(isWholeInternet);
    const path = fieldPath('resourcesVpcConfig', 'endpointPublicAccess');
    if (restricted) return fail({ messageId: 'publicRestricted', data: { cidrs: cluster.publicAccessCidrs.join(', ') }, path, severity: 'low' });
    return fail({ messageId: 'publicOpen', path });
  },
});
