import { createHash } from 'node:crypto';
import type { ShardSpec } from './record.js';

/** Never more shards than this: a worker per cluster of a very large fleet is still within it. */
export const MAX_SHARDS = 10_000;

/** `I/N` with 0 ≤ I < N; undefined with the reason when the text is not one. */
export function parseShard(text: string): ShardSpec | string {
  const match = /^(\d{1,5})\/(\d{1,5})$/.exec(text.trim());
  if (!match) return `"${text}" is not INDEX/COUNT (for example 0/4)`;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS) return `the shard count must be between 1 and ${MAX_SHARDS}`;
  if (index >= count) return `the shard index counts from 0 and must be below the count: ${index}/${count} has no shard ${index}`;
  return { index, count };
}

/**
 * The shard a unit of the fleet (a cluster, a context, an account whose listing failed) belongs
 * to: a hash of its key, so the answer depends on nothing but the key and the count. Every worker
 * lists the fleet on its own; a cluster that one worker sees and another does not (created between
 * their listings) is still scanned by at most one, and no other cluster changes hands.
 */
export function shardOf(key: string, count: number): number {
  if (count <= 1) return 0;
  const hash = createHash('sha256').update(key).digest();
  // 48 bits: an exact integer, and the modulo bias is far below one in a million
  return hash.readUIntBE(0, 6) % count;
}

export function inShard(key: string, shard: ShardSpec | undefined): boolean {
  return !shard || shardOf(key, shard.count) === shard.index;
}
