import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeApiError } from './api-error.js';
import { createTransport } from './transport.js';

// Exercises the HTTP layer only (headers, compression, limits, retries); the
// end-to-end behaviour against a real kube-apiserver is in test/kube/.
type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;
let handler: Handler = (_request, response) => response.end('{}');
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function transportFor(options: { token?: string; maxBodyBytes?: number; retries?: number; timeoutMs?: number } = {}) {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'c', server: `${url}/prefix`, skipTLSVerify: true }],
    users: [{ name: 'u', ...(options.token ? { token: options.token } : {}) }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  return createTransport(config, { server: `${url}/prefix`, userAgent: 'eksguard/test', ...options });
}

describe('createTransport', () => {
  it('sends credentials, Accept and query, under the server path prefix', async () => {
    let seen: http.IncomingMessage | undefined;
    handler = (request, response) => {
      seen = request;
      response.setHeader('content-type', 'application/json');
      response.end('{"items":[]}');
    };
    const transport = transportFor({ token: 'sekret' });
    const body = await transport.getJson('/api/v1/pods', { accept: 'application/json;as=PartialObjectMetadataList', query: { limit: '50', continue: undefined } });
    transport.close();
    expect(body).toEqual({ items: [] });
    expect(seen?.url).toBe('/prefix/api/v1/pods?limit=50');
    expect(seen?.headers['authorization']).toBe('Bearer sekret');
    expect(seen?.headers['accept']).toBe('application/json;as=PartialObjectMetadataList');
    expect(seen?.headers['user-agent']).toBe('eksguard/test');
  });

  it('decompresses gzip responses', async () => {
    handler = (_request, response) => {
      response.setHeader('content-encoding', 'gzip');
      response.end(gzipSync(JSON.stringify({ items: [{ n: 1 }] })));
    };
    const transport = transportFor();
    expect(await transport.getJson('/x')).toEqual({ items: [{ n: 1 }] });
    transport.close();
  });

  it("turns a Status answer into a KubeApiError with the server's reason and message", async () => {
    handler = (_request, response) => {
      response.statusCode = 403;
      response.end(JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'Forbidden', message: 'pods is forbidden: User "x" cannot list resource "pods"', code: 403 }));
    };
    const transport = transportFor();
    const error = await transport.getJson('/api/v1/pods').catch((caught: unknown) => caught);
    transport.close();
    expect(error).toBeInstanceOf(KubeApiError);
    expect(error).toMatchObject({ status: 403, reason: 'Forbidden', message: 'pods is forbidden: User "x" cannot list resource "pods"' });
  });

  it('keeps only the start of a non-JSON error page', async () => {
    handler = (_request, response) => {
      response.statusCode = 404;
      response.end(`<html>${'x'.repeat(5000)}</html>`);
    };
    const transport = transportFor();
    const error = (await transport.getJson('/nope').catch((caught: unknown) => caught)) as KubeApiError;
    transport.close();
    expect(error.reason).toBe('NotFound');
    expect(error.message.length).toBeLessThanOrEqual(200);
  });

  it('rejects a successful answer that is not JSON', async () => {
    handler = (_request, response) => response.end('not json');
    const transport = transportFor();
    await expect(transport.getJson('/x')).rejects.toThrow(/not JSON/);
    transport.close();
  });

  it('refuses responses above the size limit', async () => {
    handler = (_request, response) => response.end(JSON.stringify({ items: ['y'.repeat(10_000)] }));
    const transport = transportFor({ maxBodyBytes: 1000 });
    await expect(transport.getJson('/big')).rejects.toThrow(/larger than/);
    transport.close();
  });

  it('retries 429 and 503 a bounded number of times, but not 403', async () => {
    let calls = 0;
    handler = (_request, response) => {
      calls += 1;
      response.statusCode = calls < 3 ? (calls === 1 ? 429 : 503) : 200;
      response.end(calls < 3 ? '{"kind":"Status","reason":"TooManyRequests","message":"slow down"}' : '{"ok":true}');
    };
    const transport = transportFor({ retries: 2 });
    expect(await transport.getJson('/x')).toEqual({ ok: true });
    expect(calls).toBe(3);

    calls = 0;
    handler = (_request, response) => {
      calls += 1;
      response.statusCode = 503;
      response.end('{}');
    };
    await expect(transport.getJson('/x')).rejects.toMatchObject({ status: 503 });
    expect(calls).toBe(3);

    calls = 0;
    handler = (_request, response) => {
      calls += 1;
      response.statusCode = 403;
      response.end('{}');
    };
    await expect(transport.getJson('/x')).rejects.toMatchObject({ status: 403 });
    expect(calls).toBe(1);
    transport.close();
  });

  it('gives up on a server that does not answer', async () => {
    handler = () => undefined;
    const transport = transportFor({ timeoutMs: 200, retries: 0 });
    await expect(transport.getJson('/slow')).rejects.toThrow(/no answer/);
    transport.close();
  });
});
