import { describe, expect, it } from 'vitest';
import { forEachLimited } from './concurrency.js';

describe('forEachLimited', () => {
  it('never runs more than the limit at once and visits every item', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5 * (item % 3)));
      seen.push(item);
      running -= 1;
    });
    expect(peak).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('finishes the other items before rethrowing the first failure', async () => {
    const seen: number[] = [];
    const run = forEachLimited([1, 2, 3, 4], 2, async (item) => {
      if (item === 2) throw new Error('two');
      seen.push(item);
    });
    await expect(run).rejects.toThrow('two');
    expect(seen.sort()).toEqual([1, 3, 4]);
  });

  it('rejects a limit below one and accepts an empty list', async () => {
    await expect(forEachLimited([1], 0, async () => undefined)).rejects.toThrow(RangeError);
    await expect(forEachLimited([], 4, async () => undefined)).resolves.toBeUndefined();
  });
});
