/**
 * A trace file as one event stream for what-ifs: its heap configuration and every engine event,
 * in order. A device trace's collections go in as drops (see `SweepMode`), so the stream can be
 * replayed under another strategy or heap and the engine collects when that heap must.
 */
import { lastValueFrom, reduce } from 'rxjs';
import { HeapInputError, type HeapConfigInput, type HeapEvent } from '@heaplab/core';
import type { ReplayItem } from '../operators/to-replay-steps.js';
import { traceItems, type TraceItemOptions } from './trace-items.js';

/** What a trace holds, as events. */
export interface TraceEvents {
  /** The heap the trace was recorded on (device trace) or written for (engine trace). */
  readonly config: HeapConfigInput;
  readonly events: readonly HeapEvent[];
}

/**
 * Reads a whole trace (plain or gzip) into memory as events. A trace that lost events (a `gap`
 * line) has no one event stream to replay under another heap: with `onBadLine` it is refused
 * at its first gap (without, the gap is an error anyway).
 */
export async function traceEvents(file: string, options: Pick<TraceItemOptions, 'mpyVersion' | 'onBadLine' | 'onProgress'> = {}): Promise<TraceEvents> {
  const items = await traceItems(file, { ...options, sweeps: 'drops' });
  return lastValueFrom(
    items.pipe(
      reduce<ReplayItem, { config: HeapConfigInput; events: HeapEvent[] }>(
        (acc, item) => {
          if (item.kind === 'setup') acc.config = item.config;
          else
            for (const step of item.steps) {
              if (step.recorded.kind === 'gap')
                throw new HeapInputError(
                  `${step.recorded.lost} ${step.recorded.lost === 1 ? 'event was' : 'events were'} lost here: a what-if needs the whole trace`,
                  {
                    file,
                    line: step.line,
                    field: 'lost',
                  },
                );
              if (step.event !== null) acc.events.push(step.event);
            }
          return acc;
        },
        { config: {}, events: [] },
      ),
    ),
  );
}
