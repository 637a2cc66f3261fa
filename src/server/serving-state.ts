import { admissionChecks } from '../admission/admission-checks.js';
import type { WebhookConfig } from '../admission/config.js';
import type { Check } from '../core/check.js';
import type { KubeRaw } from '../core/inventory.js';
import { createIngressClassResolver } from './ingress-class-lookup.js';
import { createIngressClassFetcher } from './kube-ingress-classes.js';
import { createKubeReader, type KubeReader } from './kube-api.js';
import { loadKubeCredentials } from './kube-credentials.js';
import { createKubeNamespaceFetcher } from './kube-namespaces.js';
import type { Logger } from './logger.js';
import type { WebhookMetrics } from './metrics.js';
import { createNamespaceLabelCache, type LabelFetcher } from './namespace-labels.js';
import { createNamespacePolicyResolver } from './namespace-policy.js';
import type { ServingState } from './validate.js';

export interface StateBuilderOptions {
  registry: readonly Check[];
  logger: Logger;
  metrics: WebhookMetrics;
  /** replace the Kubernetes API readers (tests) */
  fetchLabels?: LabelFetcher;
  fetchIngressClasses?: (signal: AbortSignal) => Promise<KubeRaw[]>;
}

export interface StateBuilder {
  /** the serving state for a config; rejects (NoKubeApiError) when it needs the API and there is none */
  build(config: WebhookConfig): Promise<ServingState>;
  close(): void;
}

/**
 * Turns a config into what the server serves with. Caches survive a config reload when their
 * settings did not change (no cold start on every ConfigMap edit); the API reader is made once,
 * and only when a lookup needs it.
 */
export function createStateBuilder(options: StateBuilderOptions): StateBuilder {
  const checks = admissionChecks(options.registry);
  let reader: KubeReader | undefined;
  let namespaces: { key: string; resolve: ServingState['namespacePolicy'] } | undefined;
  let classes: { key: string; resolve: NonNullable<ServingState['ingressClasses']> } | undefined;

  async function kube(purpose: string): Promise<KubeReader> {
    reader ??= createKubeReader(await loadKubeCredentials(purpose));
    return reader;
  }

  async function namespacePolicy(config: WebhookConfig): Promise<ServingState['namespacePolicy']> {
    const settings = config.namespaceLabels;
    const key = JSON.stringify([settings, config.defaults]);
    if (namespaces?.key === key) return namespaces.resolve;
    const fetch = settings.lookup ? (options.fetchLabels ?? createKubeNamespaceFetcher(await kube('namespace labels cannot be read'))) : undefined;
    const cache = fetch ? createNamespaceLabelCache({ fetch, ttlMs: settings.cacheSeconds * 1000, timeoutMs: settings.timeoutMs }) : undefined;
    const resolve = createNamespacePolicyResolver({ config, cache, logger: options.logger, metrics: options.metrics });
    namespaces = { key, resolve };
    return resolve;
  }

  async function ingressClasses(config: WebhookConfig): Promise<ServingState['ingressClasses']> {
    const settings = config.ingressClasses;
    if (!settings.lookup) return undefined;
    const key = JSON.stringify(settings);
    if (classes?.key === key) return classes.resolve;
    const fetch = options.fetchIngressClasses ?? createIngressClassFetcher(await kube('IngressClasses cannot be read'));
    const resolve = createIngressClassResolver({ fetch, ttlMs: settings.cacheSeconds * 1000, timeoutMs: settings.timeoutMs, logger: options.logger, metrics: options.metrics });
    classes = { key, resolve };
    return resolve;
  }

  return {
    async build(config) {
      const policy = await namespacePolicy(config);
      const classResolver = await ingressClasses(config);
      return { config, checks, namespacePolicy: policy, ...(classResolver ? { ingressClasses: classResolver } : {}) };
    },
    close() {
      reader?.close();
    },
  };
}
