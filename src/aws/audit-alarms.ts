import { AUDIT_EVENTS, ROUTINE_RECORDS, type AuditEventDefinition } from './audit-events.js';
import { matchesRecord, parseFilterPattern, type FilterExpression } from './metric-filter-pattern.js';

/** A CloudWatch metric as filters publish it and alarms watch it; dimensions by name only. */
export interface MetricRef {
  namespace: string;
  name: string;
  dimensions: string[];
}

/** A CloudWatch Logs metric filter (DescribeMetricFilters). */
export interface MetricFilterModel {
  region: string;
  logGroupName: string;
  name: string;
  pattern: string;
  metrics: MetricRef[];
}

/** A CloudWatch metric alarm (DescribeAlarms), with the metrics it reads directly or through metric math. */
export interface MetricAlarmModel {
  region: string;
  name: string;
  arn?: string;
  actionsEnabled: boolean;
  /** AlarmActions: what happens when it goes into ALARM */
  actions: string[];
  comparison?: string;
  metrics: MetricRef[];
}

/** How one suspicious event stands on a log group, best first. */
export type CoverageStatus = 'alarmed' | 'alarmWithoutActions' | 'alarmNeverFires' | 'noAlarm' | 'noFilter';

export interface EventCoverage {
  event: AuditEventDefinition;
  status: CoverageStatus;
  filter?: string;
  metric?: string;
  alarm?: string;
}

/** Comparisons under which an alarm fires when the count of events rises. */
const RISING = new Set(['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'GreaterThanUpperThreshold', 'LessThanLowerOrGreaterThanUpperThreshold']);
const RANK: Record<CoverageStatus, number> = { alarmed: 0, alarmWithoutActions: 1, alarmNeverFires: 2, noAlarm: 3, noFilter: 4 };

const sameMetric = (a: MetricRef, b: MetricRef) =>
  a.namespace === b.namespace && a.name === b.name && a.dimensions.length === b.dimensions.length && a.dimensions.every((name) => b.dimensions.includes(name));

/** True only when the filter certainly matches every sample of the event and certainly no routine record. */
export function catches(expression: FilterExpression, event: AuditEventDefinition): boolean {
  return event.samples.every((record) => matchesRecord(expression, record) === true) && ROUTINE_RECORDS.every((record) => matchesRecord(expression, record) === false);
}

function alarmStatus(alarm: MetricAlarmModel): CoverageStatus {
  if (!alarm.actionsEnabled || alarm.actions.length === 0) return 'alarmWithoutActions';
  return alarm.comparison && RISING.has(alarm.comparison) ? 'alarmed' : 'alarmNeverFires';
}

export interface LogGroupAlarms {
  coverage: EventCoverage[];
  /** the filters of the group whose pattern could not be read, with why */
  unreadable: { filter: string; error: string }[];
}

/** Which suspicious events the metric filters of one log group catch, and whether an alarm with actions watches each. */
export function auditAlarmCoverage(filters: readonly MetricFilterModel[], alarms: readonly MetricAlarmModel[], events: readonly AuditEventDefinition[] = AUDIT_EVENTS): LogGroupAlarms {
  const unreadable: LogGroupAlarms['unreadable'] = [];
  const parsed: { filter: MetricFilterModel; expression: FilterExpression }[] = [];
  for (const filter of filters) {
    const result = parseFilterPattern(filter.pattern);
    if ('error' in result) unreadable.push({ filter: filter.name, error: result.error });
    else parsed.push({ filter, expression: result.expression });
  }
  const coverage = events.map((event): EventCoverage => {
    let best: EventCoverage = { event, status: 'noFilter' };
    for (const { filter, expression } of parsed) {
      if (!catches(expression, event)) continue;
      for (const metric of filter.metrics) {
        const watching = alarms.filter((alarm) => alarm.region === filter.region && alarm.metrics.some((watched) => sameMetric(watched, metric)));
        const candidates: EventCoverage[] = watching.length
          ? watching.map((alarm) => ({ event, status: alarmStatus(alarm), filter: filter.name, metric: `${metric.namespace}/${metric.name}`, alarm: alarm.name }))
          : [{ event, status: 'noAlarm', filter: filter.name, metric: `${metric.namespace}/${metric.name}` }];
        for (const candidate of candidates) if (RANK[candidate.status] < RANK[best.status]) best = candidate;
      }
      if (best.status === 'noFilter') best = { event, status: 'noAlarm', filter: filter.name };
    }
    return best;
  });
  return { coverage, unreadable };
}
