import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CoreV1Api, KubeConfig, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { mapLimit } from '../../src/sources/concurrency.js';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
const script = path.join(repoRoot, 'scripts/local-cluster.sh');
const cliPath = path.join(repoRoot, 'dist/cli/main.js');

/** A real kube-apiserver + etcd from scripts/local-cluster.sh, in a run directory of its own. */
export interface LocalCluster {
  /** the admin kubeconfig (client certificate of O=system:masters) */
  kubeconfig: string;
  runDir: string;
  server: string;
  caFile: string;
  /** `1.34` */
  minorVersion: string;
  admin: KubeConfig;
  stop(): Promise<void>;
}

const run = promisify(execFile);

/**
 * Starts a cluster for one test file. Each file gets its own run directory
 * (and so its own ports and etcd) so that files running in parallel, or
 * another engineer's `start`/`stop`, cannot pull the cluster from under it.
 * The first start may build kube-apiserver (minutes); later starts take seconds.
 * Asynchronous, so that a long build does not block the vitest worker.
 */
export async function startLocalCluster(name: string): Promise<LocalCluster> {
  const runDir = path.join(repoRoot, '.cache/local-cluster', `run-test-${name}`);
  const env = { ...process.env, LOCAL_CLUSTER_RUN_DIR: runDir };
  const started = await run('bash', [script, 'start'], { env, encoding: 'utf8', timeout: 30 * 60_000, maxBuffer: 16 * 1024 * 1024 }).catch((error: { stderr?: string; message: string }) => {
    throw new Error(`scripts/local-cluster.sh start failed: ${error.message}\n${error.stderr ?? ''}`);
  });
  const match = /^export KUBECONFIG=(.+)$/m.exec(started.stdout);
  if (!match?.[1]) throw new Error(`local-cluster.sh start printed no KUBECONFIG line: ${started.stdout}\n${started.stderr}`);
  const kubeconfig = match[1].trim();
  const state = readFileSync(path.join(runDir, 'cluster.env'), 'utf8');
  const variable = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(state)?.[1]?.replace(/^'|'$/g, '') ?? '';
  const admin = new KubeConfig();
  admin.loadFromFile(kubeconfig);
  const version = /^v?(\d+)\.(\d+)/.exec(variable('LOCAL_CLUSTER_K8S_VERSION'));
  return {
    kubeconfig,
    runDir,
    server: variable('LOCAL_CLUSTER_SERVER'),
    caFile: variable('LOCAL_CLUSTER_CA_CERT'),
    minorVersion: version ? `${version[1]}.${version[2]}` : '',
    admin,
    async stop() {
      await run('bash', [script, 'stop'], { env, timeout: 120_000 });
    },
  };
}

/** Creates objects with the admin identity; `concurrency` requests at a time. */
export async function createObjects(admin: KubeConfig, objects: readonly KubernetesObject[], concurrency = 8): Promise<void> {
  const client = KubernetesObjectApi.makeApiClient(admin);
  await mapLimit(objects, concurrency, async (object) => {
    await client.create(object);
  });
}

/** A ServiceAccount token from the TokenRequest API (no controller-manager runs, so this is the only way). */
export async function serviceAccountToken(admin: KubeConfig, namespace: string, name: string): Promise<string> {
  const core = admin.makeApiClient(CoreV1Api);
  const response = await core.createNamespacedServiceAccountToken({ name, namespace, body: { spec: { audiences: [], expirationSeconds: 3600 } } });
  const token = response.status?.token;
  if (!token) throw new Error('TokenRequest returned no token');
  return token;
}

/** Writes a kubeconfig for the same server with another user entry (token, exec plugin, ...). */
export function writeKubeconfig(file: string, cluster: LocalCluster, user: Record<string, unknown>, contextName = 'scanner'): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'local', cluster: { server: cluster.server, 'certificate-authority': cluster.caFile } }],
    users: [{ name: 'scanner', user }],
    contexts: [{ name: contextName, context: { cluster: 'local', user: 'scanner' } }],
    'current-context': contextName,
  };
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  return file;
}

export function namespace(name: string, labels: Record<string, string> = {}): KubernetesObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function pod(ns: string, name: string, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubernetesObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, ...metadata }, spec } as KubernetesObject;
}

/** A container that passes the restricted Pod Security profile, for objects that should produce no PSS failure. */
export const RESTRICTED_CONTAINER = {
  name: 'app',
  image: 'registry.example/app:1.0',
  securityContext: {
    allowPrivilegeEscalation: false,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  },
};

export interface CliRun {
  stdout: string;
  stderr: string;
  code: number | null;
}

/**
 * Runs the built CLI without blocking this worker: a live scan takes seconds,
 * and a synchronous spawn would starve vitest's worker RPC on a busy machine.
 */
export function runCliAsync(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

export async function runCliJsonAsync(args: readonly string[], options: Parameters<typeof runCliAsync>[1] = {}): Promise<{ json: any; result: CliRun }> {
  const result = await runCliAsync([...args, '--format', 'json'], options);
  try {
    return { json: JSON.parse(result.stdout), result };
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}): ${result.stdout.slice(0, 500)}\nstderr: ${result.stderr.slice(0, 500)}`);
  }
}
