import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKubeCredentials, NoKubeApiError } from './kube-credentials.js';

async function applied(credentials: Awaited<ReturnType<typeof loadKubeCredentials>>): Promise<https.RequestOptions> {
  const options: https.RequestOptions = { headers: {} };
  await credentials.apply(options);
  return options;
}

describe('loadKubeCredentials', () => {
  it('reads a kubeconfig as kubectl does: files relative to it, base64 data, a token file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-kubeconfig-'));
    mkdirSync(path.join(dir, 'pki'));
    writeFileSync(path.join(dir, 'pki', 'client.crt'), 'CERT');
    writeFileSync(path.join(dir, 'token'), 'file-token\n');
    writeFileSync(
      path.join(dir, 'config'),
      `current-context: dev
clusters: [{ name: c, cluster: { server: "https://10.0.0.1:6443", certificate-authority-data: ${Buffer.from('CA').toString('base64')} } }]
users:
  - { name: certs, user: { client-certificate: pki/client.crt, client-key-data: ${Buffer.from('KEY').toString('base64')} } }
  - { name: tokens, user: { tokenFile: token } }
contexts: [{ name: dev, context: { cluster: c, user: certs } }, { name: other, context: { cluster: c, user: tokens } }]
`,
    );
    // a second file in KUBECONFIG: its current-context loses to the first file's
    writeFileSync(path.join(dir, 'second'), 'current-context: other\n');
    const credentials = await loadKubeCredentials('test', { KUBECONFIG: `${path.join(dir, 'config')}${path.delimiter}${path.join(dir, 'second')}` });
    expect(credentials.server).toBe('https://10.0.0.1:6443');
    const options = await applied(credentials);
    expect([String(options.ca), String(options.cert), String(options.key)]).toEqual(['CA', 'CERT', 'KEY']);

    const byToken = await loadKubeCredentials('test', { KUBECONFIG: `${path.join(dir, 'second')}${path.delimiter}${path.join(dir, 'config')}` });
    expect((await applied(byToken)).headers).toEqual({ Authorization: 'Bearer file-token' });
  });

  it("uses the pod's ServiceAccount when there is no kubeconfig, and re-reads its rotating token", async () => {
    const account = mkdtempSync(path.join(tmpdir(), 'eksguard-sa-'));
    writeFileSync(path.join(account, 'token'), 'first\n');
    writeFileSync(path.join(account, 'ca.crt'), 'CLUSTER-CA');
    const credentials = await loadKubeCredentials('test', { HOME: account, KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' }, account);
    expect(credentials.server).toBe('https://[fd00::1]:443');
    const options = await applied(credentials);
    expect(String(options.ca)).toBe('CLUSTER-CA');
    expect(options.headers).toEqual({ Authorization: 'Bearer first' });
  });

  it('says why when there is nothing to read from', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'eksguard-empty-'));
    await expect(loadKubeCredentials('namespace labels cannot be read', { HOME: empty }, empty)).rejects.toThrow(
      new NoKubeApiError('no HTTPS Kubernetes API server in the pod environment or the kubeconfig, so namespace labels cannot be read'),
    );
    await expect(loadKubeCredentials('x', { KUBECONFIG: path.join(empty, 'missing') }, empty)).rejects.toThrow(/cannot load the kubeconfig \(no file at .*missing\)/);
  });
});
