import { asRecord } from '../../core/inventory.js';
import { KubeApiError } from './api-error.js';

/** One page of a list response. */
export interface ListPage {
  items: readonly unknown[];
  /** `metadata.continue`; undefined on the last page */
  continueToken: string | undefined;
  /** `metadata.resourceVersion`: the snapshot the list was read at, from which a watch starts */
  resourceVersion?: string;
}

export type FetchPage = (continueToken: string | undefined) => Promise<ListPage>;

export interface PagerOptions {
  /**
   * How often a list may start over after its continue token expired (410
   * Gone). Each restart reads the whole list again from a fresh snapshot, so a
   * cluster whose etcd compacts faster than we can page would loop forever.
   */
  maxRestarts?: number;
  /** a guard against a server that never stops handing out continue tokens */
  maxPages?: number;
  /** called after each page with the number of items collected so far in the current pass */
  onPage?: (collected: number) => void;
}

export interface PagedList {
  items: unknown[];
  pages: number;
  restarts: number;
  /** the resourceVersion of the snapshot every page was read from (the first page's) */
  resourceVersion?: string;
}

export const DEFAULT_MAX_RESTARTS = 3;
const DEFAULT_MAX_PAGES = 100_000;

function isExpiredContinue(error: unknown, continueToken: string | undefined): boolean {
  return continueToken !== undefined && error instanceof KubeApiError && error.status === 410;
}

/**
 * Reads every page of a list. A 410 Gone on a continued request means the
 * snapshot the token pinned has been compacted away: the server offers an
 * "inconsistent" token to carry on, but mixing two snapshots can show an object
 * twice or not at all, so the list restarts from the first page instead.
 */
export async function listAllPages(fetchPage: FetchPage, options: PagerOptions = {}): Promise<PagedList> {
  const maxRestarts = options.maxRestarts ?? DEFAULT_MAX_RESTARTS;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  let items: unknown[] = [];
  let continueToken: string | undefined;
  let pages = 0;
  let restarts = 0;
  let resourceVersion: string | undefined;
  for (;;) {
    let page: ListPage;
    try {
      page = await fetchPage(continueToken);
    } catch (error) {
      if (!isExpiredContinue(error, continueToken)) throw error;
      restarts += 1;
      if (restarts > maxRestarts) {
        throw new KubeApiError(410, 'Expired', `the list's continue token expired ${restarts} times; gave up after ${maxRestarts} restarts`);
      }
      items = [];
      continueToken = undefined;
      resourceVersion = undefined;
      continue;
    }
    pages += 1;
    // every page of one list is read at the first page's snapshot
    if (continueToken === undefined) resourceVersion = page.resourceVersion;
    for (const item of page.items) items.push(item);
    options.onPage?.(items.length);
    if (page.continueToken === undefined) return { items, pages, restarts, ...(resourceVersion !== undefined ? { resourceVersion } : {}) };
    if (page.continueToken === continueToken) throw new Error('the API server returned the same continue token twice');
    if (pages >= maxPages) throw new Error(`the list did not end after ${maxPages} pages`);
    continueToken = page.continueToken;
  }
}

/** Reads `items` and `metadata.continue` from a list response body; anything else is a protocol error. */
export function parseListPage(body: unknown): ListPage {
  const list = asRecord(body);
  if (!list) throw new Error('the list response is not a JSON object');
  const items = list['items'];
  // Go's encoder writes `"items": null` for an empty list of some kinds.
  if (items !== null && items !== undefined && !Array.isArray(items)) throw new Error('the list response has no items array');
  const metadata = asRecord(list['metadata']);
  const token = metadata?.['continue'];
  const resourceVersion = metadata?.['resourceVersion'];
  return {
    items: Array.isArray(items) ? items : [],
    continueToken: typeof token === 'string' && token !== '' ? token : undefined,
    ...(typeof resourceVersion === 'string' && resourceVersion !== '' ? { resourceVersion } : {}),
  };
}
