import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { WebhookConfig } from '../admission/config.js';
import type { NamespacePolicy } from '../admission/policy.js';
import type { Check } from '../core/check.js';
import type { TlsPair } from './tls-reloader.js';
import type { Logger } from './logger.js';
import type { WebhookMetrics } from './metrics.js';
import { handleValidate } from './validate.js';

/** What the server needs once the config is loaded; until then /readyz is 503 and /validate answers 503. */
export interface ServingState {
  config: WebhookConfig;
  /** the checks that run at admission, from the same registry as `scan` */
  checks: readonly Check[];
  /** a namespace's modes, resolving within `waitMs` (with the defaults when its labels cannot be read) */
  namespacePolicy: (namespace: string, waitMs: number) => Promise<NamespacePolicy>;
  now?: () => Date;
}

export interface WebhookServerOptions {
  tls: TlsPair;
  logger: Logger;
  metrics: WebhookMetrics;
  host?: string;
  port: number;
  /** limits that apply before a config is loaded (the config's `server` section replaces them) */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export interface WebhookServer {
  readonly port: number;
  /** marks the server ready with this config (and applies its server limits) */
  serve(state: ServingState): void;
  /** installs a new certificate and key for new connections */
  setTls(pair: TlsPair): void;
  isReady(): boolean;
  /** stops being ready, waits `delayMs`, stops accepting, lets requests finish for `graceMs`, then closes what is left */
  shutdown(options: { delayMs: number; graceMs: number }): Promise<void>;
}

const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  response.end(`${text}\n`);
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  let state: ServingState | undefined;
  let draining = false;
  const { logger, metrics } = options;

  const server = https.createServer({
    cert: options.tls.cert,
    key: options.tls.key,
    minVersion: 'TLSv1.2',
    handshakeTimeout: TLS_HANDSHAKE_TIMEOUT_MS,
    // how often Node enforces headersTimeout and requestTimeout on open connections (default 30 s: too lax for slowloris)
    connectionsCheckingInterval: 1_000,
    headersTimeout: options.headersTimeoutMs ?? 10_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    keepAliveTimeout: 30_000,
  });

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (draining) response.setHeader('Connection', 'close');
    route(request, response).catch((error: unknown) => {
      // handleValidate answers its own errors; this is the last line for everything else
      logger.error({ err: describeError(error), path: pathOf(request) }, 'unhandled error while answering a request');
      if (!response.headersSent) sendText(response, 500, 'eksguard: internal error while answering this request; see the webhook logs');
      else response.destroy();
    });
  });
  server.on('tlsClientError', (error) => logger.debug({ err: error.message }, 'TLS handshake failed'));
  server.on('clientError', (error, socket) => {
    // malformed HTTP, or headersTimeout/requestTimeout from a slow client: answer when the socket still can
    const code = (error as NodeJS.ErrnoException).code;
    if (socket.writable) socket.end(code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n' : 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = pathOf(request);
    if (path === '/validate') {
      if (request.method !== 'POST') return sendText(response, 405, 'use POST for AdmissionReview requests', { Allow: 'POST' });
      if (!state) return sendText(response, 503, 'eksguard: not ready (configuration not loaded yet)', { 'Retry-After': '1' });
      return handleValidate(request, response, { state, logger, metrics, draining: () => draining });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 405, 'method not allowed', { Allow: 'GET' });
    if (path === '/healthz' || path === '/livez') return sendText(response, 200, 'ok');
    if (path === '/readyz') {
      if (draining) return sendText(response, 503, 'shutting down');
      return state ? sendText(response, 200, 'ok') : sendText(response, 503, 'configuration not loaded');
    }
    if (path === '/metrics') {
      const body = await metrics.registry.metrics();
      response.writeHead(200, { 'Content-Type': metrics.registry.contentType });
      return void response.end(body);
    }
    return sendText(response, 404, 'not found: the webhook serves POST /validate, GET /healthz, /readyz and /metrics');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    serve(next) {
      state = next;
      server.headersTimeout = next.config.server.headersTimeoutMs;
      server.requestTimeout = next.config.server.requestTimeoutMs;
    },
    setTls(pair) {
      server.setSecureContext({ cert: pair.cert, key: pair.key, minVersion: 'TLSv1.2' });
    },
    isReady: () => state !== undefined && !draining,
    async shutdown({ delayMs, graceMs }) {
      draining = true;
      if (delayMs > 0) await sleep(delayMs);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // whatever is still open after the grace period is cut; the timer must not hold the process once all is closed
      const forced = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(forced);
    },
  };
}

function pathOf(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
