/**
 * The random choices the benchmark programs share, all drawn from the caller's seeded
 * generator.
 */

const BLOCK_BYTES = 16;

/** Object sizes as MicroPython makes them: mostly one or two blocks, rarely four. */
export function pickBlocks(random: () => number): number {
  const r = random();
  return r < 0.5 ? 1 : r < 0.8 ? 2 : r < 0.92 ? 3 : 4;
}

/** Some byte count that needs exactly `blocks` 16-byte blocks. */
export function bytesFor(blocks: number, random: () => number): number {
  return (blocks - 1) * BLOCK_BYTES + 1 + Math.floor(random() * BLOCK_BYTES);
}

/** One of `items`. */
export function pickOf<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}
