import type { IngressClassLookup } from '../admission/evaluate.js';
import type { KubeRaw } from '../core/inventory.js';
import type { Logger } from './logger.js';
import { createLookupCache } from './lookup-cache.js';
import type { WebhookMetrics } from './metrics.js';

const KEY = 'all';

/**
 * The cluster's IngressClasses and IngressClassParams for an Ingress under review, through the
 * same TTL cache as namespace labels (one entry: they are few and cluster-wide). A failed read
 * is handled as a failed namespace-label read is: logged (at most every ten seconds), counted,
 * and never a failed request; the Ingress is then judged without them, which makes K8S-NET-007
 * report `skipped` with the reason instead of guessing.
 */
export function createIngressClassResolver(options: {
  fetch: (signal: AbortSignal) => Promise<KubeRaw[]>;
  ttlMs: number;
  timeoutMs: number;
  logger: Logger;
  metrics: WebhookMetrics;
}): (waitMs: number) => Promise<IngressClassLookup> {
  const cache = createLookupCache<KubeRaw[]>({ fetch: (_key, signal) => options.fetch(signal), ttlMs: options.ttlMs, timeoutMs: options.timeoutMs, maxEntries: 1, describe: () => 'IngressClasses' });
  let lastWarning = 0;
  return async (waitMs) => {
    const lookup = await cache.get(KEY, waitMs);
    if (lookup.ok) {
      options.metrics.countIngressClassLookup(lookup.cached ? 'hit' : 'miss');
      return { ok: true, objects: lookup.value };
    }
    options.metrics.countIngressClassLookup(lookup.reason === 'timeout' ? 'timeout' : 'error');
    const now = Date.now();
    if (now - lastWarning > 10_000) {
      lastWarning = now;
      options.logger.warn({ reason: lookup.reason, detail: lookup.detail }, 'IngressClasses unavailable; K8S-NET-007 is skipped for Ingresses until they can be read');
    }
    return { ok: false, reason: `the IngressClasses could not be read (${lookup.reason}: ${lookup.detail})` };
  };
}
