/**
 * `toReplaySteps(file, mpyVersion)`: device events → the heap's configuration (first), then
 * batches of replay steps. Each subscription maps with a mapper of its own.
 */
import { Observable, type OperatorFunction } from 'rxjs';
import { HeapInputError, type HeapConfigInput } from '@heaplab/core';
import type { InputCut } from '../sources/line-batches.js';
import type { HeapLine } from '../trace/device-event.js';
import { DeviceMapper, type SweepMode } from '../trace/device-mapper.js';
import type { ReplayStep } from '../trace/replay-step.js';
import type { DeviceBatch } from './decode-device-lines.js';

/** What the mapping stage emits: the setup once, then steps. */
export type ReplayItem =
  | { readonly kind: 'setup'; readonly config: HeapConfigInput; readonly heaps: readonly HeapLine[] }
  | { readonly kind: 'steps'; readonly steps: readonly ReplayStep[] };

/**
 * With `onBadLine`, a line the mapper cannot use is handed to it and skipped (see
 * `decodeDeviceLines`), and a `gap` line starts a resynchronisation at the next sync instead of
 * ending the replay (see `DeviceMapper`). Every line skipped, here or before decoding, is
 * reported to the mapper before the lines after it (`DeviceMapper.distrust`).
 *
 * A file cut short ends with a `cut` step. Whatever the cut left open (a collection, a realloc,
 * a sync) is not an error then: the device went on, the file did not.
 */
export function toReplaySteps(
  file: string | undefined,
  mpyVersion: string,
  sweeps: SweepMode = 'recorded',
  onBadLine?: (error: HeapInputError) => void,
  /** What the error at a `gap` line (without `onBadLine`) tells the user to do. */
  gapAdvice?: string,
): OperatorFunction<DeviceBatch, ReplayItem> {
  return (source) =>
    new Observable<ReplayItem>((subscriber) => {
      const mapper = new DeviceMapper(file, sweeps, onBadLine !== undefined, gapAdvice);
      let setUp = false;
      let lastLine = 0;
      /** The line of the last step emitted: the report's line count comes from the steps. */
      let lastStepLine = 0;
      let cut: InputCut | null = null;
      return source.subscribe({
        next(batch) {
          try {
            cut = batch.cut ?? cut;
            const steps: ReplayStep[] = [];
            const skippedLines = batch.skipped ?? [];
            let skipped = 0;
            for (const { line, event } of batch.lines) {
              for (; skipped < skippedLines.length && skippedLines[skipped]! < line; skipped++) mapper.distrust();
              if (!setUp && event.op !== 'heap') {
                subscriber.next({ kind: 'setup', config: mapper.config(mpyVersion), heaps: mapper.heaps });
                setUp = true;
              }
              lastLine = line;
              try {
                for (const step of mapper.feed(event, line)) steps.push(step);
              } catch (error) {
                if (onBadLine === undefined || !(error instanceof HeapInputError) || event.op === 'heap') throw error;
                onBadLine(error);
                mapper.distrust();
              }
            }
            // Lines skipped after the batch's last event come before the next batch's.
            if (skipped < skippedLines.length) mapper.distrust();
            if (steps.length > 0) {
              lastStepLine = steps[steps.length - 1]!.line;
              subscriber.next({ kind: 'steps', steps });
            }
          } catch (error) {
            subscriber.error(error);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          try {
            if (!setUp) subscriber.next({ kind: 'setup', config: mapper.config(mpyVersion), heaps: mapper.heaps });
            if (cut !== null) subscriber.next({ kind: 'steps', steps: [{ line: cut.afterLine, event: null, recorded: { kind: 'cut', reason: cut.reason } }] });
            else {
              mapper.finish(lastLine);
              if (lastLine > lastStepLine) subscriber.next({ kind: 'steps', steps: [{ line: lastLine, event: null, recorded: { kind: 'end' } }] });
            }
            subscriber.complete();
          } catch (error) {
            subscriber.error(error);
          }
        },
      });
    });
}
