import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Mode } from '../admission/policy.js';
import type { SuppressedBy } from '../admission/suppressed.js';

/** Kinds the webhook is registered for; anything else is counted as `other` so a hostile client cannot grow the label set. */
const KNOWN_KINDS: ReadonlySet<string> = new Set([
  'Pod', 'PodTemplate', 'ReplicationController', 'ReplicaSet', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob',
  'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'Service', 'Ingress', 'ConfigMap', 'NetworkPolicy',
  'Namespace', 'Secret', 'StorageClass', 'Rollout',
]);
const CHECK_ID = /^(PSS-[A-Za-z_]+|(K8S|EKS)-[A-Z]+-\d{3})$/;

export type RequestResult = 'allowed' | 'denied' | 'exempt' | 'not-evaluated' | 'bad-request' | 'throttled' | 'error';

export interface WebhookMetrics {
  readonly registry: Registry;
  observeRequest(options: { kind: string; operation: string; result: RequestResult; seconds: number }): void;
  countCheck(checkId: string, mode: Mode): void;
  /** a failing check that did not count, and what suppressed it */
  countSuppressed(checkId: string, by: SuppressedBy): void;
  countNamespaceLookup(outcome: 'hit' | 'miss' | 'error' | 'timeout'): void;
  countIngressClassLookup(outcome: 'hit' | 'miss' | 'error' | 'timeout'): void;
  countTlsReload(outcome: 'success' | 'failure'): void;
  /** a connection closed before its TLS handshake completed */
  countConnectionDropped(reason: 'timeout' | 'client-closed'): void;
  countConfigReload(outcome: 'success' | 'failure'): void;
  /** where the in-flight gauges read from, when scraped */
  watchInflight(read: () => { bytes: number; reviews: number; queued: number }): void;
}

export function kindLabel(kind: string): string {
  return KNOWN_KINDS.has(kind) ? kind : 'other';
}

export function createWebhookMetrics(options: { processMetrics?: boolean } = {}): WebhookMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'eksguard_' });
  const requests = new Counter({
    name: 'eksguard_admission_requests_total',
    help: 'AdmissionReview requests answered, by object kind, operation and result',
    labelNames: ['kind', 'operation', 'result'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'eksguard_admission_request_duration_seconds',
    help: 'Time from the first byte of the request to the answer',
    labelNames: ['result'] as const,
    // Most answers take well under a millisecond; the tail buckets show lookups and slow clients.
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const checks = new Counter({
    name: 'eksguard_admission_check_failures_total',
    help: 'Failing checks on admitted or denied objects, by check and by the mode they reached (enforce denies, warn warns, audit logs)',
    labelNames: ['check', 'mode'] as const,
    registers: [registry],
  });
  const suppressed = new Counter({
    name: 'eksguard_admission_suppressed_checks_total',
    help: 'Failing checks that did not count at admission, by check and by what suppressed them (annotation, suppression, exemption)',
    labelNames: ['check', 'by'] as const,
    registers: [registry],
  });
  const lookups = new Counter({
    name: 'eksguard_namespace_label_lookups_total',
    help: 'Namespace label lookups by outcome (hit: served from the cache)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const classLookups = new Counter({
    name: 'eksguard_ingress_class_lookups_total',
    help: 'IngressClass and IngressClassParams lookups for Ingresses under review, by outcome (hit: served from the cache)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const reloads = new Counter({
    name: 'eksguard_tls_reloads_total',
    help: 'TLS certificate and key reloads by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const dropped = new Counter({
    name: 'eksguard_connections_dropped_total',
    help: 'Connections closed before their TLS handshake completed: timeout (handshakeTimeoutMs) or client-closed',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const configReloads = new Counter({
    name: 'eksguard_config_reloads_total',
    help: 'Config file reloads by outcome (failure: the new file was refused and the previous config kept)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  let inflight: (() => { bytes: number; reviews: number; queued: number }) | undefined;
  for (const [name, help, key] of [
    ['eksguard_inflight_bytes', 'Request body bytes held now (received, or being judged), against server.maxInflightBytes', 'bytes'],
    ['eksguard_inflight_reviews', 'Reviews being judged now, against server.maxInflightReviews', 'reviews'],
    ['eksguard_queued_requests', 'Requests waiting for room now; those that wait past server.queueTimeoutMs get HTTP 429', 'queued'],
  ] as const) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(inflight?.()[key] ?? 0);
      },
    });
  }
  return {
    registry,
    watchInflight(read) {
      inflight = read;
    },
    countConnectionDropped(reason) {
      dropped.inc({ reason });
    },
    countConfigReload(outcome) {
      configReloads.inc({ outcome });
    },
    observeRequest({ kind, operation, result, seconds }) {
      requests.inc({ kind: kindLabel(kind), operation: ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'].includes(operation) ? operation : 'other', result });
      duration.observe({ result }, seconds);
    },
    countCheck(checkId, mode) {
      checks.inc({ check: CHECK_ID.test(checkId) ? checkId : 'other', mode });
    },
    countSuppressed(checkId, by) {
      suppressed.inc({ check: CHECK_ID.test(checkId) ? checkId : 'other', by });
    },
    countNamespaceLookup(outcome) {
      lookups.inc({ outcome });
    },
    countIngressClassLookup(outcome) {
      classLookups.inc({ outcome });
    },
    countTlsReload(outcome) {
      reloads.inc({ outcome });
    },
  };
}
