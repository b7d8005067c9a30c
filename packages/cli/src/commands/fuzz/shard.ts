/** `--shard I/N`: the I-th of N shares of a seed list (1-based), every N-th seed from the I-th. */
import { HeapInputError } from '@heaplab/core';

export interface Shard {
  readonly index: number;
  readonly count: number;
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count || !Number.isSafeInteger(count)) {
    throw new HeapInputError(`expected I/N with 1 ≤ I ≤ N (e.g. 2/4), got ${JSON.stringify(text)}`, { field: '--shard' });
  }
  return { index, count };
}

/** The seeds of a shard, in their order in the full list. */
export function seedsOfShard<T>(seeds: readonly T[], shard: Shard | null): T[] {
  return shard === null ? [...seeds] : seeds.filter((_, i) => i % shard.count === shard.index - 1);
}
