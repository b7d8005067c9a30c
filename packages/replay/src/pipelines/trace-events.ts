/**
 * A trace file as one event stream for what-ifs: its heap configuration and every engine event,
 * in order. A device trace's collections go in as drops (see `SweepMode`), so the stream can be
 * replayed under another strategy or heap and the engine collects when that heap must.
 */
import { lastValueFrom, map, reduce, type Observable } from 'rxjs';
import { HeapInputError, type HeapConfigInput, type HeapEvent } from '@heaplab/core';
import type { ReplayItem } from '../operators/to-replay-steps.js';
import type { InputCut } from '../sources/line-batches.js';
import type { TraceMark } from '../trace/trace-mark.js';
import { readBlobLines } from '../sources/read-blob-lines.js';
import { firstLine, traceItems, traceItemsOf, type TraceItemOptions } from './trace-items.js';

/** What a trace holds, as events. */
export interface TraceEvents {
  /** The heap the trace was recorded on (device trace) or written for (engine trace). */
  readonly config: HeapConfigInput;
  readonly events: readonly HeapEvent[];
  /** The trace line each event came from (a swept object's drop: the collection's last line). */
  readonly lines: Int32Array;
  /** The trace's last line with something on it: its length in lines. */
  readonly lineCount: number;
  /** Where the file was cut short (the events are those before the cut); null when read whole. */
  readonly truncated: InputCut | null;
  /** The trace's marks, in order; `event` counts this stream's events before each. */
  readonly marks: readonly TraceMark[];
}

/**
 * Reads a whole trace (plain or gzip) into memory as events. A trace that lost events (a `gap`
 * line) has no one event stream to replay under another heap: with `onBadLine` it is refused
 * at its first gap (without, the gap is an error anyway). A file cut short gives the events
 * before the cut, a stream in its own right, and says where it was cut.
 */
export async function traceEvents(file: string, options: EventOptions = {}): Promise<TraceEvents> {
  return eventsOf(file, await traceItems(file, { ...options, sweeps: 'drops' }));
}

/** `traceEvents` for a trace in a Blob (a browser's File); `name` names it in errors. */
export async function blobTraceEvents(blob: Blob, name: string, options: EventOptions = {}): Promise<TraceEvents> {
  const first = await firstLine(readBlobLines(blob, name, { batchLines: 1 }));
  return eventsOf(name, traceItemsOf(name, first, readBlobLines(blob, name, { keepCut: true }), { ...options, sweeps: 'drops' }));
}

type EventOptions = Pick<TraceItemOptions, 'mpyVersion' | 'onBadLine' | 'onProgress' | 'gapAdvice' | 'cutAdvice'>;

function eventsOf(file: string, items: Observable<ReplayItem>): Promise<TraceEvents> {
  return lastValueFrom(
    items.pipe(
      reduce<ReplayItem, { config: HeapConfigInput; events: HeapEvent[]; lines: number[]; lineCount: number; truncated: InputCut | null; marks: TraceMark[] }>(
        (acc, item) => {
          if (item.kind === 'setup') acc.config = item.config;
          else
            for (const step of item.steps) {
              acc.lineCount = step.line;
              if (step.recorded.kind === 'gap')
                throw new HeapInputError(
                  `${step.recorded.lost} ${step.recorded.lost === 1 ? 'event was' : 'events were'} lost here: a what-if needs the whole trace`,
                  { file, line: step.line, field: 'lost' },
                );
              if (step.recorded.kind === 'cut') acc.truncated = { afterLine: step.line, reason: step.recorded.reason };
              if (step.recorded.kind === 'mark') acc.marks.push({ event: acc.events.length, line: step.line, label: step.recorded.label });
              if (step.event !== null) {
                acc.events.push(step.event);
                acc.lines.push(step.line);
              }
            }
          return acc;
        },
        { config: {}, events: [], lines: [], lineCount: 0, truncated: null, marks: [] },
      ),
      map(({ config, events, lines, lineCount, truncated, marks }) => ({ config, events, lines: Int32Array.from(lines), lineCount, truncated, marks })),
    ),
  );
}
