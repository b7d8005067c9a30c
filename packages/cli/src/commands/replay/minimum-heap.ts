/**
 * `replay --min-heap`: the smallest heap on which the trace's events never fail. The trace is
 * read once; core's `smallestSafeHeap` (the one `compare` uses) replays it on scaled heaps, so
 * the two commands give the same answer for the same trace.
 */
import { smallestSafeHeap, type SafeHeapTrial } from '@heaplab/core';
import { traceEvents, type MinimumHeap } from '@heaplab/replay';
import type { Output } from '../../io/output.js';
import { startProgress } from '../../io/progress.js';
import { plural } from '@heaplab/core';

/**
 * Bisects for the smallest passing heap; null when none up to 64 times the device's passes.
 * Each replay can take as long as the first one did, so progress names the heap it is trying.
 */
export async function minimumHeap(trace: string, mpyVersion: string, deviceBytes: number, output: Output): Promise<MinimumHeap | null> {
  const { config, events } = await traceEvents(trace, { mpyVersion });
  const progress = startProgress(output, 'min-heap');
  try {
    const safe = smallestSafeHeap(config, events, { onTrial: (trial) => progress.update((trial.step - 1) / trial.steps, bisectionStep(trial)) });
    return safe === null ? null : { deviceBytes, bytes: safe.usableBytes, regionBytes: safe.bytes, scale: safe.scale, replays: safe.replays };
  } finally {
    progress.stop();
  }
}

/** `trying 54784 bytes (step 4 of ~12)`. */
function bisectionStep(trial: SafeHeapTrial): string {
  return `trying ${plural(trial.usableBytes, 'byte')} (step ${trial.step} of ~${trial.steps})`;
}
