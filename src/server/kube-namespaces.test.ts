import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWebhookCerts, type WebhookCerts } from '../../test/webhook/certs.js';
import { createKubeReader, NoKubeApiError } from './kube-api.js';
import { loadKubeCredentials, type KubeCredentials } from './kube-credentials.js';
import { createKubeNamespaceFetcher } from './kube-namespaces.js';

let certs: WebhookCerts;
let api: https.Server;
let port: number;
const seen: { path: string; authorization: string | undefined }[] = [];

/** A kubeconfig file with a token user, read the way the webhook reads it. */
function kubeConfig(server: string): Promise<KubeCredentials> {
  const file = path.join(certs.dir, `kubeconfig-${Math.random().toString(36).slice(2)}`);
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
current-context: test
clusters: [{ name: test, cluster: { server: "${server}", certificate-authority: ca.crt } }]
users: [{ name: webhook, user: { token: sa-token } }]
contexts: [{ name: test, context: { cluster: test, user: webhook } }]
`,
  );
  return loadKubeCredentials('test', { KUBECONFIG: file });
}

beforeAll(async () => {
  certs = makeWebhookCerts();
  api = https.createServer({ cert: readFileSync(certs.certFile), key: readFileSync(certs.keyFile) }, (request, response) => {
    seen.push({ path: request.url ?? '', authorization: request.headers.authorization });
    const name = decodeURIComponent((request.url ?? '').replace('/api/v1/namespaces/', ''));
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (name === 'shop') return send(200, { kind: 'Namespace', metadata: { name, labels: { 'eksguard.io/enforce': 'high', odd: 7, bad: null } } });
    if (name === 'bare') return send(200, { kind: 'Namespace', metadata: { name } });
    if (name === 'locked') return send(403, { kind: 'Status', reason: 'Forbidden' });
    if (name === 'garbled') return send(200, '{not json');
    if (name === 'slow') return; // never answers
    return send(404, { kind: 'Status', reason: 'NotFound' });
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', () => resolve()));
  port = (api.address() as AddressInfo).port;
});

afterAll(() => {
  api.closeAllConnections();
  api.close();
});

describe('createKubeNamespaceFetcher', () => {
  it('GETs the namespace with the credentials of the kubeconfig and returns its string labels', async () => {
    const reader = createKubeReader(await kubeConfig(`https://127.0.0.1:${port}`));
    const fetch = createKubeNamespaceFetcher(reader);
    try {
      expect(await fetch('shop', new AbortController().signal)).toEqual({ 'eksguard.io/enforce': 'high', odd: '7' });
      expect(await fetch('bare', new AbortController().signal)).toEqual({});
      expect(seen.find((request) => request.path === '/api/v1/namespaces/shop')?.authorization).toBe('Bearer sa-token');
    } finally {
      reader.close();
    }
  });

  it('resolves undefined for a missing namespace and rejects on other answers', async () => {
    const reader = createKubeReader(await kubeConfig(`https://127.0.0.1:${port}`));
    const fetch = createKubeNamespaceFetcher(reader);
    try {
      expect(await fetch('gone', new AbortController().signal)).toBeUndefined();
      await expect(fetch('locked', new AbortController().signal)).rejects.toThrow(/HTTP 403/);
      await expect(fetch('garbled', new AbortController().signal)).rejects.toThrow(/not JSON/);
    } finally {
      reader.close();
    }
  });

  it('gives up when the signal aborts', async () => {
    const reader = createKubeReader(await kubeConfig(`https://127.0.0.1:${port}`));
    const fetch = createKubeNamespaceFetcher(reader);
    try {
      await expect(fetch('slow', AbortSignal.timeout(100))).rejects.toThrow();
    } finally {
      reader.close();
    }
  });

  it('refuses to send credentials to a plain-HTTP server', async () => {
    await expect(kubeConfig('http://localhost:8080')).rejects.toThrow(NoKubeApiError);
  });
});
