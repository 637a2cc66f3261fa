import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { defaultWebhookConfig, type WebhookConfig } from '../admission/config.js';
import { describeError } from '../core/errors.js';
import type { TLSSocket } from 'node:tls';
import { guardHandshakes } from './connection-guard.js';
import { createInflightBudget, type InflightLimits } from './inflight.js';
import type { TlsPair } from './tls-reloader.js';
import type { Logger } from './logger.js';
import type { WebhookMetrics } from './metrics.js';
import { handleValidate, type ServingState } from './validate.js';

export interface WebhookServerOptions {
  tls: TlsPair;
  logger: Logger;
  metrics: WebhookMetrics;
  host?: string;
  port: number;
  /** limits that apply until a config is loaded (its `server` section replaces them) */
  limits?: Partial<ServerLimits>;
}

export type ServerLimits = WebhookConfig['server'];

export interface WebhookServer {
  readonly port: number;
  /** marks the server ready with this config (and applies its server limits) */
  serve(state: ServingState): void;
  /** installs a new certificate and key for new connections */
  setTls(pair: TlsPair): void;
  isReady(): boolean;
  /** open connections, and those still before their TLS handshake */
  connections(): Promise<{ open: number; handshaking: number }>;
  /** body bytes, reviews and waiting requests in flight now */
  inflight(): { bytes: number; reviews: number; queued: number };
  /** stops being ready, waits `delayMs`, stops accepting, lets requests finish for `graceMs`, then closes what is left */
  shutdown(options: { delayMs: number; graceMs: number }): Promise<void>;
}

function inflightLimits(limits: ServerLimits): InflightLimits {
  return {
    maxBytes: limits.maxInflightBytes,
    maxBodyBytes: limits.maxBodyBytes,
    maxReviews: limits.maxInflightReviews,
    queueTimeoutMs: limits.queueTimeoutMs,
    maxQueued: limits.maxQueuedRequests,
  };
}

function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  response.end(`${text}\n`);
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  let state: ServingState | undefined;
  let draining = false;
  const { logger, metrics } = options;

  // until a config is loaded: the config's own defaults
  const limits: ServerLimits = { ...defaultWebhookConfig(new Set()).server, ...options.limits };
  const budget = createInflightBudget(inflightLimits(limits));
  metrics.watchInflight(() => ({ bytes: budget.bytes, reviews: budget.reviews, queued: budget.queued }));
  const server = https.createServer({
    cert: options.tls.cert,
    key: options.tls.key,
    minVersion: 'TLSv1.2',
    handshakeTimeout: limits.handshakeTimeoutMs,
    // how often Node enforces headersTimeout and requestTimeout on open connections (default 30 s: too lax for slowloris)
    connectionsCheckingInterval: 1_000,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
  });
  server.maxConnections = limits.maxConnections;
  const handshakes = guardHandshakes(server, { handshakeTimeoutMs: limits.handshakeTimeoutMs, onExpired: (reason) => metrics.countConnectionDropped(reason) });
  function applyLimits(next: ServerLimits): void {
    server.headersTimeout = next.headersTimeoutMs;
    server.requestTimeout = next.requestTimeoutMs;
    server.keepAliveTimeout = next.keepAliveTimeoutMs;
    server.maxConnections = next.maxConnections;
    handshakes.setHandshakeTimeout(next.handshakeTimeoutMs);
    budget.setLimits(inflightLimits(next));
  }

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (draining) response.setHeader('Connection', 'close');
    route(request, response).catch((error: unknown) => {
      // handleValidate answers its own errors; this is the last line for everything else
      logger.error({ err: describeError(error), path: pathOf(request) }, 'unhandled error while answering a request');
      if (!response.headersSent) sendText(response, 500, 'eksguard: internal error while answering this request; see the webhook logs');
      else response.destroy();
    });
  });
  const secured = new WeakSet<object>();
  server.on('secureConnection', (socket: TLSSocket) => secured.add(socket));
  server.on('clientError', (error, socket) => {
    const code = (error as NodeJS.ErrnoException).code;
    // A TLS failure (handshake timeout included) arrives here too, on a socket that never became
    // a secure connection: ending it would wait for a handshake that never comes. Destroy it.
    if (!secured.has(socket)) {
      logger.debug({ err: (error as Error).message, code }, 'TLS handshake failed');
      socket.destroy();
      return;
    }
    // malformed HTTP, or headersTimeout/requestTimeout from a slow client: answer when the socket still can, then close it
    if (socket.writable) {
      socket.end(code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n' : 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      // a peer that never reads would keep the answer, and the socket, pending forever
      setTimeout(() => socket.destroy(), 1_000).unref();
    } else {
      socket.destroy();
    }
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = pathOf(request);
    if (path === '/validate') {
      if (request.method !== 'POST') return sendText(response, 405, 'use POST for AdmissionReview requests', { Allow: 'POST' });
      if (!state) return sendText(response, 503, 'eksguard: not ready (configuration not loaded yet)', { 'Retry-After': '1' });
      return handleValidate(request, response, { state, logger, metrics, budget, draining: () => draining });
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
      applyLimits(next.config.server);
    },
    setTls(pair) {
      server.setSecureContext({ cert: pair.cert, key: pair.key, minVersion: 'TLSv1.2' });
    },
    isReady: () => state !== undefined && !draining,
    connections: () =>
      new Promise((resolve, reject) => server.getConnections((error, open) => (error ? reject(error) : resolve({ open, handshaking: handshakes.pending })))),
    inflight: () => ({ bytes: budget.bytes, reviews: budget.reviews, queued: budget.queued }),
    async shutdown({ delayMs, graceMs }) {
      draining = true;
      if (delayMs > 0) await sleep(delayMs);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // whatever is still open after the grace period is cut; the timer must not hold the process once all is closed
      const forced = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(forced);
      handshakes.close();
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
