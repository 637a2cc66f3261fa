import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface WatchHttpOptions {
  port: number;
  host: string;
  registry: Registry;
  /** the process is up and not stopping (liveness) */
  live: () => boolean;
  /** the first reports are built and written (readiness) */
  ready: () => boolean;
}

export interface WatchHttpServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Plain HTTP for the probes and Prometheus: /healthz, /readyz and /metrics, GET only. Nothing
 * here reads a request body, and the answers carry no cluster content beyond metric labels.
 */
export async function startWatchHttp(options: WatchHttpOptions): Promise<WatchHttpServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'method not allowed\n');
    if (path === '/healthz') return options.live() ? send(200, 'ok\n') : send(503, 'stopping\n');
    if (path === '/readyz') return options.ready() ? send(200, 'ok\n') : send(503, 'not ready: the first reports are not written yet\n');
    if (path === '/metrics') {
      options.registry.metrics().then(
        (text) => send(200, text, options.registry.contentType),
        () => send(500, 'metrics failed\n'),
      );
      return;
    }
    send(404, 'not found\n');
  });
  // probes and scrapes are small: slow or idle clients are cut off rather than held
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  server.maxHeadersCount = 50;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
