import { defineCheck, fail, pass, notApplicable } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { EKS_UG } from '../../aws/verdicts.js';
import { clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse } from './fixtures.js';

/**
 * EKS-NET-003: fails when the private API endpoint is off, so nodes reach the control plane over
 * the public endpoint.
 */
export const privateEndpointOff = defineCheck<ClusterModel>({
  id: 'EKS-NET-003',
  title: 'The private API endpoint should be on',
  area: 'data-plane',
  severity: 'medium',
  target: clusters,
  needs: [AWS_KEYS.cluster],
  rationale:
    'Without the private endpoint, kubelets and pods reach the API server through its public address: node-to-control-plane traffic leaves the VPC, needs internet egress, and the public endpoint cannot be closed without breaking the nodes.',
  remediation: 'Enable private access: `aws eks update-cluster-config --name <cluster> --resources-vpc-config endpointPrivateAccess=true`.',
  messages: { privateOff: 'the private API endpoint is off: nodes reach the control plane over the public endpoint' },
  references: [`${EKS_UG}/cluster-endpoint.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse() })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse({ resourcesVpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: false } }) })],
  }),
  evaluate(cluster) {
    if (cluster.endpointPrivateAccess === undefined) return notApplicable('the response does not say whether the private endpoint is on');
    return cluster.endpointPrivateAccess
      ? pass('the private endpoint is on')
      : fail({ messageId: 'privateOff', path: fieldPath('resourcesVpcConfig', 'endpointPrivateAccess') });
  },
});
