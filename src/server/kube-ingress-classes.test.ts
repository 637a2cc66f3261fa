import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWebhookCerts, type WebhookCerts } from '../../test/webhook/certs.js';
import { createIngressClassResolver } from './ingress-class-lookup.js';
import { createKubeReader } from './kube-api.js';
import { loadKubeCredentials } from './kube-credentials.js';
import { createIngressClassFetcher } from './kube-ingress-classes.js';
import { createLogger } from './logger.js';
import { createWebhookMetrics } from './metrics.js';

let certs: WebhookCerts;
let api: https.Server;
let port: number;
let paramsAnswer: 'list' | 'missing' | 'forbidden' = 'list';
const seen: string[] = [];

/** The pod's ServiceAccount, as the kubelet mounts it, and the API server's address in the environment. */
async function reader() {
  const account = mkdtempSync(path.join(tmpdir(), 'eksguard-sa-'));
  writeFileSync(path.join(account, 'token'), 'sa-token\n');
  copyFileSync(certs.caFile, path.join(account, 'ca.crt'));
  const env = { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(port), HOME: account };
  return createKubeReader(await loadKubeCredentials('test', env, account));
}

beforeAll(async () => {
  certs = makeWebhookCerts();
  api = https.createServer({ cert: readFileSync(certs.certFile), key: readFileSync(certs.keyFile) }, (request, response) => {
    const url = new URL(request.url ?? '/', 'https://x');
    if (request.headers.authorization !== 'Bearer sa-token') return void response.writeHead(401).end();
    seen.push(`${url.pathname}?${url.searchParams.toString()}`);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/apis/networking.k8s.io/v1/ingressclasses') {
      // two pages; list items carry no kind or apiVersion, as the API server sends them
      if (!url.searchParams.get('continue')) {
        return send(200, { kind: 'IngressClassList', metadata: { continue: 'page-2' }, items: [{ metadata: { name: 'alb', managedFields: [{ big: 'x' }] }, spec: { controller: 'ingress.k8s.aws/alb', parameters: { kind: 'IngressClassParams', name: 'p' } } }] });
      }
      return send(200, { kind: 'IngressClassList', metadata: {}, items: [{ metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } }] });
    }
    if (url.pathname === '/apis/elbv2.k8s.aws/v1beta1/ingressclassparams') {
      if (paramsAnswer === 'missing') return send(404, { kind: 'Status', reason: 'NotFound' });
      if (paramsAnswer === 'forbidden') return send(403, { kind: 'Status', reason: 'Forbidden' });
      return send(200, { kind: 'IngressClassParamsList', metadata: {}, items: [{ metadata: { name: 'p' }, spec: { scheme: 'internet-facing' } }] });
    }
    return send(404, {});
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', () => resolve()));
  port = (api.address() as AddressInfo).port;
});

afterAll(() => {
  api.closeAllConnections();
  api.close();
});

describe('createIngressClassFetcher', () => {
  it('lists IngressClasses (every page) and IngressClassParams, keeping only what the checks read', async () => {
    const kube = await reader();
    try {
      paramsAnswer = 'list';
      const objects = await createIngressClassFetcher(kube)(AbortSignal.timeout(5000));
      expect(objects).toEqual([
        { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'alb' }, spec: { controller: 'ingress.k8s.aws/alb', parameters: { kind: 'IngressClassParams', name: 'p' } } },
        { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } },
        { apiVersion: 'elbv2.k8s.aws/v1beta1', kind: 'IngressClassParams', metadata: { name: 'p' }, spec: { scheme: 'internet-facing' } },
      ]);
      expect(seen).toContain('/apis/networking.k8s.io/v1/ingressclasses?limit=500&continue=page-2');
    } finally {
      kube.close();
    }
  });

  it('reads a missing IngressClassParams resource (no AWS Load Balancer Controller) as none, and fails on anything else', async () => {
    const kube = await reader();
    try {
      paramsAnswer = 'missing';
      expect((await createIngressClassFetcher(kube)(AbortSignal.timeout(5000))).map((o) => o['kind'])).toEqual(['IngressClass', 'IngressClass']);
      paramsAnswer = 'forbidden';
      await expect(createIngressClassFetcher(kube)(AbortSignal.timeout(5000))).rejects.toThrow('list IngressClassParams: HTTP 403');
    } finally {
      kube.close();
    }
  });
});

describe('createIngressClassResolver', () => {
  it('caches the lists, and turns a failure into a reason, a counted lookup and one warning per ten seconds', async () => {
    const lines: any[] = [];
    const logger = createLogger({ destination: new Writable({ write: (chunk, _e, callback) => (lines.push(JSON.parse(String(chunk))), callback()) }) });
    const metrics = createWebhookMetrics({ processMetrics: false });
    let calls = 0;
    let fail = false;
    const resolve = createIngressClassResolver({
      fetch: async () => {
        calls++;
        if (fail) throw new Error('list IngressClass: HTTP 403');
        return [{ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'alb' } }];
      },
      ttlMs: 0,
      timeoutMs: 500,
      logger,
      metrics,
    });
    expect(await resolve(1000)).toMatchObject({ ok: true, objects: [{ kind: 'IngressClass' }] });
    fail = true;
    // ttl 0: every lookup fetches; the entry is too old to serve stale
    await new Promise((r) => setTimeout(r, 5));
    const failed = await Promise.all([resolve(1000), resolve(1000)]);
    expect(failed[0]).toEqual({ ok: false, reason: 'the IngressClasses could not be read (error: list IngressClass: HTTP 403)' });
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(lines.filter((line) => line.msg?.startsWith('IngressClasses unavailable'))).toHaveLength(1);
    expect(await metrics.registry.metrics()).toMatch(/eksguard_ingress_class_lookups_total\{outcome="error"\} 2/);
  });
});
