import { createInventory, type Inventory, type KubeObject } from '../../core/inventory.js';
import type { Gap, InputError } from '../../core/types.js';
import { describeFailure, KubeApiError, KubeCredentialError, KubeSourceError } from './api-error.js';
import { loadKubeconfig, type KubeconfigOptions } from './kubeconfig.js';
import { describeTask, listResources, planListTasks, type ListOutcome, type ListTask } from './list-resources.js';
import { toClusterObject } from './normalize.js';
import { pruneOwnedObjects } from './owners.js';
import type { ProgressSink } from './progress.js';
import { dataKeysOf, neededKinds, resourceForKind, resourceName } from './resources.js';
import { parseServerVersion } from './server-version.js';
import { createTransport, type KubeTransport } from './transport.js';
import { collectKubeletConfigs, CONFIGZ_TIMEOUT_MS, MAX_CONFIGZ_BYTES } from './configz.js';
import { KUBELET_CONFIG_KEY } from '../../k8s/kubelet/configz.js';

/** What the source needs to know of a check: which data it reads. */
export interface CheckNeeds {
  id: string;
  needs: readonly string[];
  /** data read when present, whose absence the check judges itself (attack paths) */
  reads?: readonly string[];
}

export interface ClusterSourceOptions extends KubeconfigOptions {
  /** the checks that will run; only the kinds they need are listed */
  checks: readonly CheckNeeds[];
  /** `--namespace`: namespaced kinds are listed in these namespaces only */
  namespaces?: readonly string[];
  /** objects per list page (`limit`); kubectl uses 500 */
  pageSize?: number;
  /** list calls in flight at once */
  concurrency?: number;
  /** keep Pods, ReplicaSets and Jobs whose controller is also listed (see owners.ts) */
  includeOwned?: boolean;
  userAgent?: string;
  progress?: ProgressSink;
  timeoutMs?: number;
  maxRestarts?: number;
  /**
   * `--kubelet-config`: read each node's kubelet configuration through the API server's node
   * proxy (`get nodes/proxy`, a high-risk permission the reader role does not grant; see
   * deploy/rbac/eksguard-kubelet-config.yaml). Off, the kubelet checks judge node groups from AWS only.
   */
  kubeletConfig?: boolean;
}

export const DEFAULT_PAGE_SIZE = 500;
export const DEFAULT_CONCURRENCY = 4;

function checksNeeding(checks: readonly CheckNeeds[], keys: readonly string[]): string[] {
  return checks.filter((check) => check.needs.some((need) => keys.includes(need))).map((check) => check.id);
}

async function readServerVersion(transport: KubeTransport, where: string): Promise<{ version?: string; gap?: Gap }> {
  try {
    const version = parseServerVersion(await transport.getJson('/version'));
    return version ? { version } : {};
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 401) {
      throw new KubeSourceError(`the API server rejected the credentials of ${where} (401 Unauthorized)`, 'check the user of that context: its token, client certificate or exec plugin (for EKS: aws eks get-token and your AWS credentials)');
    }
    if (error instanceof KubeCredentialError) {
      throw new KubeSourceError(`cannot get credentials for ${where}: ${error.message}`, 'check the user of that context; for an exec plugin such as aws eks get-token, run its command yourself to see why it fails');
    }
    if (error instanceof KubeApiError) {
      // Authenticated but not allowed to read /version: the scan goes on, with `latest` Pod Security.
      return { gap: { source: 'kube get /version', reason: describeFailure(error), checks: [] } };
    }
    throw new KubeSourceError(`cannot reach the API server of ${where}: ${describeFailure(error)}`, 'check the server address, network access and certificate authority in your kubeconfig');
  }
}

/** `--namespace` names that do not exist are reported, not silently scanned as empty. */
async function checkNamespaces(transport: KubeTransport, namespaces: readonly string[]): Promise<{ objects: unknown[]; errors: InputError[]; failed: Map<string, unknown> }> {
  const objects: unknown[] = [];
  const errors: InputError[] = [];
  const failed = new Map<string, unknown>();
  for (const namespace of namespaces) {
    try {
      objects.push(await transport.getJson(`/api/v1/namespaces/${encodeURIComponent(namespace)}`));
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) errors.push({ source: 'kube get namespace', message: `namespace "${namespace}" does not exist` });
      else failed.set(namespace, error);
    }
  }
  return { objects, errors, failed };
}

function progressReporter(progress: ProgressSink | undefined, context: string, tasks: readonly ListTask[]) {
  if (!progress) return undefined;
  const counts = new Map<ListTask, number>();
  let finished = 0;
  return (task: ListTask, collected: number, done: boolean) => {
    counts.set(task, collected);
    if (done) finished += 1;
    let total = 0;
    for (const count of counts.values()) total += count;
    progress.update(`eksguard: reading context ${context}: ${finished}/${tasks.length} lists, ${total} objects`);
  };
}

/**
 * Reads the live cluster of a kubeconfig context into an inventory: only the
 * kinds the given checks need, paged, with bounded concurrency. A list that
 * fails becomes a gap (and its data keys `missing`, so the checks reading
 * them are skipped); the scan goes on. Problems that make every list
 * pointless (no kubeconfig, unknown context, unreachable server, rejected
 * credentials) throw KubeSourceError.
 */
export async function collectCluster(options: ClusterSourceOptions): Promise<Inventory> {
  const loaded = loadKubeconfig(options);
  const where = `context "${loaded.context}" (${loaded.server})`;
  const namespaces = [...new Set(options.namespaces ?? [])];
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const transport = createTransport(loaded.kubeConfig, {
    server: loaded.server,
    userAgent: options.userAgent ?? 'eksguard',
    maxSockets: concurrency,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  try {
    const { version, gap: versionGap } = await readServerVersion(transport, where);
    const wanted = options.checks.flatMap((check) => [...check.needs, ...(check.reads ?? [])]);
    const kubeletChecks = checksNeeding(options.checks, [KUBELET_CONFIG_KEY]);
    const readKubelets = options.kubeletConfig === true && kubeletChecks.length > 0;
    // the kubelet configurations are not a list: they come from each node (below), and only when asked for
    const needs = neededKinds([...wanted.filter((key) => key !== KUBELET_CONFIG_KEY), ...(readKubelets ? ['kube:Node'] : [])]);
    // Namespaces named by --namespace are read one by one (a namespace-scoped user may not list them all).
    const listedKinds = namespaces.length > 0 ? needs.kinds.filter((kind) => kind !== 'Namespace') : needs.kinds;
    const tasks = planListTasks(listedKinds, namespaces);
    const named = namespaces.length > 0 ? await checkNamespaces(transport, namespaces) : undefined;
    const onProgress = progressReporter(options.progress, loaded.context, tasks);
    const outcomes = await listResources(tasks, {
      transport,
      pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
      concurrency,
      ...(options.maxRestarts !== undefined ? { maxRestarts: options.maxRestarts } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    options.progress?.done();

    if (named && needs.kinds.includes('Namespace')) {
      const namespaceResource = resourceForKind('Namespace');
      if (namespaceResource) {
        outcomes.push({ task: { resource: namespaceResource }, items: named.objects });
        for (const [namespace, error] of named.failed) outcomes.push({ task: { resource: namespaceResource, namespace }, items: [], error });
      }
    }

    const kube: KubeObject[] = [];
    for (const outcome of outcomes) {
      for (const item of outcome.items) {
        const object = toClusterObject(item, outcome.task.resource, loaded.context);
        if (object) kube.push(object);
      }
    }
    const gaps: Gap[] = versionGap ? [versionGap] : [];
    const missing = new Map<string, Gap>();
    recordListGaps(outcomes, options.checks, gaps, missing);
    if (readKubelets) {
      const kubelets = await readKubeletConfigs(loaded, options, kube, missing, kubeletChecks);
      kube.push(...kubelets.objects);
      gaps.push(...kubelets.gaps);
      if (kubelets.missing) missing.set(KUBELET_CONFIG_KEY, kubelets.missing);
    }
    for (const key of needs.unknown) {
      const gap: Gap = { source: key, reason: 'eksguard does not know how to list this kind from a cluster', checks: checksNeeding(options.checks, [key]) };
      gaps.push(gap);
      missing.set(key, gap);
    }
    return createInventory({
      kube: options.includeOwned ? kube : pruneOwnedObjects(kube).kept,
      facts: { context: loaded.context, ...(version ? { kubernetesVersion: version } : {}) },
      errors: named?.errors ?? [],
      gaps,
      missing,
    });
  } finally {
    options.progress?.done();
    transport.close();
  }
}

/** Each listed node's `/configz`, on its own transport: small bodies, a short timeout. */
async function readKubeletConfigs(
  loaded: ReturnType<typeof loadKubeconfig>,
  options: ClusterSourceOptions,
  listed: readonly KubeObject[],
  missing: ReadonlyMap<string, Gap>,
  checks: string[],
): Promise<{ objects: KubeObject[]; gaps: Gap[]; missing?: Gap }> {
  const nodeGap = missing.get('kube:Node');
  if (nodeGap) return { objects: [], gaps: [], missing: { ...nodeGap, checks } };
  const nodes = listed.filter((object) => object.kind === 'Node').map((object) => object.name);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const transport = createTransport(loaded.kubeConfig, {
    server: loaded.server,
    userAgent: options.userAgent ?? 'eksguard',
    maxSockets: concurrency,
    maxBodyBytes: MAX_CONFIGZ_BYTES,
    timeoutMs: Math.min(options.timeoutMs ?? CONFIGZ_TIMEOUT_MS, CONFIGZ_TIMEOUT_MS),
  });
  try {
    const outcome = await collectKubeletConfigs({ transport, nodes, context: loaded.context, concurrency, checks });
    // no node answered at all: the checks are skipped with the reason, not judged on the AWS half alone
    const none = nodes.length > 0 && outcome.objects.length === 0 ? outcome.gaps[0] : undefined;
    return { ...outcome, ...(none ? { missing: none } : {}) };
  } finally {
    transport.close();
  }
}

function recordListGaps(outcomes: readonly ListOutcome[], checks: readonly CheckNeeds[], gaps: Gap[], missing: Map<string, Gap>): void {
  for (const outcome of outcomes) {
    if (outcome.error === undefined) continue;
    const keys = dataKeysOf(resourceName(outcome.task.resource));
    const source = outcome.task.resource.kind === 'Namespace' && outcome.task.namespace !== undefined ? `kube get namespace ${outcome.task.namespace}` : describeTask(outcome.task);
    const gap: Gap = { source, reason: describeFailure(outcome.error), checks: checksNeeding(checks, keys) };
    gaps.push(gap);
    for (const key of keys) if (!missing.has(key)) missing.set(key, gap);
  }
}
