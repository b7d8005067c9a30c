/**
 * `decodeEngineTrace(file)`: the lines of an engine trace → its setup (from the header), then
 * batches of steps. Engine traces record no outcomes, so nothing is checked against them; the
 * first failed request is the trace's MemoryError.
 */
import { Observable, type OperatorFunction } from 'rxjs';
import { HeapInputError } from '@heaplab/core';
import { decodeEngineEvent, decodeEngineHeader } from '../engine-trace/decode-engine-line.js';
import type { LineBatch } from '../sources/read-text-lines.js';
import type { ReplayStep } from '../trace/replay-step.js';
import type { ReplayItem } from './to-replay-steps.js';

export function decodeEngineTrace(file?: string): OperatorFunction<LineBatch, ReplayItem> {
  return (source) =>
    new Observable<ReplayItem>((subscriber) => {
      // Whether the header has been read, in this subscription.
      let header = false;
      return source.subscribe({
        next({ first, lines }) {
          try {
            const steps: ReplayStep[] = [];
            lines.forEach((text, i) => {
              const line = first + i;
              if (text.trim() === '') return;
              if (!header) {
                subscriber.next({ kind: 'setup', config: decodeEngineHeader(text, file).config, heaps: [] });
                header = true;
              } else steps.push({ line, event: decodeEngineEvent(text, line, file), recorded: { kind: 'unrecorded' } });
            });
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
