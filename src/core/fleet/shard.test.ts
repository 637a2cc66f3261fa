import { describe, expect, it } from 'vitest';
import { inShard, parseShard, shardOf } from './shard.js';

describe('parseShard', () => {
  it('reads INDEX/COUNT counting from 0', () => {
    expect(parseShard('0/4')).toEqual({ index: 0, count: 4 });
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
  });

  it('explains every malformed value', () => {
    expect(parseShard('4/4')).toMatch(/counts from 0/);
    expect(parseShard('1/0')).toMatch(/between 1 and/);
    expect(parseShard('a/4')).toMatch(/INDEX\/COUNT/);
    expect(parseShard('-1/4')).toMatch(/INDEX\/COUNT/);
    expect(parseShard('1/99999')).toMatch(/between 1 and/);
  });
});

describe('shardOf', () => {
  const keys = Array.from({ length: 400 }, (_, index) => `aws:${String(100000000000 + index)}:us-east-1:c${index % 3}`);

  it('puts every key in exactly one shard, the same one every time', () => {
    for (const count of [1, 2, 4, 7]) {
      for (const key of keys) {
        const owners = Array.from({ length: count }, (_, index) => index).filter((index) => inShard(key, { index, count }));
        expect(owners).toEqual([shardOf(key, count)]);
      }
    }
  });

  it('depends on the key only, not on what else the fleet holds', () => {
    const alone = shardOf(keys[17]!, 4);
    expect(keys.map((key) => shardOf(key, 4))[17]).toBe(alone);
  });

  it('spreads a fleet roughly evenly', () => {
    const sizes = [0, 0, 0, 0];
    for (const key of keys) sizes[shardOf(key, 4)]! += 1;
    for (const size of sizes) expect(size).toBeGreaterThan(70);
  });
});
