import { defineCheck, fail, pass } from '../../core/check.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { awsView, clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse } from './fixtures.js';
import { detector } from './eks-mon-001-guardduty-audit-logs.js';

const RUNTIME = ['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING'];

/**
 * EKS-MON-002: fails when GuardDuty runtime monitoring for EKS is off in the region.
 */
export const guardDutyRuntimeMonitoring = defineCheck<ClusterModel>({
  id: 'EKS-MON-002',
  title: 'GuardDuty runtime monitoring should be on for EKS',
  area: 'detection',
  severity: 'low',
  target: clusters,
  needs: [AWS_KEYS.cluster, AWS_KEYS.guardDuty],
  rationale:
    'Runtime monitoring watches process, file and network events on the nodes and in containers: reverse shells, crypto miners, container escapes and credential theft that never touch the Kubernetes API and so never reach the audit log.',
  remediation:
    'Enable GuardDuty Runtime Monitoring with automated agent management for EKS: `aws guardduty update-detector --detector-id <id> --features \'[{"Name":"RUNTIME_MONITORING","Status":"ENABLED","AdditionalConfiguration":[{"Name":"EKS_ADDON_MANAGEMENT","Status":"ENABLED"}]}]\'`.',
  messages: {
    guardDutyOff: 'GuardDuty is not enabled in {{region}}',
    runtimeMonitoringOff: 'GuardDuty runtime monitoring is off in {{region}}',
  },
  references: ['https://docs.aws.amazon.com/guardduty/latest/ug/runtime-monitoring.html'],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: detector({ EKS_AUDIT_LOGS: 'ENABLED', RUNTIME_MONITORING: 'ENABLED' }) })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: detector({ EKS_AUDIT_LOGS: 'ENABLED', RUNTIME_MONITORING: 'DISABLED' }) })],
  }),
  evaluate(cluster, ctx) {
    const enabled = awsView(ctx)
      .detectorsIn(cluster.region)
      .filter((item) => item.status === 'ENABLED');
    if (enabled.some((item) => RUNTIME.some((feature) => item.features[feature] === 'ENABLED'))) return pass(`GuardDuty runtime monitoring is on in ${cluster.region}`);
    return fail({ messageId: enabled.length === 0 ? 'guardDutyOff' : 'runtimeMonitoringOff', data: { region: cluster.region } });
  },
});
