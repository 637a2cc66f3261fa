import { describe, expect, it } from 'vitest';
import { mapLimit } from './concurrency.js';

describe('mapLimit', () => {
  it('never runs more than the limit at once, and keeps the order of results', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (delay) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, delay));
      running -= 1;
      return delay * 10;
    });
    expect(peak).toBe(3);
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
  });

  it('works the other items before rethrowing the first failure', async () => {
    const seen: number[] = [];
    const run = mapLimit([1, 2, 3, 4], 2, async (item) => {
      if (item === 2) throw new Error('two');
      if (item === 3) throw new Error('three');
      seen.push(item);
    });
    await expect(run).rejects.toThrow('two');
    expect(seen.sort()).toEqual([1, 4]);
  });

  it('rejects a limit below one or not an integer, and accepts an empty list', async () => {
    await expect(mapLimit([1], 0, async () => undefined)).rejects.toThrow(RangeError);
    await expect(mapLimit([1], 1.5, async () => undefined)).rejects.toThrow('positive integer, got 1.5');
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });
});
