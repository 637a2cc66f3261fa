/** Responses for the examples and tests of EKS-LOG-005 (alarms on suspicious audit-log events). */
import { ACCOUNT, CLUSTER, REGION } from './fixtures.js';

export const AUDIT_GROUP = `/aws/eks/${CLUSTER}/cluster`;

export const ALARM_PATHS = {
  logGroups: `${REGION}/logs/describe-log-groups.json`,
  filters: `${REGION}/logs/describe-metric-filters.json`,
  alarms: `${REGION}/cloudwatch/describe-alarms.json`,
};

/** Patterns an operator would write for each suspicious event. */
export const PATTERNS = {
  unauthorized: '{ ($.responseStatus.code = 401) || ($.responseStatus.code = 403) }',
  anonymousAllowed: '{ ($.user.username = "system:anonymous") && ($.responseStatus.code < 400) }',
  clusterAdminBinding: '{ ($.objectRef.resource = "clusterrolebindings" || $.objectRef.resource = "rolebindings") && ($.verb = "create" || $.verb = "update" || $.verb = "patch") }',
  execAttach: '{ $.objectRef.subresource = "exec" || $.objectRef.subresource = "attach" }',
  awsAuthChange: '{ ($.objectRef.name = "aws-auth") && ($.objectRef.namespace = "kube-system") && ($.verb != "get") && ($.verb != "list") && ($.verb != "watch") }',
};

export interface FilterSpec {
  name: string;
  pattern: string;
  metric?: string;
  group?: string;
}

export const logGroupsResponse = (group = AUDIT_GROUP) => ({ logGroups: [{ logGroupName: group, arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}:*`, retentionInDays: 365 }] });

export function filtersResponse(filters: readonly FilterSpec[]): unknown {
  return {
    metricFilters: filters.map((filter) => ({
      filterName: filter.name,
      filterPattern: filter.pattern,
      logGroupName: filter.group ?? AUDIT_GROUP,
      creationTime: 1767607200000,
      metricTransformations: filter.metric === '' ? [] : [{ metricName: filter.metric ?? filter.name, metricNamespace: 'EKS/Audit', metricValue: '1', defaultValue: 0 }],
    })),
  };
}

export interface AlarmSpec {
  metric: string;
  name?: string;
  actions?: string[];
  actionsEnabled?: boolean;
  comparison?: string;
}

export function alarmsResponse(alarms: readonly AlarmSpec[]): unknown {
  return {
    MetricAlarms: alarms.map((alarm) => ({
      AlarmName: alarm.name ?? `${alarm.metric}-alarm`,
      AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${alarm.name ?? `${alarm.metric}-alarm`}`,
      ActionsEnabled: alarm.actionsEnabled ?? true,
      AlarmActions: alarm.actions ?? [`arn:aws:sns:${REGION}:${ACCOUNT}:security-alerts`],
      MetricName: alarm.metric,
      Namespace: 'EKS/Audit',
      Statistic: 'Sum',
      Dimensions: [],
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: alarm.comparison ?? 'GreaterThanOrEqualToThreshold',
      StateValue: 'OK',
    })),
    CompositeAlarms: [],
  };
}

/** One filter and one alarm with actions per suspicious event. */
export function alarmedFiles(skip: readonly string[] = []): Record<string, unknown> {
  const events = Object.entries(PATTERNS).filter(([name]) => !skip.includes(name));
  return {
    [ALARM_PATHS.logGroups]: logGroupsResponse(),
    [ALARM_PATHS.filters]: filtersResponse(events.map(([name, pattern]) => ({ name, pattern }))),
    [ALARM_PATHS.alarms]: alarmsResponse(events.map(([name]) => ({ metric: name }))),
  };
}
