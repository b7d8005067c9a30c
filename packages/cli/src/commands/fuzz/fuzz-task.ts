/**
 * One seed of a fuzz campaign: run the workload, and if a request fails, explain it and (when
 * asked) shrink the events to a minimal reproducer. Pure: the same task gives the same result
 * in any thread.
 */
import { resolveConfig, type HeapConfigInput, type HeapEvent } from '@heaplab/core';
import { type CauseKind, diagnoseFirstFailure, minimizeFailure } from '@heaplab/analysis';
import { type WorkloadSource, workloadOf } from '../../resolve-workload.js';

export interface FuzzTask {
  /** A built-in workload's name, or a spec file's path with the text the main thread read (never read again here). */
  readonly workload: WorkloadSource;
  readonly seed: string;
  readonly length: number;
  readonly heap: HeapConfigInput;
  /** Shrink each failure to a reproducer, with at most this many candidate replays; 0: don't. */
  readonly minimizeTests: number;
}

/** A seed's first failed request, with what explains it. */
export interface FuzzFailure {
  /** The failing event's number (from 1) in the seed's stream. */
  readonly event: number;
  readonly op: 'alloc' | 'realloc';
  readonly bytes: number;
  readonly freeBytes: number;
  /** Longest free run per area, in bytes. */
  readonly largestFreeRunBytes: readonly number[];
  /** 1 − longest run / free over the heap. */
  readonly fragmentation: number;
  /** The causes `heaplab explain` finds, the most explanatory first (their kinds). */
  readonly causes: readonly CauseKind[];
  /** The fewest live objects whose freeing would have made room, and their bytes. */
  readonly blockers: { readonly objects: number; readonly bytes: number } | null;
  /** The shrunk reproducer, when asked for. */
  readonly reproducer: { readonly events: readonly HeapEvent[]; readonly minimal: boolean; readonly tests: number } | null;
}

export interface FuzzRun {
  readonly seed: string;
  readonly failure: FuzzFailure | null;
}

export async function runFuzzTask(task: FuzzTask): Promise<FuzzRun> {
  const workload = await workloadOf(task.workload);
  const config = resolveConfig(task.heap);
  const { events, marks } = workload.generate(task.seed, task.length);
  // One pass finds the first failure and records what its causes need.
  const found = diagnoseFirstFailure(config, events, { marks });
  if (found === null) return { seed: task.seed, failure: null };
  const { event: at, op, facts, explanation } = found.failure;
  const best = explanation.blockers[0];
  const shrunk = task.minimizeTests > 0 ? minimizeFailure(config, events.slice(0, at), task.minimizeTests) : null;
  return {
    seed: task.seed,
    failure: {
      event: at,
      op,
      bytes: facts.bytes,
      freeBytes: facts.freeBytes,
      largestFreeRunBytes: facts.largestFreeRun.map((blocks) => blocks * config.blockBytes),
      fragmentation: explanation.fragmentation,
      causes: found.diagnosis.causes.map((c) => c.kind),
      blockers: best === undefined ? null : { objects: best.objects.length, bytes: best.objects.reduce((sum, o) => sum + o.bytes, 0) },
      reproducer: shrunk === null ? null : { events: shrunk.events, minimal: shrunk.complete, tests: shrunk.tests },
    },
  };
}
