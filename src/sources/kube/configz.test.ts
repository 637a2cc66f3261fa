import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allChecks } from '../../checks/index.js';
import { KUBELET_CONFIG_KEY } from '../../k8s/kubelet/configz.js';
import { collectCluster } from './collect.js';
import { MAX_CONFIGZ_BYTES } from './configz.js';

// The collector against a real HTTP server that answers as the API server's node proxy does
// (a kubelet cannot run here, so no real /configz exists to read: see docs/kubelet.md). Each node
// name picks an answer: a configz document, 403, an oversized body, silence, or another shape.
const CONFIGZ = {
  kubeletconfig: {
    readOnlyPort: 10255,
    authentication: { anonymous: { enabled: false }, webhook: { enabled: true }, x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' } },
    authorization: { mode: 'Webhook' },
    eventRecordQPS: 50,
    serverTLSBootstrap: true,
    staticPodPath: '/etc/kubernetes/manifests',
  },
};
const NODES = ['good', 'forbidden', 'huge', 'silent', 'odd', ...Array.from({ length: 8 }, (_, index) => `extra-${index}`)];

let server: http.Server;
let work: string;
let kubeconfig: string;
let inFlight = 0;
let maxInFlight = 0;
const requested: string[] = [];

function answer(node: string, response: http.ServerResponse): void {
  response.setHeader('content-type', 'application/json');
  if (node === 'forbidden') {
    response.statusCode = 403;
    response.end(JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, message: `nodes "${node}" is forbidden: User "scanner" cannot get resource "nodes/proxy"` }));
  } else if (node === 'huge') {
    response.end(JSON.stringify({ kubeletconfig: { padding: 'x'.repeat(MAX_CONFIGZ_BYTES + 10) } }));
  } else if (node === 'silent') {
    // never answers: the short configz timeout must end it
  } else if (node === 'odd') {
    response.end('{"hello":"world"}');
  } else {
    response.end(JSON.stringify(CONFIGZ));
  }
}

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://local');
    const configz = /^\/api\/v1\/nodes\/([^/]+)\/proxy\/configz$/.exec(url.pathname);
    if (url.pathname === '/version') return void response.end(JSON.stringify({ major: '1', minor: '31', gitVersion: 'v1.31.2' }));
    if (url.pathname === '/api/v1/nodes') {
      return void response.end(JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: NODES.map((name) => ({ metadata: { name }, status: {} })) }));
    }
    if (!configz) {
      response.statusCode = 404;
      return void response.end('{}');
    }
    const node = decodeURIComponent(configz[1]!);
    requested.push(node);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.on('close', () => (inFlight -= 1));
    setTimeout(() => answer(node, response), 20);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  work = mkdtempSync(path.join(tmpdir(), 'eksguard-configz-'));
  kubeconfig = path.join(work, 'kubeconfig');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters: [{ name: c, cluster: { server: "${url}", insecure-skip-tls-verify: true } }]\nusers: [{ name: u, user: { token: t } }]\ncontexts: [{ name: ctx, context: { cluster: c, user: u } }]\ncurrent-context: ctx\n`,
  );
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(work, { recursive: true, force: true });
});

const kubeletChecks = allChecks.filter((check) => check.needs.includes(KUBELET_CONFIG_KEY));

describe('--kubelet-config: each node /configz through the API server', () => {
  it('reads every node with bounded concurrency, keeps only the judged fields, and records a gap naming each node it could not read', async () => {
    const inventory = await collectCluster({ kubeconfig, checks: kubeletChecks, kubeletConfig: true, concurrency: 3, timeoutMs: 1_000, env: {} });
    const configs = inventory.kube.filter((object) => object.kind === 'KubeletConfiguration');
    expect(configs.map((object) => object.name).sort()).toEqual(['good', ...NODES.filter((name) => name.startsWith('extra-'))].sort());
    const good = configs.find((object) => object.name === 'good')!;
    expect(good.raw['readOnlyPort']).toBe(10255);
    expect(good.raw['staticPodPath']).toBeUndefined();
    expect(good.provenance.source).toBe('cluster');
    expect(maxInFlight).toBeLessThanOrEqual(3);
    expect(maxInFlight).toBeGreaterThan(1);
    const gaps = Object.fromEntries(inventory.gaps.map((gap) => [gap.source, gap.reason]));
    expect(Object.keys(gaps).sort()).toEqual(['kube get nodes/forbidden/proxy/configz', 'kube get nodes/huge/proxy/configz', 'kube get nodes/odd/proxy/configz', 'kube get nodes/silent/proxy/configz']);
    expect(gaps['kube get nodes/forbidden/proxy/configz']).toMatch(/403|[Ff]orbidden/);
    expect(gaps['kube get nodes/huge/proxy/configz']).toMatch(/larger than|exceeds|too large|limit/i);
    expect(gaps['kube get nodes/silent/proxy/configz']).toMatch(/within|time/i);
    expect(gaps['kube get nodes/odd/proxy/configz']).toContain('not a kubelet /configz document');
    for (const gap of inventory.gaps) expect(gap.checks).toEqual(kubeletChecks.map((check) => check.id));
    // some nodes answered: the checks run on them; the others are gaps, not missing data
    expect(inventory.missing.has(KUBELET_CONFIG_KEY)).toBe(false);
  });

  it('judges what it read: the node that serves the read-only port fails K8S-NODE-007 with the configz semantics', async () => {
    const { evaluateChecks } = await import('../../core/engine.js');
    const inventory = await collectCluster({ kubeconfig, checks: kubeletChecks, kubeletConfig: true, timeoutMs: 500, env: {} });
    const { findings } = evaluateChecks({ inventory, checks: kubeletChecks, now: new Date(), settings: { pssLevel: 'restricted', pssVersion: 'latest' } });
    const readOnly = findings.filter((finding) => finding.checkId === 'K8S-NODE-007' && 'name' in finding.resource && finding.resource.name === 'good');
    expect(readOnly.map((finding) => [finding.status, finding.path, finding.message])).toEqual([
      ['fail', 'readOnlyPort', 'the kubelet serves its unauthenticated read-only API on port 10255 (set in /configz of node good)'],
    ]);
    // rotateCertificates is left out of /configz when false: CIS passes it, and the message says why
    const rotate = findings.find((finding) => finding.checkId === 'K8S-NODE-011' && 'name' in finding.resource && finding.resource.name === 'good');
    expect(rotate?.status).toBe('pass');
  });

  it('reads no node without the flag, and records no gap for it', async () => {
    requested.length = 0;
    const inventory = await collectCluster({ kubeconfig, checks: kubeletChecks, env: {} });
    expect(requested).toEqual([]);
    expect(inventory.kube.filter((object) => object.kind === 'KubeletConfiguration')).toEqual([]);
    expect(inventory.gaps).toEqual([]);
    expect(inventory.missing.has(KUBELET_CONFIG_KEY)).toBe(false);
  });
});
