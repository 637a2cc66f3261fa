import { defineCheck, fail, notApplicable, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import type { MessageRef } from '../../core/message.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import { auditAlarmCoverage, type EventCoverage, type MetricAlarmModel, type MetricFilterModel } from '../../aws/audit-alarms.js';
import { AUDIT_EVENTS } from '../../aws/audit-events.js';
import { AWS_TYPES, type ClusterModel } from '../../aws/models.js';
import { EKS_UG, skipped } from '../../aws/verdicts.js';
import { awsView, clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse } from './fixtures.js';
import { alarmedFiles } from './alarm-fixtures.js';

/** How many unreadable filters a failure names. */
const SHOWN_UNREADABLE = 2;

function detail(item: EventCoverage): MessageRef {
  const event = item.event.label;
  switch (item.status) {
    case 'noFilter':
      return { messageId: 'noFilter', data: { event } };
    case 'noAlarm':
      return item.metric ? { messageId: 'noAlarm', data: { event, filter: item.filter!, metric: item.metric } } : { messageId: 'noMetric', data: { event, filter: item.filter! } };
    default:
      return { messageId: item.status, data: { event, alarm: item.alarm!, metric: item.metric! } };
  }
}

/**
 * EKS-LOG-005: fails for a cluster whose audit log group (/aws/eks/<cluster>/cluster) lacks, for
 * one of the suspicious events of aws/audit-events.ts, a metric filter that certainly catches it
 * with an alarm that has actions and fires when the count rises.
 */
export const auditLogAlarms = defineCheck<ClusterModel>({
  id: 'EKS-LOG-005',
  title: 'The audit log should raise alarms on suspicious Kubernetes API events',
  area: 'detection',
  severity: 'medium',
  target: clusters,
  needs: [AWS_KEYS.cluster, AWS_KEYS.logGroups, AWS_KEYS.metricFilters, AWS_KEYS.alarms],
  rationale:
    'An audit log nobody watches shows an intrusion only after someone goes looking. Bursts of 401 and 403 responses (credential guessing, a stolen token probing its rights), requests the API server allows to system:anonymous, a new binding to cluster-admin, exec into a pod and edits of the aws-auth ConfigMap are the steps of a takeover; a CloudWatch metric filter on each with an alarm that notifies someone turns them into a page within minutes.',
  remediation:
    'For each missing event, add a metric filter to `/aws/eks/<cluster>/cluster` and an alarm with an SNS action on its metric, for example `aws logs put-metric-filter --log-group-name /aws/eks/<cluster>/cluster --filter-name eks-exec --filter-pattern \'{ $.objectRef.subresource = "exec" || $.objectRef.subresource = "attach" }\' --metric-transformations metricName=EksExec,metricNamespace=EKS/Audit,metricValue=1,defaultValue=0`, then `aws cloudwatch put-metric-alarm --alarm-name eks-exec --namespace EKS/Audit --metric-name EksExec --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions <sns-topic-arn>`. docs/aws.md lists a pattern per event.',
  messages: {
    missing: '{{group}} raises no alarm with actions for {{count}} of {{total}} suspicious audit events',
    noFilter: 'no metric filter catches {{event}}',
    noMetric: '{{event}}: filter {{filter}} publishes no metric',
    noAlarm: '{{event}}: filter {{filter}} publishes {{metric}}, which no alarm watches',
    alarmWithoutActions: '{{event}}: alarm {{alarm}} on {{metric}} has no actions enabled',
    alarmNeverFires: '{{event}}: alarm {{alarm}} on {{metric}} does not fire when the count rises',
    unreadable: '{{count}} filters are not JSON patterns eksguard can read and count for nothing ({{filters}})',
  },
  references: [
    'https://docs.aws.amazon.com/eks/latest/best-practices/auditing-and-logging.html',
    `${EKS_UG}/control-plane-logs.html`,
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
  ],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), ...alarmedFiles() })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse(), ...alarmedFiles(['execAttach']) })],
  }),
  evaluate(cluster, ctx) {
    if (!cluster.enabledLogTypes?.includes('audit')) return notApplicable('the audit log type is not enabled (see EKS-LOG-001)');
    const group = `/aws/eks/${cluster.name}/cluster`;
    if (!awsView(ctx).logGroup(cluster.region, group)) return skipped(`log group ${group} was not found (EKS creates it with the first log line)`);
    const filters = ctx.inventory.aws
      .filter((entry) => entry.type === AWS_TYPES.metricFilter)
      .map((entry) => entry.model as MetricFilterModel)
      .filter((filter) => filter.region === cluster.region && filter.logGroupName === group);
    const alarms = ctx.inventory.aws.filter((entry) => entry.type === AWS_TYPES.alarm).map((entry) => entry.model as MetricAlarmModel);
    // clusters in API authentication mode ignore aws-auth: its edits grant nothing
    const configMap = (cluster.accessConfig?.authenticationMode ?? 'CONFIG_MAP').includes('CONFIG_MAP');
    const events = AUDIT_EVENTS.filter((event) => configMap || !event.configMapAuthOnly);
    const { coverage, unreadable } = auditAlarmCoverage(filters, alarms, events);
    const missing = coverage.filter((item) => item.status !== 'alarmed');
    if (missing.length === 0) return pass(`${group} raises alarms on all ${events.length} suspicious audit events (${[...new Set(coverage.map((item) => item.alarm))].join(', ')})`);
    const more: MessageRef[] = missing.map(detail);
    if (unreadable.length > 0) {
      const named = unreadable.slice(0, SHOWN_UNREADABLE).map((item) => `${item.filter}: ${item.error}`);
      more.push({ messageId: 'unreadable', data: { count: unreadable.length, filters: `${named.join('; ')}${unreadable.length > SHOWN_UNREADABLE ? ' …' : ''}` } });
    }
    return fail({ messageId: 'missing', data: { group, count: missing.length, total: events.length }, path: fieldPath('metricFilters'), more });
  },
});
