/**
 * The random choices the workload programs share — built-in workloads, spec programs, the
 * engine-churn stream and the device program — all drawn from the caller's seeded generator.
 */

const BLOCK_BYTES = 16;

/** Object sizes as MicroPython makes them: mostly one or two blocks, rarely four. */
export function pickBlocks(random: () => number): number {
  const r = random();
  return r < 0.5 ? 1 : r < 0.8 ? 2 : r < 0.92 ? 3 : 4;
}

/** A whole number from `min` to `max`, both included, each as likely. */
export function pickInt(min: number, max: number, random: () => number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Some byte count that needs exactly `blocks` 16-byte blocks. */
export function bytesFor(blocks: number, random: () => number): number {
  return pickInt((blocks - 1) * BLOCK_BYTES + 1, blocks * BLOCK_BYTES, random);
}

/** One of `items`. */
export function pickOf<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Events in one period of the wave that sets how much of the heap a program holds. */
export const WAVE_EVENTS = 40_000;

/**
 * Weights that steer a program's fill (held / total blocks) toward a slow wave between 40% and
 * 80%: `grow` is 1 below the wave and 0.2 above, `shrink` the other way round.
 */
export function waveWeights(fill: number, phase: number, events: number): { grow: number; shrink: number } {
  const target = 0.6 + 0.2 * Math.sin(phase + (2 * Math.PI * events) / WAVE_EVENTS);
  return { grow: fill < target ? 1 : 0.2, shrink: fill > target ? 1 : 0.2 };
}

/** One action, drawn with probability proportional to its weight. */
export function pickWeighted<A>(actions: readonly (readonly [number, A])[], random: () => number): A {
  let pick = random() * actions.reduce((sum, [weight]) => sum + weight, 0);
  // Rounding can leave `pick` just short of zero at the end: the first action is always possible.
  for (const [weight, action] of actions) {
    pick -= weight;
    if (pick < 0) return action;
  }
  return actions[0]![1];
}
