/**
 * `threshold` (workloads): `gc.threshold(bytes)` at start-up, so that the collector runs after
 * that many bytes were allocated instead of only when a request finds no room. The thresholds
 * tried are the heap's bytes over 64, 32, … 1 (whole blocks); the largest found at which the
 * recording survives is reported (`largestSurviving` over that ladder).
 */
import { plural } from '@heaplab/core';
import { largestSurviving } from './largest-surviving.js';
import type { Remedy } from './remedy.js';
import type { RemedyContext } from './remedy-context.js';
import { checkText } from './remedy-wording.js';
import { StreamEdit } from './stream-edit.js';

const LADDER = [64, 32, 16, 8, 4, 2, 1];

export function thresholdEdit(bytes: number): StreamEdit {
  return new StreamEdit().insertBefore(0, { op: 'threshold', bytes });
}

export function gcThreshold(context: RemedyContext): Remedy {
  const bpb = context.config.blockBytes;
  const heapBytes = context.diagnosis.failure.heapBytes;
  const ladder = LADDER.map((share) => Math.max(1, Math.floor(heapBytes / share / bpb)) * bpb);
  const { best, failing } = largestSurviving(0, ladder.length, (step) => context.replayer.run(thresholdEdit(ladder[step]!)));
  const chosen = best ?? failing!;
  const bytes = ladder[chosen.value]!;
  const verified = chosen.replayed.check;
  const summary =
    best === null
      ? `No gc.threshold() at start-up helps, down to gc.threshold(${bytes}), a collection after every ${plural(bytes, 'byte')} allocated: ${checkText(verified)}.`
      : `Call gc.threshold(${bytes}) at start-up, a collection after every ${plural(bytes, 'byte')} allocated: ${checkText(verified)}` +
        (failing === null ? '.' : `; gc.threshold(${ladder[failing.value]}) still fails.`);
  return {
    kind: 'threshold',
    summary,
    change: { bytes, failingBytes: best === null || failing === null ? null : ladder[failing.value]! },
    verified,
  };
}
