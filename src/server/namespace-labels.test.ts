import { describe, expect, it } from 'vitest';
import { createNamespaceLabelCache, type LabelFetcher } from './namespace-labels.js';

function fakeFetcher(answers: Record<string, Record<string, string> | 'missing' | 'fail' | 'hang'>) {
  const calls: string[] = [];
  const fetch: LabelFetcher = (namespace, signal) => {
    calls.push(namespace);
    const answer = answers[namespace];
    if (answer === 'fail') return Promise.reject(new Error('forbidden'));
    if (answer === 'missing' || answer === undefined) return Promise.resolve(undefined);
    if (answer === 'hang') return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    return Promise.resolve(answer);
  };
  return { fetch, calls };
}

describe('namespace label cache', () => {
  it('serves from the cache within the TTL and shares concurrent misses', async () => {
    let now = 0;
    const { fetch, calls } = fakeFetcher({ shop: { 'eksguard.io/enforce': 'high' } });
    const cache = createNamespaceLabelCache({ fetch, ttlMs: 1000, timeoutMs: 500, clock: () => now });
    const [a, b] = await Promise.all([cache.labels('shop'), cache.labels('shop')]);
    expect(a).toEqual({ ok: true, labels: { 'eksguard.io/enforce': 'high' }, cached: false });
    expect(b.ok).toBe(true);
    now = 999;
    expect(await cache.labels('shop')).toMatchObject({ ok: true, cached: true });
    expect(calls).toEqual(['shop']);
  });

  it('serves a stale entry while one refresh runs, and waits once it is very old', async () => {
    let now = 0;
    const answers: Record<string, Record<string, string>> = { shop: { v: '1' } };
    const { fetch, calls } = fakeFetcher(answers);
    const cache = createNamespaceLabelCache({ fetch, ttlMs: 1000, timeoutMs: 500, clock: () => now });
    await cache.labels('shop');
    answers['shop'] = { v: '2' };
    now = 1500;
    expect(await cache.labels('shop')).toMatchObject({ labels: { v: '1' }, cached: true });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.labels('shop')).toMatchObject({ labels: { v: '2' }, cached: true });
    answers['shop'] = { v: '3' };
    now = 1500 + 6000;
    expect(await cache.labels('shop')).toMatchObject({ labels: { v: '3' }, cached: false });
    expect(calls).toHaveLength(3);
  });

  it('reports errors, missing namespaces and timeouts without caching them', async () => {
    const { fetch, calls } = fakeFetcher({ locked: 'fail', gone: 'missing', slow: 'hang' });
    const cache = createNamespaceLabelCache({ fetch, ttlMs: 1000, timeoutMs: 100 });
    expect(await cache.labels('locked')).toMatchObject({ ok: false, reason: 'error', detail: 'forbidden' });
    expect(await cache.labels('locked')).toMatchObject({ ok: false, reason: 'error' });
    expect(await cache.labels('gone')).toMatchObject({ ok: false, reason: 'not-found' });
    const started = Date.now();
    expect(await cache.labels('slow')).toMatchObject({ ok: false, reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(calls.filter((c) => c === 'locked')).toHaveLength(2);
    expect(cache.size).toBe(0);
  });

  it('stops waiting when the request budget runs out first', async () => {
    const { fetch } = fakeFetcher({ slow: 'hang' });
    const cache = createNamespaceLabelCache({ fetch, ttlMs: 1000, timeoutMs: 5000 });
    const started = Date.now();
    expect(await cache.labels('slow', 50)).toMatchObject({ ok: false, reason: 'timeout', detail: expect.stringContaining('remaining') });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('drops the oldest entries beyond its size', async () => {
    const { fetch } = fakeFetcher({ a: {}, b: {}, c: {} });
    const cache = createNamespaceLabelCache({ fetch, ttlMs: 1000, timeoutMs: 100, maxEntries: 2 });
    for (const ns of ['a', 'b', 'c']) await cache.labels(ns);
    expect(cache.size).toBe(2);
    expect(await cache.labels('a')).toMatchObject({ cached: false });
  });
});
