import { defineCheck, fail, pass } from '../../core/check.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { clusters, awsView } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse } from './fixtures.js';

export function detector(features: Record<string, string>, status = 'ENABLED'): unknown {
  return { Status: status, ServiceRole: 'arn:aws:iam::111122223333:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty', Features: Object.entries(features).map(([Name, Status]) => ({ Name, Status })) };
}

/**
 * EKS-MON-001: fails when GuardDuty has no detector in the region or its EKS audit-log monitoring
 * is off.
 */
export const guardDutyAuditLogs = defineCheck<ClusterModel>({
  id: 'EKS-MON-001',
  title: 'GuardDuty should monitor the EKS audit logs',
  area: 'detection',
  severity: 'medium',
  target: clusters,
  needs: [AWS_KEYS.cluster, AWS_KEYS.guardDuty],
  rationale:
    'GuardDuty EKS Protection reads the cluster audit logs (without you enabling control-plane logging) and raises findings for anonymous access, known-malicious callers, privileged pods, exec into kube-system and credential abuse. Without it nobody is told when the API is being abused.',
  remediation: 'Enable GuardDuty in the cluster region with the EKS_AUDIT_LOGS feature: `aws guardduty update-detector --detector-id <id> --features Name=EKS_AUDIT_LOGS,Status=ENABLED`.',
  messages: {
    noDetector: 'GuardDuty has no detector in {{region}}',
    detectorDisabled: 'the GuardDuty detector in {{region}} is disabled',
    auditLogsOff: 'GuardDuty in {{region}} has EKS audit-log monitoring (EKS_AUDIT_LOGS) off',
  },
  references: ['https://docs.aws.amazon.com/guardduty/latest/ug/kubernetes-protection.html'],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: detector({ EKS_AUDIT_LOGS: 'ENABLED' }) })],
    fail: [
      awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: detector({ EKS_AUDIT_LOGS: 'DISABLED' }) }),
      awsExample({ [PATHS.cluster]: clusterResponse(), 'us-east-1/guardduty/list-detectors.json': { DetectorIds: [] } }),
    ],
  }),
  evaluate(cluster, ctx) {
    const detectors = awsView(ctx).detectorsIn(cluster.region);
    const enabled = detectors.filter((item) => item.status === 'ENABLED');
    if (enabled.length === 0) return fail({ messageId: detectors.length === 0 ? 'noDetector' : 'detectorDisabled', data: { region: cluster.region } });
    if (enabled.some((item) => item.features['EKS_AUDIT_LOGS'] === 'ENABLED')) return pass(`GuardDuty monitors EKS audit logs in ${cluster.region}`);
    return fail({ messageId: 'auditLogsOff', data: { region: cluster.region } });
  },
});
