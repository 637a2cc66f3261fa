import { defineCheck, fail, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { EKS_UG } from '../../aws/verdicts.js';
import { clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { ALL_LOG_TYPES, PATHS, clusterResponse } from './fixtures.js';

/**
 * EKS-LOG-002: fails when any of the five control-plane log types is not enabled.
 */
export const controlPlaneLogTypes = defineCheck<ClusterModel>({
  id: 'EKS-LOG-002',
  title: 'All control-plane log types should be enabled',
  area: 'data',
  severity: 'medium',
  target: clusters,
  needs: [AWS_KEYS.cluster],
  rationale:
    'Each control-plane log answers different questions: `authenticator` maps IAM principals to Kubernetes users (without it the audit log shows only usernames), `api` and `controllerManager` explain failures and abuse of controllers, `scheduler` where pods went.',
  remediation: `Enable all five types: \`aws eks update-cluster-config --name <cluster> --logging '{"clusterLogging":[{"types":${JSON.stringify(ALL_LOG_TYPES)},"enabled":true}]}'\`.`,
  messages: {
    logTypesOff: 'control-plane log types not enabled: {{types}}',
  },
  references: [`${EKS_UG}/control-plane-logs.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse() })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse({ logging: { clusterLogging: [{ types: ['api', 'audit'], enabled: true }, { types: ['authenticator', 'controllerManager', 'scheduler'], enabled: false }] } }) })],
  }),
  evaluate(cluster) {
    const missing = ALL_LOG_TYPES.filter((type) => !cluster.enabledLogTypes?.includes(type));
    if (missing.length === 0) return pass('all five control-plane log types are enabled');
    return fail({ messageId: 'logTypesOff', data: { types: missing.join(', ') }, path: fieldPath('logging', 'clusterLogging'), ...(missing.includes('authenticator') || missing.includes('audit') ? {} : { severity: 'low' as const }) });
  },
});
