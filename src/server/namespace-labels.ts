/** What a lookup of one namespace's labels found. */
export type LabelLookup =
  | { ok: true; labels: Readonly<Record<string, string>>; cached: boolean }
  | { ok: false; reason: 'not-found' | 'error' | 'timeout'; detail: string };

/** Reads the labels of one namespace; rejects on failure, resolves `undefined` when it does not exist. */
export type LabelFetcher = ((namespace: string, signal: AbortSignal) => Promise<Readonly<Record<string, string>> | undefined>) & {
  /** releases kept-alive connections */
  close?: () => void;
};

export interface NamespaceLabelCacheOptions {
  fetch: LabelFetcher;
  /** labels younger than this are served without asking the API server */
  ttlMs: number;
  /** how long one fetch may take */
  timeoutMs: number;
  /** entries beyond this are dropped, oldest first */
  maxEntries?: number;
  clock?: () => number;
}

export interface NamespaceLabelCache {
  /** the labels, waiting at most `waitMs` (the caller's remaining request budget) */
  labels(namespace: string, waitMs?: number): Promise<LabelLookup>;
  readonly size: number;
}

interface Entry {
  labels: Readonly<Record<string, string>>;
  fetchedAt: number;
}

/**
 * A TTL cache over namespace GETs. Within the TTL an entry is served as is; up to five TTLs
 * old it is still served while one refresh runs behind it (a label change takes effect
 * within a TTL or two, and no request waits on the API server for a namespace in use);
 * older entries and misses wait for the fetch. Concurrent misses share one fetch.
 */
export function createNamespaceLabelCache(options: NamespaceLabelCacheOptions): NamespaceLabelCache {
  const clock = options.clock ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();
  const inflight = new Map<string, Promise<LabelLookup>>();

  function store(namespace: string, labels: Readonly<Record<string, string>>): void {
    entries.delete(namespace);
    entries.set(namespace, { labels, fetchedAt: clock() });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  }

  function refresh(namespace: string): Promise<LabelLookup> {
    const running = inflight.get(namespace);
    if (running) return running;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    const lookup = options
      .fetch(namespace, controller.signal)
      .then((labels): LabelLookup => {
        if (labels === undefined) {
          entries.delete(namespace);
          return { ok: false, reason: 'not-found', detail: `namespace ${namespace} not found` };
        }
        store(namespace, labels);
        return { ok: true, labels, cached: false };
      })
      .catch((error: unknown): LabelLookup => {
        if (controller.signal.aborted) return { ok: false, reason: 'timeout', detail: `no answer within ${options.timeoutMs} ms` };
        return { ok: false, reason: 'error', detail: error instanceof Error ? error.message : String(error) };
      })
      .finally(() => {
        clearTimeout(timer);
        inflight.delete(namespace);
      });
    inflight.set(namespace, lookup);
    return lookup;
  }

  function waitAtMost(lookup: Promise<LabelLookup>, waitMs: number | undefined): Promise<LabelLookup> {
    if (waitMs === undefined || waitMs >= options.timeoutMs) return lookup;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<LabelLookup>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, reason: 'timeout', detail: `no answer within the request's remaining ${Math.round(waitMs)} ms` }), Math.max(0, waitMs));
    });
    return Promise.race([lookup, deadline]).finally(() => clearTimeout(timer));
  }

  return {
    get size() {
      return entries.size;
    },
    labels(namespace, waitMs) {
      const entry = entries.get(namespace);
      if (entry) {
        const age = clock() - entry.fetchedAt;
        if (age < options.ttlMs) return Promise.resolve({ ok: true, labels: entry.labels, cached: true });
        if (age < options.ttlMs * 5) {
          void refresh(namespace);
          return Promise.resolve({ ok: true, labels: entry.labels, cached: true });
        }
      }
      return waitAtMost(refresh(namespace), waitMs);
    },
  };
}
