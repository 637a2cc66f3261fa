import { KubeApiError } from './api-error.js';
import { mapLimit } from '../concurrency.js';
import { listAllPages, parseListPage } from './pager.js';
import { listPath, resourceForKind, type KubeResource } from './resources.js';
import type { KubeTransport } from './transport.js';

/** Asks for PartialObjectMetadataList: names, labels, annotations and owners, never the objects' contents. */
export const METADATA_LIST_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

/** One list call: a kind, cluster-wide or in one namespace. */
export interface ListTask {
  resource: KubeResource;
  namespace?: string;
}

export interface ListOutcome {
  task: ListTask;
  items: unknown[];
  error?: unknown;
}

export interface ListOptions {
  transport: KubeTransport;
  pageSize: number;
  concurrency: number;
  maxRestarts?: number;
  /** called as items arrive: the task and how many of its items are in so far */
  onProgress?: (task: ListTask, collected: number, finished: boolean) => void;
}

/** The list calls for the kinds: namespaced kinds once per namespace when namespaces are given. */
export function planListTasks(kinds: readonly string[], namespaces: readonly string[]): ListTask[] {
  const tasks: ListTask[] = [];
  for (const kind of kinds) {
    const resource = resourceForKind(kind);
    if (!resource) continue;
    if (resource.namespaced && namespaces.length > 0) for (const namespace of namespaces) tasks.push({ resource, namespace });
    else tasks.push({ resource });
  }
  return tasks;
}

/** `kube list pods`, `kube list deployments.apps -n team-a`: names the call in gaps and errors. */
export function describeTask(task: ListTask): string {
  const { resource } = task;
  const name = resource.group === '' ? resource.resource : `${resource.resource}.${resource.group}`;
  return `kube list ${name}${task.namespace !== undefined ? ` -n ${task.namespace}` : ''}`;
}

async function runTask(task: ListTask, options: ListOptions): Promise<ListOutcome> {
  const { resource } = task;
  const path = listPath(resource, task.namespace);
  const accept = resource.metadataOnly ? METADATA_LIST_ACCEPT : 'application/json';
  const fieldSelector = resource.metadataOnly?.fieldSelector;
  try {
    const listed = await listAllPages(
      async (continueToken) =>
        parseListPage(
          await options.transport.getJson(path, {
            accept,
            query: { limit: String(options.pageSize), continue: continueToken, fieldSelector },
          }),
        ),
      {
        ...(options.maxRestarts !== undefined ? { maxRestarts: options.maxRestarts } : {}),
        onPage: (collected) => options.onProgress?.(task, collected, false),
      },
    );
    options.onProgress?.(task, listed.items.length, true);
    return { task, items: listed.items };
  } catch (error) {
    options.onProgress?.(task, 0, true);
    // A custom resource whose definition is not installed has no objects, which is not a gap.
    if (resource.optional && error instanceof KubeApiError && error.status === 404) return { task, items: [] };
    return { task, items: [], error };
  }
}

/** Runs every list call with bounded concurrency; a failed call is an outcome with an error, never a rejection. */
export async function listResources(tasks: readonly ListTask[], options: ListOptions): Promise<ListOutcome[]> {
  const outcomes = new Array<ListOutcome>(tasks.length);
  const indexed = tasks.map((task, index) => ({ task, index }));
  await mapLimit(indexed, options.concurrency, async ({ task, index }) => {
    outcomes[index] = await runTask(task, options);
  });
  return outcomes;
}
