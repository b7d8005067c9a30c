/** What every remedy reads: the run, its diagnosis, and the replayer its changed streams share. */
import type { HeapConfig, HeapEvent, NumberSequence } from '@heaplab/core';
import type { Diagnosis } from '../diagnosis/diagnosis.js';
import type { DiagnosisMark } from '../diagnosis/marks.js';
import type { Replayer } from './replayer.js';

export interface RemedyContext {
  readonly config: HeapConfig;
  readonly events: readonly HeapEvent[];
  readonly diagnosis: Diagnosis;
  /** Replays on `config`, sharing the recorded run's prefix. */
  readonly replayer: Replayer;
  readonly lines: NumberSequence | null;
  /** Replays of the stream on another heap take the drops of a device's next collection early (`ReplayerOptions.earlyDrops`). */
  readonly earlyDrops: boolean;
  readonly marks: readonly DiagnosisMark[] | null;
}

/** The trace line of recorded event `event` (from 1), or null. */
export function lineAt(context: RemedyContext, event: number): number | null {
  return context.lines?.at(event - 1) ?? null;
}
