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
 * EKS-NET-001: fails when the public endpoint is on and publicAccessCidrs is empty (the default) or
 * holds 0.0.0.0/0 or ::/0; critical when private access is off too. Passes when the public endpoint
 * is off or admits only narrower ranges.
 */
export const publicEndpointOpenToInternet = defineCheck<ClusterModel>({
  id: 'EKS-NET-001',
  title: 'The public API endpoint must not be open to the whole internet',
  area: 'data-plane',
  severity: 'high',
  target: clusters,
  needs: [AWS_KEYS.cluster],
  rationale:
    'With the public endpoint on and publicAccessCidrs at 0.0.0.0/0 (the default), anyone on the internet can reach the Kubernetes API server and try stolen tokens, brute force or unauthenticated API bugs against it. It is worse when private access is off, because then the nodes also reach the API through the internet.',
  remediation:
    'Turn the public endpoint off (`aws eks update-cluster-config --resources-vpc-config endpointPublicAccess=false,endpointPrivateAccess=true`), or restrict `publicAccessCidrs` to the address ranges of your offices, VPN and CI.',
  messages: {
    open: 'the public API endpoint admits {{cidrs}}',
    openWithoutPrivate: 'the public API endpoint admits {{cidrs}}, and private access is off, so nodes also use the internet path',
  },
  references: [`${EKS_UG}/cluster-endpoint.html`],
  standards: [],
  examples: () => ({
    pass: [
      awsExample({ [PATHS.cluster]: clusterResponse() }),
      awsExample({ [PATHS.cluster]: clusterResponse({ resourcesVpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] } }) }),
    ],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse({ resourcesVpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] } }) })],
  }),
  evaluate(cluster) {
    if (cluster.endpointPublicAccess === undefined) return notApplicable('the response does not say whether the public endpoint is on');
    // publicAccessCidrs is returned even when the public endpoint is off; only judge it when it is on
    if (!cluster.endpointPublicAccess) return pass('the public endpoint is off');
    const open = cluster.publicAccessCidrs.length === 0 ? ['0.0.0.0/0 (default)'] : cluster.publicAccessCidrs.filter(isWholeInternet);
    if (open.length === 0) return pass(`the public endpoint admits only ${cluster.publicAccessCidrs.join(', ')}`);
    const privateOff = cluster.endpointPrivateAccess !== true;
    return fail({
      messageId: privateOff ? 'openWithoutPrivate' : 'open',
      data: { cidrs: open.join(', ') },
      path: fieldPath('resourcesVpcConfig', 'publicAccessCidrs'),
      ...(privateOff ? { severity: 'critical' } : {}),
    });
  },
});
