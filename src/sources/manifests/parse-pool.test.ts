import { afterEach, describe, expect, it, vi } from 'vitest';

const cores = vi.hoisted(() => ({ count: 2 }));
vi.mock('node:os', async (original) => ({ ...(await original<typeof import('node:os')>()), availableParallelism: () => cores.count }));

const { parseWorkerCount } = await import('./parse-pool.js');

describe('parseWorkerCount', () => {
  afterEach(() => {
    cores.count = 2;
  });

  it('leaves one core to the thread that evaluates while the workers parse', () => {
    cores.count = 2;
    expect(parseWorkerCount()).toBe(1);
    cores.count = 8;
    expect(parseWorkerCount()).toBe(7);
  });

  it('keeps one worker when the machine reports a single core', () => {
    cores.count = 1;
    expect(parseWorkerCount()).toBe(1);
  });
});
