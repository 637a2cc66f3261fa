/** What one lookup found. */
export type Lookup<T> = { ok: true; value: T; cached: boolean } | { ok: false; reason: 'not-found' | 'error' | 'timeout'; detail: string };

/** Reads one key; rejects on failure, resolves `undefined` when the key does not exist. */
export type Fetcher<T> = ((key: string, signal: AbortSignal) => Promise<T | undefined>) & {
  /** releases kept-alive connections */
  close?: () => void;
};

export interface LookupCacheOptions<T> {
  fetch: Fetcher<T>;
  /** values younger than this are served without asking the API server */
  ttlMs: number;
  /** how long one fetch may take */
  timeoutMs: number;
  /** entries beyond this are dropped, oldest first */
  maxEntries?: number;
  clock?: () => number;
  /** names the key in messages ("namespace shop") */
  describe?: (key: string) => string;
}

export interface LookupCache<T> {
  /** the value, waiting at most `waitMs` (the caller's remaining request budget) */
  get(key: string, waitMs?: number): Promise<Lookup<T>>;
  readonly size: number;
}

interface Entry<T> {
  value: T;
  fetchedAt: number;
}

/**
 * A TTL cache over API reads. Within the TTL an entry is served as is; up to five TTLs old it
 * is still served while one refresh runs behind it (a change takes effect within a TTL or two,
 * and no request waits on the API server for a key in use); older entries and misses wait for
 * the fetch. Concurrent misses share one fetch. A failed fetch is not cached.
 */
export function createLookupCache<T>(options: LookupCacheOptions<T>): LookupCache<T> {
  const clock = options.clock ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const describe = options.describe ?? ((key: string) => key);
  const entries = new Map<string, Entry<T>>();
  const inflight = new Map<string, Promise<Lookup<T>>>();

  function store(key: string, value: T): void {
    entries.delete(key);
    entries.set(key, { value, fetchedAt: clock() });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  }

  function refresh(key: string): Promise<Lookup<T>> {
    const running = inflight.get(key);
    if (running) return running;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    const lookup = options
      .fetch(key, controller.signal)
      .then((value): Lookup<T> => {
        if (value === undefined) {
          entries.delete(key);
          return { ok: false, reason: 'not-found', detail: `${describe(key)} not found` };
        }
        store(key, value);
        return { ok: true, value, cached: false };
      })
      .catch((error: unknown): Lookup<T> => {
        if (controller.signal.aborted) return { ok: false, reason: 'timeout', detail: `no answer within ${options.timeoutMs} ms` };
        return { ok: false, reason: 'error', detail: error instanceof Error ? error.message : String(error) };
      })
      .finally(() => {
        clearTimeout(timer);
        inflight.delete(key);
      });
    inflight.set(key, lookup);
    return lookup;
  }

  function waitAtMost(lookup: Promise<Lookup<T>>, waitMs: number | undefined): Promise<Lookup<T>> {
    if (waitMs === undefined || waitMs >= options.timeoutMs) return lookup;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<Lookup<T>>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, reason: 'timeout', detail: `no answer within the request's remaining ${Math.round(waitMs)} ms` }), Math.max(0, waitMs));
    });
    return Promise.race([lookup, deadline]).finally(() => clearTimeout(timer));
  }

  return {
    get size() {
      return entries.size;
    },
    get(key, waitMs) {
      const entry = entries.get(key);
      if (entry) {
        const age = clock() - entry.fetchedAt;
        if (age < options.ttlMs) return Promise.resolve({ ok: true, value: entry.value, cached: true });
        if (age < options.ttlMs * 5) {
          void refresh(key);
          return Promise.resolve({ ok: true, value: entry.value, cached: true });
        }
      }
      return waitAtMost(refresh(key), waitMs);
    },
  };
}
