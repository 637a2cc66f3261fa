import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../e2e/run-cli.js';
import { makeWebhookCerts } from './certs.js';

describe('eksguard serve: start-up errors are usage errors (exit 2) with a hint', () => {
  it('requires --tls-cert and --tls-key', () => {
    const result = runCli(['serve']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/required option '--tls-cert <file>' not specified/);
  });

  it('refuses an invalid port', () => {
    const result = runCli(['serve', '--tls-cert', 'a', '--tls-key', 'b', '--port', '99999']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/invalid --port "99999"/);
  });

  it('names a certificate file it cannot read', () => {
    const result = runCli(['serve', '--tls-cert', '/nonexistent/tls.crt', '--tls-key', '/nonexistent/tls.key', '--port', '18999']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read \/nonexistent\/tls.(crt|key): ENOENT/);
  });

  it('names the config key that is wrong, and says how to run without a cluster', () => {
    const certs = makeWebhookCerts();
    const bad = path.join(certs.dir, 'bad.yaml');
    writeFileSync(bad, 'defaults: { enforce: strict }\n');
    const invalid = runCli(['serve', '--tls-cert', certs.certFile, '--tls-key', certs.keyFile, '--port', '18998', '--config', bad]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/defaults.enforce/);

    const duplicate = path.join(certs.dir, 'duplicate.yaml');
    writeFileSync(duplicate, 'failurePolicy: Fail\nnamespaceLabels: { lookup: false }\nfailurePolicy: Ignore\n');
    const twice = runCli(['serve', '--tls-cert', certs.certFile, '--tls-key', certs.keyFile, '--port', '18995', '--config', duplicate]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain(`${duplicate}:3:1: duplicate key`);

    const missingKubeconfig = runCli(['serve', '--tls-cert', certs.certFile, '--tls-key', certs.keyFile, '--port', '18997'], { env: { KUBECONFIG: path.join(certs.dir, 'missing-kubeconfig') } });
    expect(missingKubeconfig.code).toBe(2);
    expect(missingKubeconfig.stderr).toMatch(/cannot load the kubeconfig .*missing-kubeconfig.*namespace labels cannot be read/);
    expect(missingKubeconfig.stderr).toMatch(/namespaceLabels.lookup: false/);

    const noCluster = runCli(['serve', '--tls-cert', certs.certFile, '--tls-key', certs.keyFile, '--port', '18996'], { env: { KUBECONFIG: '', HOME: certs.dir, KUBERNETES_SERVICE_HOST: '' } });
    expect(noCluster.code).toBe(2);
    expect(noCluster.stderr).toMatch(/no HTTPS Kubernetes API server/);
  });
});
