import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Finding } from '../core/types.js';
import type { WriteRecord } from '../sinks/policy-reports.js';
import type { ReflectorPhase } from '../sources/kube/reflector.js';
import { namespaceOf } from './results.js';

/**
 * The Prometheus metrics of `eksguard watch`. Label values come from eksguard's own tables
 * (check IDs, severities, areas, kinds it lists) except `namespace`, which names a namespace of
 * the cluster: bounded by the cluster itself, and past MAX_NAMESPACES counted as `other`, so a
 * cluster with very many namespaces cannot grow the series without bound.
 */

const PHASES: readonly ReflectorPhase[] = ['listing', 'watching', 'backoff', 'forbidden', 'absent', 'stopped'];
export const MAX_NAMESPACES = 500;

export interface WatchMetricsSources {
  /** every current result (read at scrape time) */
  findings(): Iterable<Finding>;
  /** kind → milliseconds since anything was last heard for it */
  lastHeard(): ReadonlyMap<string, number>;
  phases(): ReadonlyMap<string, ReflectorPhase>;
  isLeader(): boolean;
  objects(): number;
}

export interface WatchMetrics {
  readonly registry: Registry;
  countRelist(kind: string): void;
  countEvent(kind: string, type: string): void;
  observeEvaluation(unit: 'object' | 'namespace' | 'cluster', seconds: number): void;
  /** from a change's arrival to its report being handed to the writer */
  observeChangeLatency(seconds: number): void;
  countWrite(record: WriteRecord): void;
}

export function createWatchMetrics(sources: WatchMetricsSources, options: { processMetrics?: boolean } = {}): WatchMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'eksguard_' });
  new Gauge({
    name: 'eksguard_watch_failures',
    help: 'Current failing results, by check, severity, area and namespace ("" for cluster-scoped and AWS resources)',
    labelNames: ['check', 'severity', 'area', 'namespace'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const counts = new Map<string, { labels: Record<string, string>; value: number }>();
      const namespaces = new Set<string>();
      for (const finding of sources.findings()) {
        if (finding.status !== 'fail') continue;
        let namespace = namespaceOf(finding);
        if (!namespaces.has(namespace)) {
          if (namespaces.size >= MAX_NAMESPACES) namespace = 'other';
          else namespaces.add(namespace);
        }
        const labels = { check: finding.checkId, severity: finding.severity, area: finding.area, namespace };
        const key = JSON.stringify(labels);
        const entry = counts.get(key);
        if (entry) entry.value += 1;
        else counts.set(key, { labels, value: 1 });
      }
      for (const { labels, value } of counts.values()) this.set(labels, value);
    },
  });
  new Gauge({
    name: 'eksguard_watch_last_event_age_seconds',
    help: 'Seconds since anything (an event, a bookmark, a list) was last heard from the API server, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [kind, ms] of sources.lastHeard()) this.set({ kind }, ms / 1000);
    },
  });
  new Gauge({
    name: 'eksguard_watch_kind_phase',
    help: 'Where each kind\'s list and watch stand: 1 for its current phase (watching is healthy; forbidden means its data is a gap)',
    labelNames: ['kind', 'phase'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [kind, current] of sources.phases()) for (const phase of PHASES) this.set({ kind, phase }, phase === current ? 1 : 0);
    },
  });
  new Gauge({
    name: 'eksguard_watch_leader',
    help: '1 while this replica holds the Lease and writes reports',
    registers: [registry],
    collect() {
      this.set(sources.isLeader() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'eksguard_watch_objects',
    help: 'Objects held in memory and judged',
    registers: [registry],
    collect() {
      this.set(sources.objects());
    },
  });
  const relists = new Counter({ name: 'eksguard_watch_relists_total', help: 'Full lists by kind (the first, and each after 410 Gone or a failure)', labelNames: ['kind'] as const, registers: [registry] });
  const events = new Counter({ name: 'eksguard_watch_events_total', help: 'Watch events received, by kind and type', labelNames: ['kind', 'type'] as const, registers: [registry] });
  const evaluation = new Histogram({
    name: 'eksguard_watch_evaluation_seconds',
    help: 'Time spent judging one debounced batch of changes, by unit (object checks, namespace checks, cluster-wide checks)',
    labelNames: ['unit'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'eksguard_watch_change_to_report_seconds',
    help: 'From a change arriving to its reports being handed to the writer (debounce included)',
    buckets: [0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30],
    registers: [registry],
  });
  const writes = new Counter({ name: 'eksguard_watch_report_writes_total', help: 'Report objects applied, deleted or failed, by kind', labelNames: ['kind', 'outcome'] as const, registers: [registry] });
  const writeSeconds = new Histogram({
    name: 'eksguard_watch_report_write_seconds',
    help: 'Duration of one report write',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    registry,
    countRelist: (kind) => relists.inc({ kind }),
    countEvent: (kind, type) => events.inc({ kind, type }),
    observeEvaluation: (unit, seconds) => evaluation.observe({ unit }, seconds),
    observeChangeLatency: (seconds) => latency.observe(seconds),
    countWrite(record) {
      writes.inc({ kind: record.kind, outcome: record.outcome });
      if (record.outcome !== 'error') writeSeconds.observe(record.seconds);
    },
  };
}
