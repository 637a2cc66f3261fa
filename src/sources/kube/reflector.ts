import { asRecord } from '../../core/inventory.js';
import { KubeApiError } from './api-error.js';
import { METADATA_LIST_ACCEPT } from './list-resources.js';
import { listAllPages, parseListPage } from './pager.js';
import { listPath, type KubeResource } from './resources.js';
import type { KubeTransport } from './transport.js';

/** Asks for PartialObjectMetadata watch events: the metadata-only counterpart of METADATA_LIST_ACCEPT. */
export const METADATA_WATCH_ACCEPT = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';

export type ObjectEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Where one kind's list and watch stand; a reflector reports every change of phase. */
export type ReflectorPhase =
  /** listing (first, or again after 410 Gone) */
  | 'listing'
  /** the list is in and a watch is open */
  | 'watching'
  /** a call failed; the next attempt waits (the data already read is kept) */
  | 'backoff'
  /** the list was refused (401, 403): this kind's data is missing until a retry succeeds */
  | 'forbidden'
  /** an optional custom resource that is not installed: no objects, retried now and then */
  | 'absent'
  | 'stopped';

export interface ReflectorState {
  phase: ReflectorPhase;
  /** the failure behind `backoff` or `forbidden` */
  error?: unknown;
  /** milliseconds until the next attempt, for `backoff`, `forbidden` and `absent` */
  retryInMs?: number;
}

export interface ReflectorHandlers {
  /** the whole list, read from one snapshot: every object of the kind that exists now */
  replace(resource: KubeResource, items: readonly unknown[]): void;
  event(resource: KubeResource, type: ObjectEventType, item: unknown): void;
  state(resource: KubeResource, state: ReflectorState): void;
  /** anything was heard from the server for this kind, bookmarks included (watch health) */
  heard?(resource: KubeResource): void;
}

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** refused lists (403) are retried with backoff up to this pace; absent custom resources at this pace */
  refusedMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, refusedMs: 60_000 };

export interface ReflectorOptions {
  transport: KubeTransport;
  resource: KubeResource;
  handlers: ReflectorHandlers;
  pageSize: number;
  backoff?: BackoffPolicy;
  /** how long one watch request may stay open (server side); a random part keeps reconnects apart */
  watchSeconds?: { min: number; max: number };
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface Reflector {
  /** resolves once the loop has stopped */
  readonly done: Promise<void>;
  stop(): void;
}

/** A failure that asks for a fresh list rather than a new watch from the last resourceVersion. */
class Expired extends Error {}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function statusCodeOf(value: unknown): number | undefined {
  const code = asRecord(value)?.['code'];
  return typeof code === 'number' ? code : undefined;
}

function resourceVersionOf(item: unknown): string | undefined {
  const version = asRecord(asRecord(item)?.['metadata'])?.['resourceVersion'];
  return typeof version === 'string' && version !== '' ? version : undefined;
}

function isRefused(error: unknown): boolean {
  return error instanceof KubeApiError && (error.status === 401 || error.status === 403);
}

/**
 * Keeps one kind in step with the API server, as client-go's reflector does: list (paged) at a
 * snapshot, then watch from that snapshot's resourceVersion with bookmarks; a watch that ends
 * is reopened from the last resourceVersion seen; `410 Gone` (the version was compacted away,
 * or the server restarted and its watch cache starts later) means a fresh list, whose result
 * replaces everything known of the kind, so deletions missed meanwhile are seen. Failures back
 * off exponentially with jitter; a refused list is retried at a slow pace and reported, so
 * the caller can record the gap.
 */
export function startReflector(options: ReflectorOptions): Reflector {
  const { transport, resource, handlers } = options;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  const watchSeconds = options.watchSeconds ?? { min: 300, max: 600 };
  const controller = new AbortController();
  const path = listPath(resource);
  const fieldSelector = resource.metadataOnly?.fieldSelector;

  async function list(): Promise<string | undefined> {
    handlers.state(resource, { phase: 'listing' });
    const listed = await listAllPages(async (continueToken) =>
      parseListPage(
        await transport.getJson(path, {
          accept: resource.metadataOnly ? METADATA_LIST_ACCEPT : 'application/json',
          query: { limit: String(options.pageSize), continue: continueToken, fieldSelector },
        }),
      ),
    );
    if (controller.signal.aborted) return undefined;
    handlers.replace(resource, listed.items);
    handlers.heard?.(resource);
    return listed.resourceVersion;
  }

  /** Watches from `version` until the stream ends; returns the last resourceVersion seen. */
  async function watch(version: string): Promise<string> {
    let current = version;
    const seconds = Math.round(watchSeconds.min + random() * (watchSeconds.max - watchSeconds.min));
    const events = transport.stream(path, {
      accept: resource.metadataOnly ? METADATA_WATCH_ACCEPT : 'application/json',
      query: { watch: '1', resourceVersion: current, allowWatchBookmarks: 'true', timeoutSeconds: String(seconds), fieldSelector },
      signal: controller.signal,
      // the server ends the request after timeoutSeconds; silence well past that is a dead connection
      idleTimeoutMs: (seconds + 60) * 1000,
    });
    let announced = false;
    for await (const raw of events) {
      if (!announced) {
        // the server answered and the stream is open: whatever failed before is over
        announced = true;
        handlers.state(resource, { phase: 'watching' });
      }
      const event = asRecord(raw);
      const type = event?.['type'];
      const object = event?.['object'];
      handlers.heard?.(resource);
      if (type === 'ERROR') {
        const code = statusCodeOf(object);
        if (code === 410) throw new Expired('the watch resourceVersion is too old (410 Gone)');
        const message = asRecord(object)?.['message'];
        throw new KubeApiError(code ?? 500, String(asRecord(object)?.['reason'] ?? 'WatchError'), typeof message === 'string' ? message : 'the watch reported an error');
      }
      const next = resourceVersionOf(object);
      if (type === 'BOOKMARK') {
        if (next) current = next;
        continue;
      }
      if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') continue;
      if (next) current = next;
      handlers.event(resource, type, object);
    }
    if (!announced) handlers.state(resource, { phase: 'watching' });
    return current;
  }

  async function loop(): Promise<void> {
    let version: string | undefined;
    let failures = 0;
    let refusals = 0;
    while (!controller.signal.aborted) {
      try {
        if (version === undefined) {
          version = await list();
          failures = 0;
          refusals = 0;
          // a list without a resourceVersion cannot be watched from: list again after a pause
          if (version === undefined) throw new Error('the list carried no resourceVersion to watch from');
          handlers.state(resource, { phase: 'watching' });
        }
        version = await watch(version);
        failures = 0;
      } catch (error) {
        if (controller.signal.aborted) break;
        // a watch too far behind lists afresh at once; a list that keeps expiring backs off below
        if (error instanceof Expired || (error instanceof KubeApiError && error.status === 410 && version !== undefined)) {
          version = undefined;
          continue;
        }
        if (resource.optional && error instanceof KubeApiError && error.status === 404) {
          // the custom resource is not installed: no objects, which is not a gap
          version = undefined;
          handlers.replace(resource, []);
          handlers.state(resource, { phase: 'absent', retryInMs: backoff.refusedMs });
          await sleep(backoff.refusedMs, controller.signal);
          continue;
        }
        if (isRefused(error)) {
          // a refusal may be brief (a restarted API server answers 403 until its RBAC cache has
          // synced, a binding is being rolled out): retried soon at first, then at the slow pace
          version = undefined;
          refusals += 1;
          const wait = Math.min(backoff.refusedMs, backoff.initialMs * 2 ** (refusals - 1));
          handlers.state(resource, { phase: 'forbidden', error, retryInMs: wait });
          await sleep(wait, controller.signal);
          continue;
        }
        failures += 1;
        const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (failures - 1));
        // full jitter between half and all of the ceiling: replicas and kinds do not retry in step
        const wait = Math.round(ceiling / 2 + random() * (ceiling / 2));
        handlers.state(resource, { phase: 'backoff', error, retryInMs: wait });
        await sleep(wait, controller.signal);
      }
    }
    handlers.state(resource, { phase: 'stopped' });
  }

  const done = loop();
  return {
    done,
    stop() {
      controller.abort();
    },
  };
}
