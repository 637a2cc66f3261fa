import { describe, expect, it } from 'vitest';
import { KubeApiError } from './api-error.js';
import { listAllPages, parseListPage, type ListPage } from './pager.js';

/** A list served in pages of `size`; `expireOn` lists the request numbers (0-based) that answer 410 Gone. */
function pagedServer(total: number, size: number, expireOn: readonly number[] = []) {
  const calls: (string | undefined)[] = [];
  const fetchPage = async (token: string | undefined): Promise<ListPage> => {
    const call = calls.length;
    calls.push(token);
    if (expireOn.includes(call)) throw new KubeApiError(410, 'Expired', 'The provided continue parameter is too old');
    const start = token === undefined ? 0 : Number(token.split(':')[1]);
    const items = Array.from({ length: Math.min(size, total - start) }, (_, i) => ({ n: start + i }));
    const next = start + size;
    return { items, continueToken: next < total ? `c${call}:${next}` : undefined };
  };
  return { calls, fetchPage };
}

describe('listAllPages', () => {
  it('reads every page in order until there is no continue token', async () => {
    const server = pagedServer(120, 50);
    const listed = await listAllPages(server.fetchPage);
    expect(listed.items).toHaveLength(120);
    expect(listed.items.map((item) => (item as { n: number }).n)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(listed.pages).toBe(3);
    expect(server.calls[0]).toBeUndefined();
    expect(server.calls.slice(1).every((token) => typeof token === 'string')).toBe(true);
  });

  it('restarts from the first page when a continue token has expired, dropping what it had', async () => {
    const server = pagedServer(120, 50, [2]);
    const progress: number[] = [];
    const listed = await listAllPages(server.fetchPage, { onPage: (collected) => progress.push(collected) });
    expect(listed.restarts).toBe(1);
    expect(listed.items).toHaveLength(120);
    expect(new Set(listed.items.map((item) => (item as { n: number }).n)).size).toBe(120);
    // request 3 starts over without a token
    expect(server.calls[3]).toBeUndefined();
    expect(progress).toEqual([50, 100, 50, 100, 120]);
  });

  it('gives up after maxRestarts expiries with a 410 error', async () => {
    const server = pagedServer(120, 50, [1, 3, 5]);
    await expect(listAllPages(server.fetchPage, { maxRestarts: 2 })).rejects.toMatchObject({ status: 410, reason: 'Expired' });
    expect(server.calls).toHaveLength(6);
  });

  it('does not retry a 410 on the first request (there is no token to expire)', async () => {
    const server = pagedServer(10, 5, [0]);
    await expect(listAllPages(server.fetchPage)).rejects.toMatchObject({ status: 410 });
    expect(server.calls).toHaveLength(1);
  });

  it('passes other errors through unchanged', async () => {
    const forbidden = new KubeApiError(403, 'Forbidden', 'pods is forbidden');
    await expect(listAllPages(async () => Promise.reject(forbidden))).rejects.toBe(forbidden);
  });

  it('stops a server that repeats its continue token', async () => {
    let calls = 0;
    const fetchPage = async (): Promise<ListPage> => {
      calls += 1;
      return { items: [{}], continueToken: 'same' };
    };
    await expect(listAllPages(fetchPage)).rejects.toThrow(/same continue token/);
    expect(calls).toBe(2);
  });

  it('stops a list that never ends', async () => {
    let calls = 0;
    const fetchPage = async (): Promise<ListPage> => ({ items: [], continueToken: `t${calls++}` });
    await expect(listAllPages(fetchPage, { maxPages: 5 })).rejects.toThrow(/did not end after 5 pages/);
  });
});

describe('parseListPage', () => {
  it('reads items, the continue token and the resourceVersion a watch starts from', () => {
    expect(parseListPage({ kind: 'PodList', metadata: { continue: 'abc', resourceVersion: '5' }, items: [{ a: 1 }] })).toEqual({
      items: [{ a: 1 }],
      continueToken: 'abc',
      resourceVersion: '5',
    });
  });

  it("keeps the first page's resourceVersion across pages, and a restart's own", async () => {
    const pages = [
      { items: [1], continueToken: 'a', resourceVersion: '10' },
      { items: [2], continueToken: undefined, resourceVersion: '12' },
    ];
    let call = 0;
    const listed = await listAllPages(async () => pages[call++]!);
    expect(listed).toMatchObject({ items: [1, 2], resourceVersion: '10' });
    let attempt = 0;
    const restarted = await listAllPages(async (token) => {
      attempt += 1;
      if (attempt === 2) throw new KubeApiError(410, 'Expired', 'too old');
      return token === undefined ? { items: [attempt], continueToken: 'next', resourceVersion: String(attempt * 100) } : { items: ['last'], continueToken: undefined };
    });
    expect(restarted).toMatchObject({ items: [3, 'last'], resourceVersion: '300', restarts: 1 });
  });

  it('treats an empty token, null items and missing metadata as the last, possibly empty, page', () => {
    expect(parseListPage({ metadata: { continue: '' }, items: null })).toEqual({ items: [], continueToken: undefined });
    expect(parseListPage({ items: [] })).toEqual({ items: [], continueToken: undefined });
    expect(parseListPage({ metadata: { continue: 7 }, items: [] }).continueToken).toBeUndefined();
  });

  it('rejects bodies that are not lists', () => {
    expect(() => parseListPage(null)).toThrow(/not a JSON object/);
    expect(() => parseListPage([1, 2])).toThrow(/not a JSON object/);
    expect(() => parseListPage({ items: 'x' })).toThrow(/no items array/);
  });
});
