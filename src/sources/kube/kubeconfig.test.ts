import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KubeSourceError } from './api-error.js';
import { kubeconfigFiles, loadKubeconfig } from './kubeconfig.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'eksguard-kubeconfig-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Entry {
  clusters?: { name: string; server: string; ca?: string }[];
  users?: { name: string; token?: string; tokenFile?: string; cert?: string; key?: string; exec?: unknown }[];
  contexts?: { name: string; cluster: string; user?: string }[];
  current?: string;
}

function write(name: string, entry: Entry): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: (entry.clusters ?? []).map((c) => ({ name: c.name, cluster: { server: c.server, ...(c.ca ? { 'certificate-authority': c.ca } : {}) } })),
    users: (entry.users ?? []).map((u) => ({
      name: u.name,
      user: {
        ...(u.token ? { token: u.token } : {}),
        ...(u.tokenFile ? { tokenFile: u.tokenFile } : {}),
        ...(u.cert ? { 'client-certificate': u.cert } : {}),
        ...(u.key ? { 'client-key': u.key } : {}),
        ...(u.exec ? { exec: u.exec } : {}),
      },
    })),
    contexts: (entry.contexts ?? []).map((c) => ({ name: c.name, context: { cluster: c.cluster, ...(c.user ? { user: c.user } : {}) } })),
    ...(entry.current ? { 'current-context': entry.current } : {}),
  };
  writeFileSync(file, JSON.stringify(config));
  return file;
}

const single: Entry = {
  clusters: [{ name: 'c1', server: 'https://one.example:6443' }],
  users: [{ name: 'u1', token: 't1' }],
  contexts: [{ name: 'one', cluster: 'c1', user: 'u1' }],
  current: 'one',
};

describe('kubeconfigFiles', () => {
  it('prefers --kubeconfig over KUBECONFIG and ~/.kube/config', () => {
    const flag = write('flag.yaml', single);
    const env = write('env.yaml', single);
    write('home/.kube/config', single);
    expect(kubeconfigFiles({ kubeconfig: flag, env: { KUBECONFIG: env }, homeDir: path.join(dir, 'home') })).toEqual([flag]);
    expect(kubeconfigFiles({ env: { KUBECONFIG: env }, homeDir: path.join(dir, 'home') })).toEqual([env]);
    expect(kubeconfigFiles({ env: {}, homeDir: path.join(dir, 'home') })).toEqual([path.join(dir, 'home/.kube/config')]);
    expect(kubeconfigFiles({ env: {}, homeDir: path.join(dir, 'nobody') })).toBeUndefined();
  });

  it('skips KUBECONFIG entries that are empty, repeated or missing, like kubectl', () => {
    const a = write('a.yaml', single);
    const b = write('b.yaml', single);
    const list = ['', a, path.join(dir, 'missing.yaml'), b, a].join(path.delimiter);
    expect(kubeconfigFiles({ env: { KUBECONFIG: list } })).toEqual([a, b]);
  });

  it('fails when --kubeconfig does not exist or KUBECONFIG names no existing file', () => {
    expect(() => kubeconfigFiles({ kubeconfig: path.join(dir, 'nope'), env: {} })).toThrow(KubeSourceError);
    expect(() => kubeconfigFiles({ kubeconfig: dir, env: {} })).toThrow(/not a file/);
    expect(() => kubeconfigFiles({ env: { KUBECONFIG: path.join(dir, 'x') + path.delimiter + path.join(dir, 'y') } })).toThrow(/none of the files in KUBECONFIG/);
  });
});

describe('loadKubeconfig', () => {
  it('uses the current context, its cluster and its user', () => {
    const file = write('k.yaml', single);
    const loaded = loadKubeconfig({ kubeconfig: file, env: {} });
    expect(loaded).toMatchObject({ context: 'one', server: 'https://one.example:6443', origin: [file] });
    expect(loaded.kubeConfig.getCurrentUser()?.token).toBe('t1');
  });

  it('merges KUBECONFIG files: first definition of a name and first current-context win', () => {
    const a = write('a.yaml', {
      clusters: [{ name: 'shared', server: 'https://from-a.example' }],
      contexts: [{ name: 'ctx', cluster: 'shared', user: 'admin' }],
      current: 'ctx',
    });
    const b = write('b.yaml', {
      clusters: [{ name: 'shared', server: 'https://from-b.example' }, { name: 'other', server: 'https://other.example' }],
      users: [{ name: 'admin', token: 'from-b' }],
      contexts: [{ name: 'ctx', cluster: 'other', user: 'admin' }, { name: 'second', cluster: 'other', user: 'admin' }],
      current: 'second',
    });
    const loaded = loadKubeconfig({ env: { KUBECONFIG: [a, b].join(path.delimiter) } });
    expect(loaded.context).toBe('ctx');
    expect(loaded.server).toBe('https://from-a.example');
    expect(loaded.kubeConfig.getCurrentUser()?.token).toBe('from-b');
    expect(loaded.kubeConfig.getContexts().map((c) => c.name)).toEqual(['ctx', 'second']);
    expect(loadKubeconfig({ env: { KUBECONFIG: [a, b].join(path.delimiter) }, context: 'second' }).server).toBe('https://other.example');
  });

  it('resolves relative certificate paths against the file that names them', () => {
    const file = write('nested/conf.yaml', {
      clusters: [{ name: 'c', server: 'https://x.example', ca: 'pki/ca.crt' }],
      users: [{ name: 'u', cert: 'pki/admin.crt', key: '/abs/admin.key' }],
      contexts: [{ name: 'k', cluster: 'c', user: 'u' }],
      current: 'k',
    });
    const loaded = loadKubeconfig({ kubeconfig: file, env: {} });
    expect(loaded.kubeConfig.getCurrentCluster()?.caFile).toBe(path.join(dir, 'nested/pki/ca.crt'));
    expect(loaded.kubeConfig.getCurrentUser()?.certFile).toBe(path.join(dir, 'nested/pki/admin.crt'));
    expect(loaded.kubeConfig.getCurrentUser()?.keyFile).toBe('/abs/admin.key');
  });

  it("reads kubectl's tokenFile relative to the kubeconfig, trimmed; an inline token wins", () => {
    mkdirSync(path.join(dir, 'nested/secrets'), { recursive: true });
    writeFileSync(path.join(dir, 'nested/secrets/token'), 'from-file\n');
    const file = write('nested/conf.yaml', {
      ...single,
      users: [
        { name: 'u1', tokenFile: 'secrets/token' },
        { name: 'u2', token: 'inline', tokenFile: 'secrets/token' },
      ],
      contexts: [
        { name: 'one', cluster: 'c1', user: 'u1' },
        { name: 'two', cluster: 'c1', user: 'u2' },
      ],
    });
    expect(loadKubeconfig({ kubeconfig: file, env: {} }).kubeConfig.getCurrentUser()?.token).toBe('from-file');
    expect(loadKubeconfig({ kubeconfig: file, env: {}, context: 'two' }).kubeConfig.getCurrentUser()?.token).toBe('inline');
  });

  it('names the tokenFile it cannot read, and the user and kubeconfig that name it', () => {
    const file = write('conf.yaml', { ...single, users: [{ name: 'u1', tokenFile: 'missing-token' }] });
    expect(() => loadKubeconfig({ kubeconfig: file, env: {} })).toThrow(new RegExp(`cannot read tokenFile ${path.join(dir, 'missing-token')} of user "u1" in kubeconfig ${file}`));
  });

  it('keeps an exec credential plugin for client-node to run', () => {
    const exec = { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'prod'] };
    const file = write('eks.yaml', { ...single, users: [{ name: 'u1', exec }] });
    expect(loadKubeconfig({ kubeconfig: file, env: {} }).kubeConfig.getCurrentUser()?.exec).toMatchObject({ command: 'aws', args: exec.args });
  });

  it('names the available contexts when --context is unknown', () => {
    const file = write('k.yaml', single);
    const error = (() => {
      try {
        loadKubeconfig({ kubeconfig: file, env: {}, context: 'prod' });
      } catch (caught) {
        return caught as KubeSourceError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(KubeSourceError);
    expect(error?.message).toMatch(/context "prod" is not defined/);
    expect(error?.hint).toBe('available contexts: one');
  });

  it('requires a context when none is current', () => {
    const file = write('k.yaml', { ...single, current: undefined });
    expect(() => loadKubeconfig({ kubeconfig: file, env: {} })).toThrow(/no current context/);
    expect(loadKubeconfig({ kubeconfig: file, env: {}, context: 'one' }).context).toBe('one');
  });

  it('reports a context whose cluster or user is not defined', () => {
    const noCluster = write('a.yaml', { ...single, contexts: [{ name: 'one', cluster: 'ghost', user: 'u1' }] });
    expect(() => loadKubeconfig({ kubeconfig: noCluster, env: {} })).toThrow(/cluster "ghost"/);
    const noUser = write('b.yaml', { ...single, contexts: [{ name: 'one', cluster: 'c1', user: 'ghost' }] });
    expect(() => loadKubeconfig({ kubeconfig: noUser, env: {} })).toThrow(/user "ghost"/);
  });

  it('gives a context without a user an anonymous one, so the cluster CA still applies', () => {
    const file = write('k.yaml', { ...single, users: [], contexts: [{ name: 'one', cluster: 'c1' }] });
    const loaded = loadKubeconfig({ kubeconfig: file, env: {} });
    expect(loaded.kubeConfig.getCurrentUser()).toMatchObject({ name: 'one/anonymous' });
  });

  it('turns unreadable files into a KubeSourceError naming the file', () => {
    const file = path.join(dir, 'broken.yaml');
    writeFileSync(file, 'clusters: [ {');
    expect(() => loadKubeconfig({ kubeconfig: file, env: {} })).toThrow(new RegExp(`cannot read kubeconfig ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('never quotes a broken kubeconfig, which holds tokens', () => {
    for (const [name, text] of [
      ['alias.yaml', 'users:\n- name: u\n  user: {token: *s3cr3t-token}\n'],
      ['tag.yaml', 'users:\n- name: u\n  user: {token: !s3cr3t-token x}\n'],
      ['quote.yaml', 'users:\n- name: u\n  user: {token: "s3cr3t-token}\n'],
    ] as const) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      let message = '';
      try {
        loadKubeconfig({ kubeconfig: file, env: {} });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/cannot read kubeconfig .*: invalid YAML at line \d+, column \d+$/);
      expect(message).not.toContain('s3cr3t');
    }
  });

  it('fails clearly when there is no kubeconfig and no in-cluster service account', () => {
    expect(() => loadKubeconfig({ env: {}, homeDir: dir, inClusterRoot: dir })).toThrow(/no kubeconfig found/);
  });

  it("falls back to the pod's ServiceAccount when there is no kubeconfig", async () => {
    const account = path.join(dir, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(account, { recursive: true });
    writeFileSync(path.join(account, 'token'), 'projected-token');
    writeFileSync(path.join(account, 'ca.crt'), 'not really a certificate');
    const loaded = loadKubeconfig({ env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' }, homeDir: dir, inClusterRoot: dir });
    expect(loaded).toMatchObject({ context: 'in-cluster', server: 'https://[fd00::1]:443', origin: ['in-cluster'] });
    expect(loaded.kubeConfig.getCurrentCluster()?.caFile).toBe(path.join(account, 'ca.crt'));
    const options: { headers?: Record<string, unknown> } = {};
    await loaded.kubeConfig.applyToHTTPSOptions(options);
    expect(options.headers?.['Authorization']).toBe('Bearer projected-token');
  });
});
