import { readFileSync, statSync } from 'node:fs';
import type https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import yaml from 'js-yaml';

/** The webhook is configured to read from the Kubernetes API but has nowhere to read from. */
export class NoKubeApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoKubeApiError';
  }
}

/** Where the API server is and how to authenticate to it, as kubectl would. */
export interface KubeCredentials {
  server: string;
  /** sets the CA, client certificate and bearer token on a request's options */
  apply(options: https.RequestOptions): Promise<void>;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** a projected token is rotated by the kubelet well before it expires: re-read it this often */
const TOKEN_REFRESH_MS = 60_000;

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A token file, re-read at most once a minute (projected ServiceAccount tokens rotate). */
function tokenFromFile(file: string): () => string {
  let token = '';
  let readAt = -Infinity;
  return () => {
    if (Date.now() - readAt > TOKEN_REFRESH_MS) {
      token = readFileSync(file, 'utf8').trim();
      readAt = Date.now();
    }
    return token;
  };
}

function fixed(options: { server: string; ca?: Buffer; cert?: Buffer; key?: Buffer; insecure?: boolean; token?: () => string }): KubeCredentials {
  return {
    server: options.server,
    async apply(request) {
      if (options.ca) request.ca = options.ca;
      if (options.cert) request.cert = options.cert;
      if (options.key) request.key = options.key;
      if (options.insecure) request.rejectUnauthorized = false;
      const token = options.token?.();
      if (token) request.headers = { ...request.headers, Authorization: `Bearer ${token}` };
    },
  };
}

/** Credentials taken from a client-node KubeConfig (tests, and kubeconfigs with exec or auth-provider users). */
export function credentialsFromKubeConfig(config: KubeConfig): KubeCredentials | undefined {
  const cluster = config.getCurrentCluster();
  if (!cluster) return undefined;
  return { server: cluster.server, apply: (options) => config.applyToHTTPSOptions(options) };
}

type Named<T> = { name?: unknown } & T;
interface KubeconfigFile {
  path: string;
  doc: {
    'current-context'?: unknown;
    clusters?: Named<{ cluster?: Record<string, unknown> }>[];
    users?: Named<{ user?: Record<string, unknown> }>[];
    contexts?: Named<{ context?: Record<string, unknown> }>[];
  };
}

function readKubeconfig(file: string): KubeconfigFile {
  const doc = yaml.load(readFileSync(file, 'utf8'), { schema: yaml.CORE_SCHEMA });
  return { path: file, doc: (doc !== null && typeof doc === 'object' ? doc : {}) as KubeconfigFile['doc'] };
}

/** The first entry of that name across the files, with the file it came from (paths in it are relative to that file). */
function named<K extends 'clusters' | 'users' | 'contexts'>(files: readonly KubeconfigFile[], list: K, name: string): { entry: Record<string, unknown>; dir: string } | undefined {
  const field = list === 'clusters' ? 'cluster' : list === 'users' ? 'user' : 'context';
  for (const file of files) {
    const found = (file.doc[list] as Named<Record<string, unknown>>[] | undefined)?.find((item) => item?.name === name);
    if (found) return { entry: (found[field] ?? {}) as Record<string, unknown>, dir: path.dirname(file.path) };
  }
  return undefined;
}

function material(entry: Record<string, unknown>, dir: string, dataKey: string, fileKey: string): Buffer | undefined {
  const data = entry[dataKey];
  if (typeof data === 'string' && data !== '') return Buffer.from(data, 'base64');
  const file = entry[fileKey];
  return typeof file === 'string' && file !== '' ? readFileSync(path.resolve(dir, file)) : undefined;
}

/**
 * Reads the kubeconfig as kubectl does (KUBECONFIG's files, first value wins, else
 * ~/.kube/config) for the CA, client certificate and token kinds; undefined when the user
 * authenticates with an exec plugin or auth provider, which only client-node can run.
 */
function fromKubeconfig(files: readonly KubeconfigFile[]): KubeCredentials | 'needs-client-node' | undefined {
  const contextName = files.map((file) => file.doc['current-context']).find((value): value is string => typeof value === 'string' && value !== '');
  if (!contextName) return undefined;
  const context = named(files, 'contexts', contextName)?.entry ?? {};
  const cluster = typeof context['cluster'] === 'string' ? named(files, 'clusters', context['cluster']) : undefined;
  if (!cluster || typeof cluster.entry['server'] !== 'string') return undefined;
  const user = typeof context['user'] === 'string' ? named(files, 'users', context['user']) : undefined;
  if (user && (user.entry['exec'] || user.entry['auth-provider'])) return 'needs-client-node';
  const ca = material(cluster.entry, cluster.dir, 'certificate-authority-data', 'certificate-authority');
  const cert = user ? material(user.entry, user.dir, 'client-certificate-data', 'client-certificate') : undefined;
  const key = user ? material(user.entry, user.dir, 'client-key-data', 'client-key') : undefined;
  const token = user?.entry['token'];
  const tokenFile = user?.entry['tokenFile'] ?? user?.entry['token-file'];
  let readToken: (() => string) | undefined;
  if (typeof token === 'string' && token !== '') readToken = () => token;
  else if (user && typeof tokenFile === 'string' && tokenFile !== '') readToken = tokenFromFile(path.resolve(user.dir, tokenFile));
  return fixed({
    server: cluster.entry['server'],
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    insecure: cluster.entry['insecure-skip-tls-verify'] === true,
    ...(readToken ? { token: readToken } : {}),
  });
}

/**
 * The credentials kubectl would use, in client-go's order: the files in KUBECONFIG, else
 * ~/.kube/config, else the pod's ServiceAccount. Read without client-node, whose generated API
 * models cost the webhook some 70 MiB of its memory limit; it is loaded only for kubeconfig
 * users that need an exec plugin or an auth provider.
 */
export async function loadKubeCredentials(purpose: string, env: NodeJS.ProcessEnv = process.env, serviceAccountDir = SERVICE_ACCOUNT_DIR): Promise<KubeCredentials> {
  const configured = (env['KUBECONFIG'] ?? '').split(path.delimiter).filter((file) => file !== '');
  const candidates = configured.length > 0 ? configured : [path.join(env['HOME'] ?? os.homedir(), '.kube', 'config')];
  let files: KubeconfigFile[];
  try {
    files = candidates.filter(isFile).map(readKubeconfig);
  } catch (error) {
    throw new NoKubeApiError(`cannot load the kubeconfig (${error instanceof Error ? error.message.split('\n')[0] : String(error)}), so ${purpose}`);
  }
  if (configured.length > 0 && files.length === 0) throw new NoKubeApiError(`cannot load the kubeconfig (no file at ${configured.join(', ')}), so ${purpose}`);
  let credentials: KubeCredentials | undefined;
  try {
    const found = fromKubeconfig(files);
    if (found === 'needs-client-node') {
      const { KubeConfig } = await import('@kubernetes/client-node');
      const config = new KubeConfig();
      config.loadFromDefault();
      credentials = credentialsFromKubeConfig(config);
    } else {
      credentials = found;
    }
  } catch (error) {
    throw new NoKubeApiError(`cannot load the kubeconfig (${error instanceof Error ? error.message.split('\n')[0] : String(error)}), so ${purpose}`);
  }
  const host = env['KUBERNETES_SERVICE_HOST'];
  const port = env['KUBERNETES_SERVICE_PORT'];
  if (!credentials && host && port && isFile(path.join(serviceAccountDir, 'token'))) {
    const caFile = path.join(serviceAccountDir, 'ca.crt');
    credentials = fixed({
      server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
      ...(isFile(caFile) ? { ca: readFileSync(caFile) } : {}),
      token: tokenFromFile(path.join(serviceAccountDir, 'token')),
    });
  }
  // never send credentials in clear text (client-node's fallback was http://localhost:8080)
  if (!credentials || !credentials.server.startsWith('https://')) {
    throw new NoKubeApiError(`no HTTPS Kubernetes API server in the pod environment or the kubeconfig, so ${purpose}`);
  }
  return credentials;
}
