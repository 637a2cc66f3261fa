import https from 'node:https';
import tls from 'node:tls';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): any;
}

/** One HTTPS request to the webhook on 127.0.0.1, with a fresh connection (no keep-alive). */
export function request(options: { port: number; ca: Buffer; method?: string; path: string; body?: string | Buffer; headers?: Record<string, string> }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port: options.port, method: options.method ?? 'GET', path: options.path, ca: options.ca, agent: false, headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export function postReview(port: number, ca: Buffer, review: unknown, path = '/validate?timeout=10s'): Promise<Reply> {
  return request({ port, ca, method: 'POST', path, body: JSON.stringify(review), headers: { 'Content-Type': 'application/json' } });
}

/** Opens a raw TLS connection, writes `data`, and reports what the server sends back and when it closes. */
export function rawExchange(options: { port: number; ca: Buffer; data: string; waitMs: number }): Promise<{ received: string; closedAfterMs: number | undefined }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let received = '';
    let closedAfterMs: number | undefined;
    const socket = tls.connect({ host: '127.0.0.1', port: options.port, ca: options.ca }, () => socket.write(options.data));
    socket.on('data', (chunk) => (received += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closedAfterMs = Date.now() - started;
      clearTimeout(timer);
      resolve({ received, closedAfterMs });
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ received, closedAfterMs });
    }, options.waitMs);
    socket.on('timeout', () => reject(new Error('timeout')));
  });
}
