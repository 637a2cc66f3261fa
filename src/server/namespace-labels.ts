import { createLookupCache, type Fetcher } from './lookup-cache.js';

/** What a lookup of one namespace's labels found. */
export type LabelLookup =
  | { ok: true; labels: Readonly<Record<string, string>>; cached: boolean }
  | { ok: false; reason: 'not-found' | 'error' | 'timeout'; detail: string };

/** Reads the labels of one namespace; rejects on failure, resolves `undefined` when it does not exist. */
export type LabelFetcher = Fetcher<Readonly<Record<string, string>>>;

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

/** Namespace labels through the TTL lookup cache (stale-while-refresh, shared misses, bounded). */
export function createNamespaceLabelCache(options: NamespaceLabelCacheOptions): NamespaceLabelCache {
  const cache = createLookupCache({ ...options, describe: (namespace) => `namespace ${namespace}` });
  return {
    get size() {
      return cache.size;
    },
    async labels(namespace, waitMs) {
      const lookup = await cache.get(namespace, waitMs);
      return lookup.ok ? { ok: true, labels: lookup.value, cached: lookup.cached } : lookup;
    },
  };
}
