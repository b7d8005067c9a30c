/**
 * A workload: a seeded program that writes engine events. The events depend on the seed alone,
 * never on where a strategy puts objects, so one stream can be replayed under every strategy and
 * heap: a request that fails under one strategy simply leaves its object out, and the events
 * that name it later are skipped.
 */
import type { HeapConfigInput, HeapEvent } from '@heaplab/core';

export interface Workload {
  /** Name as the CLI takes it, e.g. `churn`. */
  readonly name: string;
  /** What program it models, in a sentence or two. */
  readonly summary: string;
  /** The heap it is written for (areas, word size); `--areas` may replace the areas. */
  readonly heap: HeapConfigInput;
  /** Events written by default. */
  readonly defaultLength: number;
  /** The run for a seed: the same seed and length always give identical events and marks. */
  generate(seed: string, length: number): WorkloadRun;
}

/** What a workload writes: engine events, and named points in them worth a look. */
export interface WorkloadRun {
  /** At most the length asked for; a fixed program may write fewer. */
  readonly events: readonly HeapEvent[];
  readonly marks: readonly Mark[];
}

/** A named point of a run: the state after the first `event` events (e.g. `print(gc.mem_free())`). */
export interface Mark {
  readonly event: number;
  readonly label: string;
}
