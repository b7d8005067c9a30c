/**
 * The search the tunable remedies make: the largest setting (a cap, a bound, a threshold) below
 * one known to fail at which the changed stream survives. Survival is not monotonic in the
 * setting: a small setting changes the run early, and a trace's what-if stream, which knows
 * garbage only where the device swept it, often fails on such a different run although it asks
 * for less. So the search starts next to the failing setting, where the change is smallest, and
 * steps down by 1, 2, 4, … until a setting survives (or the smallest is reached), then bisects
 * between it and the failing setting above. Each trial is a replay. The answer is a setting that
 * was replayed and survived next to one that failed; not a proof that nothing larger survives.
 */
import type { Replayed } from './replayer.js';

/** One replayed setting. */
export interface Trial {
  readonly value: number;
  readonly replayed: Replayed;
}

export interface SearchResult {
  /** The largest setting found to survive; null when none did, down to the smallest. */
  readonly best: Trial | null;
  /** The smallest replayed setting above it that failed (the smallest setting when none survived); null when none above it was replayed. */
  readonly failing: Trial | null;
}

/** Searches whole numbers from `low` up to below `failsAt` (known to fail, not replayed). */
export function largestSurviving(low: number, failsAt: number, trial: (value: number) => Replayed): SearchResult {
  if (failsAt <= low) return { best: null, failing: null };
  let failing: Trial | null = null;
  let best: Trial | null = null;
  for (let step = 1; best === null; step *= 2) {
    const value = Math.max(low, failsAt - step);
    const tried: Trial = { value, replayed: trial(value) };
    if (tried.replayed.check.survives) best = tried;
    else if (value === low) return { best: null, failing: tried };
    else failing = tried;
  }
  for (let fails = failing?.value ?? failsAt; fails - best.value > 1; ) {
    const value = Math.floor((best.value + fails) / 2);
    const tried: Trial = { value, replayed: trial(value) };
    if (tried.replayed.check.survives) best = tried;
    else {
      failing = tried;
      fails = value;
    }
  }
  return { best, failing };
}
