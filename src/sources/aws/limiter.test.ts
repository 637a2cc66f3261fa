import { describe, expect, it } from 'vitest';
import { Limiter, withLimits } from './limiter.js';

describe('Limiter', () => {
  it('keeps at most `limit` holders, per account and overall', async () => {
    const overall = new Limiter(3);
    const perAccount = new Map([['a', new Limiter(2)], ['b', new Limiter(2)]]);
    const active = { all: 0, a: 0, b: 0 };
    const peak = { all: 0, a: 0, b: 0 };
    const work = (account: 'a' | 'b') =>
      withLimits([perAccount.get(account)!, overall], async () => {
        active.all += 1;
        active[account] += 1;
        peak.all = Math.max(peak.all, active.all);
        peak[account] = Math.max(peak[account], active[account]);
        await new Promise((resolve) => setTimeout(resolve, 2));
        active.all -= 1;
        active[account] -= 1;
      });
    await Promise.all(Array.from({ length: 40 }, (_, index) => work(index % 3 === 0 ? 'b' : 'a')));
    expect(peak).toEqual({ all: 3, a: 2, b: 2 });
  });

  it('refuses a limit that is not a positive whole number', () => {
    expect(() => new Limiter(0)).toThrow(/positive whole limit/);
  });
});
