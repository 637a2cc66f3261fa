import { record, records, str, strings } from '../json.js';
import type { MetricAlarmModel, MetricFilterModel, MetricRef } from '../audit-alarms.js';

/** `aws logs describe-metric-filters`: each filter with the metrics its transformations publish. */
export function metricFiltersFrom(response: Record<string, unknown>, region: string): MetricFilterModel[] {
  return records(response['metricFilters']).flatMap((filter) => {
    const name = str(filter['filterName']);
    const logGroupName = str(filter['logGroupName']);
    if (!name || !logGroupName) return [];
    const metrics = records(filter['metricTransformations']).flatMap((transformation): MetricRef[] => {
      const metricName = str(transformation['metricName']);
      const namespace = str(transformation['metricNamespace']);
      return metricName && namespace ? [{ namespace, name: metricName, dimensions: Object.keys(record(transformation['dimensions'])).sort() }] : [];
    });
    // a missing pattern is not "match everything": it is unreadable, and counts for nothing
    return [{ region, logGroupName, name, pattern: typeof filter['filterPattern'] === 'string' ? filter['filterPattern'] : '', metrics }];
  });
}

function metricOf(metric: Record<string, unknown>): MetricRef | undefined {
  const name = str(metric['MetricName']);
  const namespace = str(metric['Namespace']);
  if (!name || !namespace) return undefined;
  return { namespace, name, dimensions: records(metric['Dimensions']).map((dimension) => str(dimension['Name']) ?? '').filter(Boolean).sort() };
}

/** `aws cloudwatch describe-alarms`: the metric alarms (composite alarms watch alarms, not metrics). */
export function metricAlarmsFrom(response: Record<string, unknown>, region: string): MetricAlarmModel[] {
  return records(response['MetricAlarms']).flatMap((alarm) => {
    const name = str(alarm['AlarmName']);
    if (!name) return [];
    const direct = metricOf(alarm);
    const math = records(alarm['Metrics']).flatMap((query) => {
      const metric = metricOf(record(record(query['MetricStat'])['Metric']));
      return metric ? [metric] : [];
    });
    const arn = str(alarm['AlarmArn']);
    const comparison = str(alarm['ComparisonOperator']);
    return [{
      region,
      name,
      ...(arn ? { arn } : {}),
      // absent means enabled, as the API defaults it
      actionsEnabled: alarm['ActionsEnabled'] !== false,
      actions: strings(alarm['AlarmActions']),
      ...(comparison ? { comparison } : {}),
      metrics: [...(direct ? [direct] : []), ...math],
    }];
  });
}
