import type { WebhookConfig } from '../admission/config.js';
import { defaultPolicy, policyFromLabels, type NamespacePolicy } from '../admission/policy.js';
import type { Logger } from './logger.js';
import type { WebhookMetrics } from './metrics.js';
import type { NamespaceLabelCache } from './namespace-labels.js';

export type NamespacePolicyResolver = (namespace: string, waitMs: number) => Promise<NamespacePolicy>;

/**
 * A namespace's modes: its eksguard.io labels through the cache, or the cluster-wide
 * defaults when lookups are off or fail. A failed lookup is logged and counted but never
 * fails the request: the defaults are the documented answer for an unknown namespace.
 */
export function createNamespacePolicyResolver(options: {
  config: WebhookConfig;
  cache: NamespaceLabelCache | undefined;
  logger: Logger;
  metrics: WebhookMetrics;
}): NamespacePolicyResolver {
  const { config, cache, logger, metrics } = options;
  let lastWarning = 0;
  return async (namespace, waitMs) => {
    if (!cache) return defaultPolicy(config.defaults, 'lookup-disabled');
    const lookup = await cache.labels(namespace, waitMs);
    if (lookup.ok) {
      metrics.countNamespaceLookup(lookup.cached ? 'hit' : 'miss');
      return policyFromLabels(lookup.labels, config.defaults);
    }
    metrics.countNamespaceLookup(lookup.reason === 'timeout' ? 'timeout' : 'error');
    // One warning per ten seconds is enough to notice missing RBAC without flooding the log.
    const now = Date.now();
    if (now - lastWarning > 10_000) {
      lastWarning = now;
      logger.warn({ namespace, reason: lookup.reason, detail: lookup.detail }, 'namespace labels unavailable; using the cluster-wide defaults');
    }
    return defaultPolicy(config.defaults, 'lookup-failed');
  };
}
