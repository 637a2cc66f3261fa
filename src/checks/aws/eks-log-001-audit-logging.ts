import { defineCheck, fail, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { EKS_UG } from '../../aws/verdicts.js';
import { clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse } from './fixtures.js';

/**
 * EKS-LOG-001: fails when the audit control-plane log type is not enabled.
 */
export const auditLogging = defineCheck<ClusterModel>({
  id: 'EKS-LOG-001',
  title: 'Kubernetes audit logging must be on',
  area: 'data',
  severity: 'high',
  target: clusters,
  needs: [AWS_KEYS.cluster],
  rationale:
    'The audit log is the only record of who did what through the Kubernetes API: Secret reads, exec into pods, RBAC changes. Without it an incident cannot be investigated and GuardDuty EKS audit-log monitoring has less to work with.',
  remediation: 'Enable the audit log type: `aws eks update-cluster-config --name <cluster> --logging \'{"clusterLogging":[{"types":["audit"],"enabled":true}]}\'`.',
  messages: {
    auditOff: 'the audit log type is not enabled',
  },
  references: [`${EKS_UG}/control-plane-logs.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse() })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse({ logging: { clusterLogging: [{ types: ['api', 'audit'], enabled: false }, { types: ['authenticator'], enabled: true }] } }) })],
  }),
  evaluate(cluster) {
    // real clusters return one enabled and one disabled entry: take the union of the enabled ones
    return cluster.enabledLogTypes?.includes('audit') ? pass('audit logging is on') : fail({ messageId: 'auditOff', path: fieldPath('logging', 'clusterLogging') });
  },
});
