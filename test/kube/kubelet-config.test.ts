import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/index.js';
import { KUBELET_CONFIG_KEY } from '../../src/k8s/kubelet/configz.js';
import { collectCluster } from '../../src/sources/kube/index.js';
import { createObjects, repoRoot, serviceAccountToken, startLocalCluster, writeKubeconfig, type LocalCluster } from './local-cluster.js';

// --kubelet-config through a real kube-apiserver: its node proxy forwards GET /configz to the
// address and port a Node object names. No kubelet runs here, so an HTTPS server stands in for
// one on this machine's non-loopback address (the proxy refuses loopback). What is real: the
// API server's authorization of nodes/proxy (the shipped roles), its proxying, and its errors.
const address = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;

let cluster: LocalCluster;
let work: string;
let kubelet: https.Server;
const kubeconfigs: Record<string, string> = {};
const shipped = (file: string) => loadAll(readFileSync(path.join(repoRoot, 'deploy/rbac', file), 'utf8')) as KubernetesObject[];

function node(name: string, port: number): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    status: { addresses: [{ type: 'InternalIP', address: address! }], daemonEndpoints: { kubeletEndpoint: { Port: port } } },
  } as KubernetesObject;
}

beforeAll(async () => {
  if (!address) throw new Error('this test needs a non-loopback IPv4 address (the API server does not proxy to loopback)');
  work = mkdtempSync(path.join(tmpdir(), 'eksguard-kubelet-config-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=kubelet', '-days', '1', '-keyout', path.join(work, 'k.key'), '-out', path.join(work, 'k.crt')], { stdio: 'ignore' });
  kubelet = https.createServer({ key: readFileSync(path.join(work, 'k.key')), cert: readFileSync(path.join(work, 'k.crt')) }, (request, response) => {
    response.setHeader('content-type', 'application/json');
    if (request.url !== '/configz') {
      response.statusCode = 404;
      return void response.end('{}');
    }
    response.end(JSON.stringify({ kubeletconfig: { readOnlyPort: 10255, authentication: { anonymous: { enabled: false }, x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' } }, authorization: { mode: 'Webhook' }, serverTLSBootstrap: true } }));
  });
  await new Promise<void>((resolve) => kubelet.listen(0, address, resolve));
  const port = (kubelet.address() as AddressInfo).port;
  cluster = await startLocalCluster('kubelet-config');
  await createObjects(cluster.admin, shipped('eksguard-reader.yaml'), 1);
  await createObjects(cluster.admin, [
    ...shipped('eksguard-kubelet-config.yaml'),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'reader-only', namespace: 'eksguard' } } as KubernetesObject,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'reader-only' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'eksguard-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'reader-only', namespace: 'eksguard' }],
    } as KubernetesObject,
    node('node-a', port),
    // nothing listens there: the proxy's error is the gap
    node('node-gone', 1),
  ]);
  for (const name of ['eksguard-scanner', 'reader-only']) {
    kubeconfigs[name] = writeKubeconfig(path.join(work, `${name}.kubeconfig`), cluster, { token: await serviceAccountToken(cluster.admin, 'eksguard', name) });
  }
}, 30 * 60_000);

afterAll(async () => {
  await cluster?.stop();
  await new Promise<void>((resolve) => (kubelet ? kubelet.close(() => resolve()) : resolve()));
  if (work) rmSync(work, { recursive: true, force: true });
});

const kubeletChecks = allChecks.filter((check) => check.needs.includes(KUBELET_CONFIG_KEY));

describe('--kubelet-config against a real kube-apiserver', () => {
  it('reads /configz through the node proxy with the shipped eksguard-kubelet-config role, and records a gap naming a node it cannot reach', async () => {
    const inventory = await collectCluster({ kubeconfig: kubeconfigs['eksguard-scanner']!, checks: kubeletChecks, kubeletConfig: true, env: {} });
    const configs = inventory.kube.filter((object) => object.kind === 'KubeletConfiguration');
    expect(configs.map((object) => [object.name, object.raw['readOnlyPort']])).toEqual([['node-a', 10255]]);
    expect(inventory.gaps.map((gap) => gap.source)).toEqual(['kube get nodes/node-gone/proxy/configz']);
  });

  it('records a 403 gap for every node with the reader role alone, which never grants nodes/proxy', async () => {
    const inventory = await collectCluster({ kubeconfig: kubeconfigs['reader-only']!, checks: kubeletChecks, kubeletConfig: true, env: {} });
    expect(inventory.kube.filter((object) => object.kind === 'KubeletConfiguration')).toEqual([]);
    expect(inventory.gaps.map((gap) => gap.source).sort()).toEqual(['kube get nodes/node-a/proxy/configz', 'kube get nodes/node-gone/proxy/configz']);
    for (const gap of inventory.gaps) expect(gap.reason).toMatch(/Forbidden|403/);
    // no node could be read: the kubelet checks are skipped, not judged on nothing
    expect(inventory.missing.has(KUBELET_CONFIG_KEY)).toBe(true);
  });
});
