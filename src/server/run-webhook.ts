import { readFile } from 'node:fs/promises';
import { admissionChecks } from '../admission/admission-checks.js';
import { defaultWebhookConfig, parseWebhookConfigText, type WebhookConfig } from '../admission/config.js';
import type { Check } from '../core/check.js';
import { createKubeNamespaceFetcher } from './kube-namespaces.js';
import { createLogger, type Logger } from './logger.js';
import { createWebhookMetrics } from './metrics.js';
import { createNamespaceLabelCache, type LabelFetcher } from './namespace-labels.js';
import { createNamespacePolicyResolver } from './namespace-policy.js';
import { createTlsReloader } from './tls-reloader.js';
import { describeError, startWebhookServer, type WebhookServer } from './webhook-server.js';

export interface RunWebhookOptions {
  certFile: string;
  keyFile: string;
  port: number;
  host?: string;
  configFile?: string;
  /** the registry the webhook draws its checks from: `allChecks`, as for `scan` */
  registry: readonly Check[];
  logger?: Logger;
  /** replaces the Kubernetes API reader (tests) */
  fetchLabels?: LabelFetcher;
}

export interface RunningWebhook {
  server: WebhookServer;
  config: WebhookConfig;
  /** graceful stop, as on SIGTERM */
  stop(): Promise<void>;
}

export async function loadConfigFile(file: string | undefined, registry: readonly Check[]): Promise<WebhookConfig> {
  const known = new Set(registry.map((check) => check.id));
  if (file === undefined) return defaultWebhookConfig(known);
  return parseWebhookConfigText(await readFile(file, 'utf8'), known);
}

/**
 * Starts the webhook: TLS first (nothing can be served without it), then the listener
 * (healthz answers, readyz does not), then the config; only a loaded config makes it ready.
 */
export async function runWebhook(options: RunWebhookOptions): Promise<RunningWebhook> {
  const logger = options.logger ?? createLogger();
  const metrics = createWebhookMetrics();
  let server: WebhookServer | undefined;
  const tls = await createTlsReloader({
    certFile: options.certFile,
    keyFile: options.keyFile,
    onReload(outcome) {
      metrics.countTlsReload(outcome.ok ? 'success' : 'failure');
      if (outcome.ok) {
        server?.setTls(outcome.pair);
        logger.info({ certFile: options.certFile }, 'TLS certificate and key reloaded');
      } else {
        logger.error({ err: outcome.error }, 'TLS reload failed; still serving the previous certificate');
      }
    },
  });
  try {
    server = await startWebhookServer({ tls: tls.current(), logger, metrics, port: options.port, ...(options.host ? { host: options.host } : {}) });
    const config = await loadConfigFile(options.configFile, options.registry);
    const fetchLabels = config.namespaceLabels.lookup ? (options.fetchLabels ?? createKubeNamespaceFetcher()) : undefined;
    const cache = fetchLabels
      ? createNamespaceLabelCache({ fetch: fetchLabels, ttlMs: config.namespaceLabels.cacheSeconds * 1000, timeoutMs: config.namespaceLabels.timeoutMs })
      : undefined;
    const checks = admissionChecks(options.registry);
    server.serve({ config, checks, namespacePolicy: createNamespacePolicyResolver({ config, cache, logger, metrics }) });
    logger.info(
      { port: server.port, checks: checks.length, failurePolicy: config.failurePolicy, defaults: config.defaults, namespaceLabelLookup: Boolean(cache) },
      'eksguard webhook ready',
    );
    const running = server;
    return {
      server: running,
      config,
      async stop() {
        logger.info({ delaySeconds: config.server.shutdownDelaySeconds, graceSeconds: config.server.shutdownGraceSeconds }, 'shutting down');
        await running.shutdown({ delayMs: config.server.shutdownDelaySeconds * 1000, graceMs: config.server.shutdownGraceSeconds * 1000 });
        tls.close();
        fetchLabels?.close?.();
        logger.info('stopped');
        logger.flush();
      },
    };
  } catch (error) {
    tls.close();
    await server?.shutdown({ delayMs: 0, graceMs: 0 });
    logger.error({ err: describeError(error) }, 'webhook failed to start');
    throw error;
  }
}
