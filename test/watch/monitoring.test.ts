import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { createWebhookMetrics } from '../../src/server/metrics.js';
import { createAwsAudit } from '../../src/watch/aws-audit.js';
import { createWatchMetrics } from '../../src/watch/metrics.js';
import { repoRoot } from '../kube/local-cluster.js';

// The alerts and the Grafana dashboard of deploy/watch/monitoring/ (and the chart's copies) may name
// only metrics `eksguard watch` and `eksguard serve` really expose, with labels those metrics really
// have: the names are read from the registries they serve /metrics from, not from a list kept by hand.

/** labels Prometheus itself attaches to every scraped series (target labels) */
const TARGET_LABELS = new Set(['job', 'instance', 'pod', 'service', 'endpoint', 'container']);

interface Exposed {
  names: Set<string>;
  labels: Map<string, Set<string>>;
}

async function exposed(): Promise<Exposed> {
  const { registry: watch } = createWatchMetrics({ findings: () => [], lastHeard: () => new Map(), phases: () => new Map(), isLeader: () => true, objects: () => 0 });
  createAwsAudit({ collect: async () => ({}) as never, intervalMs: 1000, awsKeys: [], checksNeeding: () => [], publish() {}, registry: watch, log: { info() {}, warn() {} }, describe: String });
  const { registry: webhook } = createWebhookMetrics();
  const names = new Set<string>();
  const labels = new Map<string, Set<string>>();
  for (const registry of [watch, webhook]) {
    for (const metric of await registry.getMetricsAsJSON()) {
      const labelNames = new Set((registry.getSingleMetric(metric.name) as unknown as { labelNames?: string[] }).labelNames ?? []);
      // histograms are exposed as _bucket (with le), _sum and _count
      const series = metric.type === ('histogram' as never) ? [`${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`] : [metric.name];
      for (const name of series) {
        names.add(name);
        labels.set(name, new Set([...(labels.get(name) ?? []), ...labelNames, ...(name.endsWith('_bucket') ? ['le'] : [])]));
      }
    }
  }
  return { names, labels };
}

/** every `eksguard_*` series an expression selects, with the label names of its selector */
function selectors(expr: string): { name: string; labels: string[] }[] {
  const found: { name: string; labels: string[] }[] = [];
  for (const match of expr.matchAll(/\b(eksguard_[a-z0-9_]+)(\{([^}]*)\})?/g)) {
    const labels = [...(match[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)/g)].map((label) => label[1]!);
    found.push({ name: match[1]!, labels });
  }
  return found;
}

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

function ruleExpressions(file: string): string[] {
  const doc = (loadAll(read(file)) as any[]).find(Boolean);
  const groups = doc.spec?.groups ?? doc.groups;
  return groups.flatMap((group: any) => group.rules.map((rule: any) => rule.expr as string));
}

function dashboardExpressions(file: string): string[] {
  const dashboard = JSON.parse(read(file));
  const panels: any[] = dashboard.panels.flatMap((panel: any) => [panel, ...(panel.panels ?? [])]);
  const exprs = panels.flatMap((panel) => (panel.targets ?? []).map((target: any) => target.expr as string));
  for (const variable of dashboard.templating.list) if (typeof variable.query === 'object') exprs.push(variable.query.query);
  return exprs;
}

describe('the monitoring examples', () => {
  it.each([
    ['deploy/watch/monitoring/prometheusrule.yaml', ruleExpressions],
    ['deploy/helm/eksguard/files/prometheus-rules.yaml', ruleExpressions],
    ['deploy/watch/monitoring/grafana-dashboard.json', dashboardExpressions],
    ['deploy/helm/eksguard/files/grafana-dashboard.json', dashboardExpressions],
  ] as const)('%s names only metrics and labels the watcher exposes', async (file, expressions) => {
    const { names, labels } = await exposed();
    const exprs = expressions(file);
    expect(exprs.length).toBeGreaterThan(5);
    const problems: string[] = [];
    let used = 0;
    for (const expr of exprs) {
      for (const selector of selectors(expr)) {
        used += 1;
        if (!names.has(selector.name)) problems.push(`${selector.name}: no such metric`);
        else for (const label of selector.labels) if (!labels.get(selector.name)!.has(label) && !TARGET_LABELS.has(label)) problems.push(`${selector.name}{${label}}: no such label`);
      }
    }
    expect(problems).toEqual([]);
    expect(used).toBeGreaterThan(5);
  });

  it('has only expressions that Prometheus\'s own parser accepts (Grafana variables given sample values)', () => {
    const parse = execFileSync('bash', [path.join(repoRoot, 'scripts/promql.sh'), 'build'], { encoding: 'utf8', timeout: 20 * 60_000, stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').at(-1)!;
    const grafana = (expr: string) => expr.replaceAll('$__rate_interval', '5m').replaceAll('$__range', '1h').replaceAll('$job', '.+');
    const exprs = [
      ...ruleExpressions('deploy/watch/monitoring/prometheusrule.yaml'),
      // label_values() is Grafana's, not PromQL
      ...dashboardExpressions('deploy/watch/monitoring/grafana-dashboard.json').filter((expr) => !expr.startsWith('label_values(')).map(grafana),
    ];
    const errors = JSON.parse(execFileSync(parse, { input: JSON.stringify([...exprs, 'sum(rate(x[5m]) by']), encoding: 'utf8' })) as string[];
    // the last one is broken on purpose: the parser is really judging
    expect(errors.pop()).toMatch(/parse error/);
    expect(exprs.map((expr, i) => [expr, errors[i]]).filter(([, error]) => error !== '')).toEqual([]);
    expect(exprs.length).toBeGreaterThan(30);
  }, 20 * 60_000);

  it('covers what issue 16 asks alerts for', () => {
    const exprs = ruleExpressions('deploy/watch/monitoring/prometheusrule.yaml').join('\n');
    for (const metric of ['eksguard_watch_failures{severity=~"critical|high"}', 'eksguard_watch_last_event_age_seconds', 'eksguard_watch_relists_total', 'eksguard_watch_report_writes_total{outcome="error"}', 'eksguard_watch_aws_audit_last_success_timestamp_seconds', 'eksguard_admission_requests_total{result=~"error|throttled"}']) {
      expect(exprs).toContain(metric);
    }
  });

  it('catches a metric name that does not exist', async () => {
    const { names } = await exposed();
    expect(selectors('sum(rate(eksguard_watch_report_write_total[5m]))').map((selector) => names.has(selector.name))).toEqual([false]);
    expect(names.has('eksguard_watch_evaluation_seconds_bucket')).toBe(true);
    expect(names.has('eksguard_process_cpu_seconds_total')).toBe(true);
    expect(names.has('eksguard_admission_request_duration_seconds_bucket')).toBe(true);
  });
});
