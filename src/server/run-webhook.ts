import { readFile, stat } from 'node:fs/promises';
import { ConfigError, defaultWebhookConfig, readWebhookConfigText, type ParsedWebhookConfig, type WebhookConfig } from '../admission/config.js';
import type { Check } from '../core/check.js';
import type { KubeRaw } from '../core/inventory.js';
import { contentDigest, watchFiles, type FileWatch } from './file-watch.js';
import { createLogger, type Logger } from './logger.js';
import { createWebhookMetrics } from './metrics.js';
import type { LabelFetcher } from './namespace-labels.js';
import { createStateBuilder } from './serving-state.js';
import { createTlsReloader } from './tls-reloader.js';
import { describeError } from '../core/errors.js';
import { startWebhookServer, type WebhookServer } from './webhook-server.js';

export interface RunWebhookOptions {
  certFile: string;
  keyFile: string;
  port: number;
  host?: string;
  configFile?: string;
  /** the registry the webhook draws its checks from: `allChecks`, as for `scan` */
  registry: readonly Check[];
  logger?: Logger;
  /** replace the Kubernetes API readers (tests) */
  fetchLabels?: LabelFetcher;
  fetchIngressClasses?: (signal: AbortSignal) => Promise<KubeRaw[]>;
  /** how soon after a change of the config file it is re-read (default 500 ms), and the backstop poll */
  configDebounceMs?: number;
  configPollMs?: number;
}

export interface RunningWebhook {
  server: WebhookServer;
  /** the config being served now (a reload replaces it) */
  readonly config: WebhookConfig;
  /** re-reads the config file now, as a change of the file does; resolves with the outcome */
  reloadConfig(): Promise<{ ok: true } | { ok: false; error: string }>;
  /** graceful stop, as on SIGTERM */
  stop(): Promise<void>;
}

/** A config holds settings: anything this large is a mistake (or an attack), not a config. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export async function loadConfigFile(file: string | undefined, registry: readonly Check[]): Promise<ParsedWebhookConfig> {
  const known = new Set(registry.map((check) => check.id));
  if (file === undefined) return { config: defaultWebhookConfig(known), warnings: [] };
  const info = await stat(file);
  if (info.size > MAX_CONFIG_BYTES) throw new ConfigError(`webhook config ${file} is larger than 1 MiB`);
  return readWebhookConfigText(await readFile(file, 'utf8'), known, file);
}

/**
 * Starts the webhook: TLS first (nothing can be served without it), then the listener
 * (healthz answers, readyz does not), then the config; only a loaded config makes it ready.
 * The config file is then watched: a changed file (a ConfigMap edit reaches the pod through a
 * `..data` symlink swap) is re-read and served from the next request on; a file that does not
 * load is refused, logged and counted, and the previous config keeps serving.
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
  const builder = createStateBuilder({
    registry: options.registry,
    logger,
    metrics,
    ...(options.fetchLabels ? { fetchLabels: options.fetchLabels } : {}),
    ...(options.fetchIngressClasses ? { fetchIngressClasses: options.fetchIngressClasses } : {}),
  });
  let watcher: FileWatch | undefined;
  try {
    server = await startWebhookServer({ tls: tls.current(), logger, metrics, port: options.port, ...(options.host ? { host: options.host } : {}) });
    const initialDigest = options.configFile ? await contentDigest([options.configFile]) : undefined;
    const loaded = await loadConfigFile(options.configFile, options.registry);
    for (const warning of loaded.warnings) logger.warn({ configFile: options.configFile }, `config: ${warning}`);
    let config = loaded.config;
    const running = server;
    running.serve(await builder.build(config));
    logger.info(
      { port: running.port, failurePolicy: config.failurePolicy, defaults: config.defaults, namespaceLabelLookup: config.namespaceLabels.lookup, ingressClassLookup: config.ingressClasses.lookup },
      'eksguard webhook ready',
    );

    async function reloadConfig(): Promise<{ ok: true } | { ok: false; error: string }> {
      try {
        const next = await loadConfigFile(options.configFile, options.registry);
        running.serve(await builder.build(next.config));
        config = next.config;
        for (const warning of next.warnings) logger.warn({ configFile: options.configFile }, `config: ${warning}`);
        metrics.countConfigReload('success');
        logger.info({ configFile: options.configFile, failurePolicy: config.failurePolicy, defaults: config.defaults }, 'config reloaded');
        return { ok: true };
      } catch (error) {
        metrics.countConfigReload('failure');
        const message = error instanceof Error ? error.message : String(error);
        logger.error({ configFile: options.configFile, err: message }, 'config reload refused; still serving the previous config');
        return { ok: false, error: message };
      }
    }
    if (options.configFile) {
      watcher = watchFiles({
        files: [options.configFile],
        initialDigest,
        onChange: async () => void (await reloadConfig()),
        debounceMs: options.configDebounceMs ?? 500,
        ...(options.configPollMs !== undefined ? { pollMs: options.configPollMs } : {}),
      });
    }
    return {
      server: running,
      get config() {
        return config;
      },
      reloadConfig,
      async stop() {
        logger.info({ delaySeconds: config.server.shutdownDelaySeconds, graceSeconds: config.server.shutdownGraceSeconds }, 'shutting down');
        watcher?.close();
        await running.shutdown({ delayMs: config.server.shutdownDelaySeconds * 1000, graceMs: config.server.shutdownGraceSeconds * 1000 });
        tls.close();
        builder.close();
        logger.info('stopped');
        logger.flush();
      },
    };
  } catch (error) {
    watcher?.close();
    tls.close();
    builder.close();
    await server?.shutdown({ delayMs: 0, graceMs: 0 });
    logger.error({ err: describeError(error) }, 'webhook failed to start');
    throw error;
  }
}
