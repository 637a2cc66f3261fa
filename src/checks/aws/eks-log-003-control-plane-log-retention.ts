import { defineCheck, fail, notApplicable, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { EKS_UG, skipped } from '../../aws/verdicts.js';
import { awsView, clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse } from './fixtures.js';

/** Minimum retention of control-plane logs, in days. */
export const MIN_RETENTION_DAYS = 90;

const group = (retention?: number) => ({ logGroups: [{ logGroupName: '/aws/eks/prod/cluster', arn: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/eks/prod/cluster:*', ...(retention ? { retentionInDays: retention } : {}) }] });

/**
 * EKS-LOG-003: fails when the control-plane log group keeps logs for fewer than 90 days.
 */
export const controlPlaneLogRetention = defineCheck<ClusterModel>({
  id: 'EKS-LOG-003',
  title: 'Control-plane logs should be kept for at least 90 days',
  area: 'data',
  severity: 'low',
  target: clusters,
  needs: [AWS_KEYS.cluster, AWS_KEYS.logGroups],
  rationale:
    'Intrusions are often found weeks after they started. Audit logs that expire after a few days cannot show how an attacker got in; most compliance frameworks ask for at least 90 days online.',
  remediation: 'Set the retention of `/aws/eks/<cluster>/cluster` to 90 days or more: `aws logs put-retention-policy --log-group-name /aws/eks/<cluster>/cluster --retention-in-days 365`.',
  messages: {
    shortRetention: '{{group}} is kept only {{days}} days',
  },
  references: [`${EKS_UG}/control-plane-logs.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.logGroups]: group(365) }), awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.logGroups]: group() })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.logGroups]: group(7) })],
  }),
  evaluate(cluster, ctx) {
    if (!cluster.enabledLogTypes || cluster.enabledLogTypes.length === 0) return notApplicable('no control-plane log type is enabled (see EKS-LOG-001)');
    const name = `/aws/eks/${cluster.name}/cluster`;
    const found = awsView(ctx).logGroup(cluster.region, name);
    if (!found) return skipped(`log group ${name} was not found (EKS creates it with the first log line)`);
    if (found.retentionInDays === undefined) return pass(`${name} never expires`);
    return found.retentionInDays >= MIN_RETENTION_DAYS
      ? pass(`${name} is kept ${found.retentionInDays} days`)
      : fail({ messageId: 'shortRetention', data: { group: name, days: found.retentionInDays }, path: fieldPath('logGroups', 'retentionInDays') });
  },
});
