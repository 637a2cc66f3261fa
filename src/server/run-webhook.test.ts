import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, renameSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../checks/index.js';
import { makeWebhookCerts } from '../../test/webhook/certs.js';
import { postReview, request } from '../../test/webhook/https-client.js';
import { admissionReview, privilegedPod } from '../../test/webhook/reviews.js';
import { createLogger } from './logger.js';
import { runWebhook } from './run-webhook.js';

function quietLogger() {
  const lines: any[] = [];
  const destination = new Writable({
    write(chunk, _e, callback) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { logger: createLogger({ destination }), lines };
}

function peerFingerprint(port: number, ca: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
}

describe('runWebhook', () => {
  it('loads the config file, reads namespace labels through the fetcher, and stops gracefully', async () => {
    const certs = makeWebhookCerts();
    const configFile = path.join(certs.dir, 'config.yaml');
    writeFileSync(configFile, 'defaults: { warn: none }\nserver: { shutdownDelaySeconds: 0.3, shutdownGraceSeconds: 2 }\n');
    const { logger, lines } = quietLogger();
    const lookups: string[] = [];
    const running = await runWebhook({
      certFile: certs.certFile,
      keyFile: certs.keyFile,
      port: 0,
      host: '127.0.0.1',
      configFile,
      registry: allChecks,
      logger,
      fetchLabels: async (namespace): Promise<Record<string, string>> => {
        lookups.push(namespace);
        return namespace === 'prod' ? { 'eksguard.io/enforce': 'critical' } : {};
      },
      fetchIngressClasses: async () => [],
    });
    const { port } = running.server;
    expect((await request({ port, ca: certs.ca, path: '/readyz' })).status).toBe(200);
    const denied = await postReview(port, certs.ca, admissionReview(privilegedPod('prod')));
    expect(denied.json().response.allowed).toBe(false);
    const admitted = await postReview(port, certs.ca, admissionReview(privilegedPod('dev')));
    expect(admitted.json().response).toMatchObject({ allowed: true });
    expect(admitted.json().response.warnings).toBeUndefined();
    await postReview(port, certs.ca, admissionReview(privilegedPod('prod')));
    expect(lookups).toEqual(['prod', 'dev']);

    const stopping = running.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // during the shutdown delay it keeps answering, but is no longer ready
    expect((await request({ port, ca: certs.ca, path: '/readyz' })).status).toBe(503);
    expect((await postReview(port, certs.ca, admissionReview(privilegedPod('prod')))).status).toBe(200);
    await stopping;
    await expect(request({ port, ca: certs.ca, path: '/healthz' })).rejects.toThrow(/ECONNREFUSED/);
    expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['eksguard webhook ready', 'shutting down', 'stopped']));
  });

  it('refuses to start with an invalid config, naming the key', async () => {
    const certs = makeWebhookCerts();
    const configFile = path.join(certs.dir, 'config.yaml');
    writeFileSync(configFile, 'defaults: { enforce: severe }\n');
    const { logger } = quietLogger();
    await expect(runWebhook({ certFile: certs.certFile, keyFile: certs.keyFile, port: 0, host: '127.0.0.1', configFile, registry: allChecks, logger })).rejects.toThrow(/defaults.enforce/);
  });

  it('refuses a key that does not match the certificate', async () => {
    const one = makeWebhookCerts();
    const two = makeWebhookCerts();
    const { logger } = quietLogger();
    await expect(runWebhook({ certFile: one.certFile, keyFile: two.keyFile, port: 0, registry: allChecks, logger })).rejects.toThrow(/key values mismatch|private key/i);
  });

  it('serves a new certificate after the files change, and keeps the old one when the new pair is broken', async () => {
    const live = mkdtempSync(path.join(tmpdir(), 'eksguard-live-certs-'));
    const first = makeWebhookCerts();
    copyFileSync(first.certFile, path.join(live, 'tls.crt'));
    copyFileSync(first.keyFile, path.join(live, 'tls.key'));
    const { logger, lines } = quietLogger();
    const running = await runWebhook({
      certFile: path.join(live, 'tls.crt'),
      keyFile: path.join(live, 'tls.key'),
      port: 0,
      host: '127.0.0.1',
      registry: allChecks,
      logger,
      fetchLabels: async () => ({}),
      fetchIngressClasses: async () => [],
    });
    try {
      const port = running.server.port;
      const before = await peerFingerprint(port, first.ca);

      // a broken pair (certificate from one CA, key from another) is refused; the old pair keeps serving
      const second = makeWebhookCerts();
      copyFileSync(second.certFile, path.join(live, 'tls.crt.tmp'));
      renameSync(path.join(live, 'tls.crt.tmp'), path.join(live, 'tls.crt'));
      await waitFor(() => lines.some((line) => line.msg?.startsWith('TLS reload failed')));
      expect(await peerFingerprint(port, first.ca)).toBe(before);

      // the matching key arrives: the new certificate is served to new connections
      copyFileSync(second.keyFile, path.join(live, 'tls.key.tmp'));
      renameSync(path.join(live, 'tls.key.tmp'), path.join(live, 'tls.key'));
      await waitFor(() => lines.some((line) => line.msg === 'TLS certificate and key reloaded'));
      const after = await peerFingerprint(port, second.ca);
      expect(after).not.toBe(before);
      const metrics = await request({ port, ca: second.ca, path: '/metrics' });
      expect(metrics.text).toMatch(/eksguard_tls_reloads_total\{outcome="success"\} 1/);
      expect(metrics.text).toMatch(/eksguard_tls_reloads_total\{outcome="failure"\} [1-9]/);
    } finally {
      await running.stop();
    }
  });

  it('ignores other files written into the certificate directory (its own log, for one)', async () => {
    const live = mkdtempSync(path.join(tmpdir(), 'eksguard-live-certs-'));
    const certs = makeWebhookCerts();
    copyFileSync(certs.certFile, path.join(live, 'tls.crt'));
    copyFileSync(certs.keyFile, path.join(live, 'tls.key'));
    const { logger, lines } = quietLogger();
    const running = await runWebhook({ certFile: path.join(live, 'tls.crt'), keyFile: path.join(live, 'tls.key'), port: 0, host: '127.0.0.1', registry: allChecks, logger, fetchLabels: async () => ({}), fetchIngressClasses: async () => [] });
    try {
      for (let i = 0; i < 20; i++) {
        appendFileSync(path.join(live, 'webhook.log'), `line ${i}\n`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // touching the certificate without changing it is not a reload either
      utimesSync(path.join(live, 'tls.crt'), new Date(), new Date());
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(lines.filter((line) => /TLS/.test(line.msg ?? ''))).toEqual([]);
      const metrics = await request({ port: running.server.port, ca: certs.ca, path: '/metrics' });
      expect(metrics.text).not.toMatch(/eksguard_tls_reloads_total\{/);
    } finally {
      await running.stop();
    }
  });
});

describe('config reload', () => {
  /** A directory laid out as Kubernetes mounts a ConfigMap: config.yaml -> ..data/config.yaml, ..data -> a timestamped directory. */
  function configMapVolume(text: string): { dir: string; file: string; update(next: string): void } {
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-configmap-'));
    let generation = 0;
    const write = (next: string): void => {
      const version = `..2026_11_27_12_00_0${generation++}`;
      mkdirSync(path.join(dir, version));
      writeFileSync(path.join(dir, version, 'config.yaml'), next);
      symlinkSync(version, path.join(dir, '..data_tmp'));
      renameSync(path.join(dir, '..data_tmp'), path.join(dir, '..data'));
    };
    write(text);
    symlinkSync(path.join('..data', 'config.yaml'), path.join(dir, 'config.yaml'));
    return { dir, file: path.join(dir, 'config.yaml'), update: write };
  }

  it('serves a changed ConfigMap without a restart, and refuses a broken one, keeping the previous config', async () => {
    const certs = makeWebhookCerts();
    const volume = configMapVolume('defaults: { enforce: none, warn: none, audit: none }\n');
    const { logger, lines } = quietLogger();
    const running = await runWebhook({
      certFile: certs.certFile,
      keyFile: certs.keyFile,
      port: 0,
      host: '127.0.0.1',
      configFile: volume.file,
      registry: allChecks,
      logger,
      fetchLabels: async () => ({}),
      fetchIngressClasses: async () => [],
      configDebounceMs: 50,
    });
    const verdict = async () => (await postReview(running.server.port, certs.ca, admissionReview(privilegedPod('shop')))).json().response.allowed;
    try {
      expect(await verdict()).toBe(true);

      volume.update('defaults: { enforce: high }\n');
      await waitFor(() => lines.some((line) => line.msg === 'config reloaded'));
      expect(await verdict()).toBe(false);
      expect(running.config.defaults.enforce).toBe('high');

      // a duplicate key: refused with its line, logged, the previous config (enforce: high) keeps serving
      volume.update('defaults: { enforce: high }\nfailurePolicy: Fail\nfailurePolicy: Ignore\n');
      await waitFor(() => lines.some((line) => line.msg === 'config reload refused; still serving the previous config'));
      const refused = lines.find((line) => line.msg === 'config reload refused; still serving the previous config');
      expect(refused.err).toMatch(/config.yaml:3:\d+: duplicate key/);
      expect(await verdict()).toBe(false);
      expect(running.config.failurePolicy).toBe('Fail');

      // an invalid value, then a good file again
      volume.update('defaults: { enforce: severe }\n');
      await waitFor(() => lines.filter((line) => line.msg?.startsWith('config reload refused')).length === 2);
      volume.update('defaults: { enforce: none, warn: none, audit: none }\n');
      await waitFor(() => lines.filter((line) => line.msg === 'config reloaded').length === 2);
      expect(await verdict()).toBe(true);
      const metrics = await request({ port: running.server.port, ca: certs.ca, path: '/metrics' });
      expect(metrics.text).toMatch(/eksguard_config_reloads_total\{outcome="success"\} 2/);
      expect(metrics.text).toMatch(/eksguard_config_reloads_total\{outcome="failure"\} 2/);
    } finally {
      await running.stop();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
