import { paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import { paginateDescribeMetricFilters } from '@aws-sdk/client-cloudwatch-logs';
import { record, records, str } from '../../aws/json.js';
import { SNAPSHOT_PATHS } from '../aws-snapshot/layout.js';
import { mapLimit } from '../concurrency.js';
import type { RegionClients } from './clients.js';
import type { ClusterFacts } from './collect-eks.js';
import { pagesUpTo, type CollectionRun } from './run.js';

/** CloudWatch Logs allows 100 metric filters per log group: two pages of 50. A margin, never more. */
const MAX_FILTER_PAGES = 10;
/** DescribeAlarms pages of 100: 5,000 metric alarms per region at most. */
const MAX_ALARM_PAGES = 50;

type Json = Record<string, unknown>;

const metricKey = (namespace: string | undefined, name: string | undefined) => (namespace && name ? `${namespace}\n${name}` : undefined);

/** The metrics an alarm reads: its own, or those of its metric-math queries. */
function alarmMetricKeys(alarm: Json): string[] {
  const direct = metricKey(str(alarm['Namespace']), str(alarm['MetricName']));
  const math = records(alarm['Metrics']).map((query) => {
    const metric = record(record(query['MetricStat'])['Metric']);
    return metricKey(str(metric['Namespace']), str(metric['MetricName']));
  });
  return [direct, ...math].filter((key): key is string => !!key);
}

/**
 * The metric filters of each cluster's control-plane log group (as DescribeLogGroups found it),
 * and the metric alarms that watch the metrics those filters publish. Alarms on other metrics
 * are not kept: the snapshot holds only what EKS-LOG-005 reads.
 */
export async function collectAuditAlarms(run: CollectionRun, clients: RegionClients, clusters: readonly ClusterFacts[]): Promise<void> {
  const region = clients.region;
  const listed = new Set(records(run.files.get(SNAPSHOT_PATHS.logs(region))?.['logGroups']).map((group) => str(group['logGroupName'])));
  const groups = clusters.map((facts) => `/aws/eks/${facts.name}/cluster`).filter((name) => listed.has(name));
  const metrics = new Set<string>();
  await mapLimit(groups, run.concurrency, async (group) => {
    const read = await run.call('logs:DescribeMetricFilters', `${region}/${group}`, () =>
      pagesUpTo(paginateDescribeMetricFilters({ client: clients.logs }, { logGroupName: group }), ['metricFilters'], MAX_FILTER_PAGES),
    );
    if (!read) return;
    if (read.truncated) run.fail({ action: 'logs:DescribeMetricFilters', scope: `${region}/${group}`, reason: `more than ${MAX_FILTER_PAGES} pages of metric filters; the rest were not read` });
    const filters = records(read.body['metricFilters']);
    // one file per region: every filter names its log group
    run.record(SNAPSHOT_PATHS.metricFilters(region), { metricFilters: filters }, ['metricFilters']);
    for (const filter of filters) {
      for (const transformation of records(filter['metricTransformations'])) {
        const key = metricKey(str(transformation['metricNamespace']), str(transformation['metricName']));
        if (key) metrics.add(key);
      }
    }
  });
  if (metrics.size === 0) return;
  const alarms = await run.call('cloudwatch:DescribeAlarms', region, () =>
    pagesUpTo(paginateDescribeAlarms({ client: clients.cloudwatch }, { AlarmTypes: ['MetricAlarm'], MaxRecords: 100 }), ['MetricAlarms'], MAX_ALARM_PAGES),
  );
  if (!alarms) return;
  if (alarms.truncated) run.fail({ action: 'cloudwatch:DescribeAlarms', scope: region, reason: `more than ${MAX_ALARM_PAGES * 100} metric alarms; the rest were not read` });
  const watching = records(alarms.body['MetricAlarms']).filter((alarm) => alarmMetricKeys(alarm).some((key) => metrics.has(key)));
  run.record(SNAPSHOT_PATHS.alarms(region), { MetricAlarms: watching, CompositeAlarms: [] });
}
