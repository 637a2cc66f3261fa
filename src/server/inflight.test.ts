import { describe, expect, it } from 'vitest';
import { createInflightBudget } from './inflight.js';

const MIB = 1024 * 1024;

describe('createInflightBudget', () => {
  it('keeps part of the bytes for small bodies, so large ones waiting never starve them', async () => {
    const budget = createInflightBudget({ maxBytes: 8 * MIB, maxBodyBytes: 4 * MIB, maxReviews: 4, queueTimeoutMs: 50, maxQueued: 10 });
    // 1 MiB is kept for small bodies: large ones share 7 MiB
    expect(budget.tryBytes(4 * MIB, true)).toBe(true);
    expect(budget.tryBytes(3 * MIB, true)).toBe(true);
    expect(budget.tryBytes(1, true)).toBe(false);
    expect(budget.tryBytes(64 * 1024, false)).toBe(true);
    expect(await budget.acquireBytes(2 * MIB, { large: true })).toEqual({ ok: false, reason: 'busy' });
  });

  it('grants waiters first-fit when bytes are given back, within their wait', async () => {
    const budget = createInflightBudget({ maxBytes: 2 * MIB, maxBodyBytes: MIB, maxReviews: 4, queueTimeoutMs: 1000, maxQueued: 10 });
    expect(budget.tryBytes(2 * MIB - 100, false)).toBe(true);
    const large = budget.acquireBytes(MIB, { large: true });
    const small = budget.acquireBytes(1000, { large: false });
    expect(budget.queued).toBe(2);
    budget.releaseBytes(MIB);
    // the small one fits first although it came second; the large one must leave the small-body reserve free
    expect(await small).toEqual({ ok: true });
    expect(budget.queued).toBe(1);
    budget.releaseBytes(MIB - 100 + 1000);
    expect(await large).toEqual({ ok: true });
    expect(budget.queued).toBe(0);
  });

  it('refuses at once when the queue is full, and lets a waiter leave when its request goes away', async () => {
    const budget = createInflightBudget({ maxBytes: 2 * MIB, maxBodyBytes: MIB, maxReviews: 1, queueTimeoutMs: 1000, maxQueued: 1 });
    expect(await budget.acquireReview()).toEqual({ ok: true });
    const gone = new AbortController();
    const waiting = budget.acquireReview({ signal: gone.signal });
    expect(await budget.acquireReview()).toEqual({ ok: false, reason: 'queue-full' });
    gone.abort();
    expect(await waiting).toEqual({ ok: false, reason: 'aborted' });
    budget.releaseReview();
    expect(budget.reviews).toBe(0);
  });

  it('applies new limits to what is waiting', async () => {
    const budget = createInflightBudget({ maxBytes: 2 * MIB, maxBodyBytes: MIB, maxReviews: 1, queueTimeoutMs: 1000, maxQueued: 5 });
    await budget.acquireReview();
    const waiting = budget.acquireReview();
    budget.setLimits({ maxBytes: 2 * MIB, maxBodyBytes: MIB, maxReviews: 2, queueTimeoutMs: 1000, maxQueued: 5 });
    expect(await waiting).toEqual({ ok: true });
  });
});
