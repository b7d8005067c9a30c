/**
 * `decodeEngineTrace(file)`: the lines of an engine trace → its setup (from the header), then
 * batches of steps. Engine traces record no outcomes, so nothing is checked against them; the
 * first failed request is the trace's MemoryError. A mark line is a `mark` step (no event). A
 * file cut short ends with a `cut` step.
 */
import { Observable, type OperatorFunction } from 'rxjs';
import { HeapInputError } from '@heaplab/core';
import { decodeEngineHeader, decodeEngineLine } from '../engine-trace/decode-engine-line.js';
import type { InputCut, LineBatch } from '../sources/line-batches.js';
import type { ReplayStep } from '../trace/replay-step.js';
import type { ReplayItem } from './to-replay-steps.js';
import { isUnendedLast, unendedCut, unendedLineError } from './unended-line.js';

/**
 * `cutUnended`: a last line the file ends inside of that does not decode is where the file was
 * cut (`--skip-bad-lines`); otherwise it is an error that says how to use the lines before it
 * (`cutAdvice`, default the CLI's; see `unendedLineError`).
 */
export function decodeEngineTrace(file?: string, cutUnended = false, cutAdvice?: string): OperatorFunction<LineBatch, ReplayItem> {
  return (source) =>
    new Observable<ReplayItem>((subscriber) => {
      // Whether the header has been read, in this subscription.
      let header = false;
      return source.subscribe({
        next(batch) {
          try {
            const steps: ReplayStep[] = [];
            let cut: InputCut | null = batch.cut ?? null;
            batch.lines.forEach((text, i) => {
              const line = batch.first + i;
              if (text.trim() === '') return;
              try {
                if (!header) {
                  subscriber.next({ kind: 'setup', config: decodeEngineHeader(text, file).config, heaps: [] });
                  header = true;
                } else {
                  const decoded = decodeEngineLine(text, line, file);
                  steps.push(
                    decoded.kind === 'event'
                      ? { line, event: decoded.event, recorded: { kind: 'unrecorded' } }
                      : { line, event: null, recorded: { kind: 'mark', label: decoded.label } },
                  );
                }
              } catch (error) {
                if (!(error instanceof HeapInputError) || !isUnendedLast(batch, i)) throw error;
                if (!cutUnended) throw unendedLineError(error, cutAdvice);
                cut = unendedCut(line);
              }
            });
            if (cut !== null) steps.push({ line: cut.afterLine, event: null, recorded: { kind: 'cut', reason: cut.reason } });
            if (steps.length > 0) subscriber.next({ kind: 'steps', steps });
          } catch (error) {
            subscriber.error(error);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          if (!header) subscriber.error(new HeapInputError('the file is empty: an engine trace starts with its header line', { file, line: 1 }));
          else subscriber.complete();
        },
      });
    });
}
