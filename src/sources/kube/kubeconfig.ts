import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import yaml from 'js-yaml';
import { KubeSourceError } from './api-error.js';

export interface KubeconfigOptions {
  /** `--kubeconfig F`: that file only, as with kubectl */
  kubeconfig?: string;
  /** `--context C`; default: the merged `current-context` */
  context?: string;
  /** defaults to process.env (KUBECONFIG, HOME, in-cluster variables) */
  env?: NodeJS.ProcessEnv;
  /** defaults to os.homedir() */
  homeDir?: string;
  /** where a pod's ServiceAccount credentials are mounted (tests point it elsewhere) */
  inClusterRoot?: string;
}

export interface LoadedKubeconfig {
  kubeConfig: KubeConfig;
  context: string;
  server: string;
  /** where the configuration came from: files in merge order, or `in-cluster` */
  origin: readonly string[];
}

const SERVICE_ACCOUNT_DIR = 'var/run/secrets/kubernetes.io/serviceaccount';
const SERVICE_ACCOUNT_TOKEN = `${SERVICE_ACCOUNT_DIR}/token`;
export const IN_CLUSTER_CONTEXT = 'in-cluster';

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}

/**
 * Why a kubeconfig could not be read, quoting none of it: a kubeconfig holds tokens and keys, and
 * the YAML parser's message repeats alias names, tags and a snippet of the line.
 */
function describeKubeconfigError(error: unknown): string {
  const mark = (error as { mark?: { line?: number; column?: number } } | null)?.mark;
  if (mark && typeof mark.line === 'number') return `invalid YAML at line ${mark.line + 1}, column ${(mark.column ?? 0) + 1}`;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string') return code;
  return firstLine(error);
}

/**
 * kubectl's `tokenFile` user field, which client-node does not read (it looks for `token-file`):
 * a path relative to the kubeconfig's directory, read once, whitespace trimmed; `token` wins when
 * both are set, as in client-go.
 */
function applyTokenFiles(config: KubeConfig, file: string): void {
  let raw: unknown;
  try {
    raw = yaml.load(readFileSync(file, 'utf8'));
  } catch {
    return;
  }
  const users = (raw as { users?: unknown } | null)?.users;
  if (!Array.isArray(users)) return;
  for (const entry of users as { name?: unknown; user?: { tokenFile?: unknown; token?: unknown } }[]) {
    const tokenFile = entry?.user?.tokenFile;
    if (typeof entry?.name !== 'string' || typeof tokenFile !== 'string' || tokenFile === '' || entry.user?.token) continue;
    const user = config.users.find((candidate) => candidate.name === entry.name);
    if (!user || user.token) continue;
    const resolved = path.resolve(path.dirname(file), tokenFile);
    try {
      (user as { token?: string }).token = readFileSync(resolved, 'utf8').trim();
    } catch (error) {
      throw new KubeSourceError(`cannot read tokenFile ${resolved} of user "${entry.name}" in kubeconfig ${file}: ${describeKubeconfigError(error)}`);
    }
  }
}

function loadFile(file: string): KubeConfig {
  const config = new KubeConfig();
  try {
    // Resolves relative certificate paths against the file's directory, as kubectl does.
    config.loadFromFile(file);
  } catch (error) {
    throw new KubeSourceError(`cannot read kubeconfig ${file}: ${describeKubeconfigError(error)}`);
  }
  applyTokenFiles(config, file);
  return config;
}

/**
 * kubectl's merge of several files: the first file that defines a cluster, user
 * or context by a name wins, and the first `current-context` wins. client-node's
 * own merge throws on duplicate names, which kubectl accepts.
 */
export function mergeKubeconfigs(configs: readonly KubeConfig[]): KubeConfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  for (const config of configs) {
    for (const cluster of config.clusters ?? []) if (!clusters.has(cluster.name)) clusters.set(cluster.name, cluster);
    for (const user of config.users ?? []) if (!users.has(user.name)) users.set(user.name, user);
    for (const context of config.contexts ?? []) if (!contexts.has(context.name)) contexts.set(context.name, context);
    if (!currentContext && config.currentContext) currentContext = config.currentContext;
  }
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext,
  });
  return merged;
}

/** The files kubectl would read, in order; `undefined` when it would fall back to in-cluster credentials. */
export function kubeconfigFiles(options: KubeconfigOptions): string[] | undefined {
  const env = options.env ?? process.env;
  if (options.kubeconfig !== undefined) {
    if (!isFile(options.kubeconfig)) throw new KubeSourceError(`kubeconfig ${options.kubeconfig} does not exist or is not a file`);
    return [options.kubeconfig];
  }
  const fromEnv = env['KUBECONFIG'];
  if (fromEnv) {
    // kubectl skips entries of KUBECONFIG that do not exist; a list where none exists is an error.
    const listed = [...new Set(fromEnv.split(path.delimiter).filter((entry) => entry !== ''))];
    const existing = listed.filter(isFile);
    if (existing.length === 0) {
      throw new KubeSourceError(`none of the files in KUBECONFIG exists: ${listed.join(path.delimiter)}`, 'set KUBECONFIG to your kubeconfig file or pass --kubeconfig');
    }
    return existing;
  }
  const home = path.join(options.homeDir ?? os.homedir(), '.kube', 'config');
  if (isFile(home)) return [home];
  return undefined;
}

function inClusterAvailable(env: NodeJS.ProcessEnv, root: string): boolean {
  return Boolean(env['KUBERNETES_SERVICE_HOST'] && env['KUBERNETES_SERVICE_PORT'] && existsSync(path.join(root, SERVICE_ACCOUNT_TOKEN)));
}

/**
 * A pod's own ServiceAccount, as kubectl uses it when no kubeconfig exists (an
 * eksguard CronJob). Built here rather than with client-node's loadFromCluster,
 * which reads process.env itself. The token is a file client-node re-reads
 * when it changes, because the kubelet rotates projected tokens.
 */
function inClusterConfig(env: NodeJS.ProcessEnv, root: string): KubeConfig {
  const host = env['KUBERNETES_SERVICE_HOST'] ?? '';
  const port = env['KUBERNETES_SERVICE_PORT'] ?? '';
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: IN_CLUSTER_CONTEXT, server, caFile: path.join(root, SERVICE_ACCOUNT_DIR, 'ca.crt'), skipTLSVerify: false }],
    users: [{ name: IN_CLUSTER_CONTEXT, authProvider: { name: 'tokenFile', config: { tokenFile: path.join(root, SERVICE_ACCOUNT_TOKEN) } } }],
    contexts: [{ name: IN_CLUSTER_CONTEXT, cluster: IN_CLUSTER_CONTEXT, user: IN_CLUSTER_CONTEXT }],
    currentContext: IN_CLUSTER_CONTEXT,
  });
  return config;
}

function selectContext(config: KubeConfig, wanted: string | undefined, origin: readonly string[]): Context {
  const name = wanted ?? config.currentContext;
  const names = config.contexts.map((context) => context.name);
  const available = names.length > 0 ? `available contexts: ${names.join(', ')}` : 'the kubeconfig defines no contexts';
  if (!name) throw new KubeSourceError(`no current context is set in ${origin.join(', ')}`, `pass --context; ${available}`);
  const context = config.getContextObject(name);
  if (!context) throw new KubeSourceError(`context "${name}" is not defined in ${origin.join(', ')}`, available);
  return context;
}

/** Loads kubeconfig the way kubectl does and selects the context; throws KubeSourceError for anything the user must fix. */
export function loadKubeconfig(options: KubeconfigOptions = {}): LoadedKubeconfig {
  const env = options.env ?? process.env;
  const files = kubeconfigFiles(options);
  let config: KubeConfig;
  let origin: string[];
  if (files) {
    config = mergeKubeconfigs(files.map(loadFile));
    origin = files;
  } else {
    const root = options.inClusterRoot ?? '/';
    if (!inClusterAvailable(env, root)) {
      throw new KubeSourceError('no kubeconfig found (KUBECONFIG is unset, ~/.kube/config does not exist, and this is not a pod)', 'pass --kubeconfig FILE or set KUBECONFIG');
    }
    config = inClusterConfig(env, root);
    origin = ['in-cluster'];
  }
  const context = selectContext(config, options.context, origin);
  const cluster = config.getCluster(context.cluster);
  if (!cluster) throw new KubeSourceError(`context "${context.name}" refers to cluster "${context.cluster}", which no kubeconfig file defines`);
  if (context.user && !config.getUser(context.user)) {
    throw new KubeSourceError(`context "${context.name}" refers to user "${context.user}", which no kubeconfig file defines`);
  }
  if (!context.user) {
    // An anonymous context: client-node applies the cluster's CA only when a user exists.
    const anonymous = `${context.name}/anonymous`;
    config.addUser({ name: anonymous });
    config.contexts = config.contexts.map((entry) => (entry.name === context.name ? { ...entry, user: anonymous } : entry));
  }
  config.setCurrentContext(context.name);
  return { kubeConfig: config, context: context.name, server: cluster.server, origin };
}

/** Every context the kubeconfig defines (`--all-contexts`), sorted; a pod without a kubeconfig has its own one. */
export function listContextNames(options: Omit<KubeconfigOptions, 'context'> = {}): string[] {
  const env = options.env ?? process.env;
  const files = kubeconfigFiles(options);
  if (!files) {
    if (!inClusterAvailable(env, options.inClusterRoot ?? '/')) {
      throw new KubeSourceError('no kubeconfig found (KUBECONFIG is unset, ~/.kube/config does not exist, and this is not a pod)', 'pass --kubeconfig FILE or set KUBECONFIG');
    }
    return [IN_CLUSTER_CONTEXT];
  }
  const names = mergeKubeconfigs(files.map(loadFile)).contexts.map((context) => context.name);
  return [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
