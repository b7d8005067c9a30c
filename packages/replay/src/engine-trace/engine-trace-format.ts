/**
 * heaplab's own trace format: NDJSON whose first line is a header that records the format,
 * its version and the heap configuration, followed by one engine event a line, and mark lines
 * (`{"op":"mark","label":"…"}`) between them. Seeded workloads and minimised reproducers are
 * written in it.
 */
import type { HeapConfigInput, HeapEvent } from '@heaplab/core';

/** The header's `format` value. */
export const ENGINE_TRACE_FORMAT = 'heaplab-events';
/** The version this code reads and writes. */
export const ENGINE_TRACE_VERSION = 1;

/** The first line of an engine trace. */
export interface EngineTraceHeader {
  readonly format: typeof ENGINE_TRACE_FORMAT;
  readonly version: number;
  readonly config: HeapConfigInput;
  /** Where the events came from (a workload and seed, a minimised trace…), for people. */
  readonly source?: string;
}

/** A named point of the events: in force from the heap after the first `event` of them. */
export interface EngineTraceMark {
  readonly event: number;
  readonly label: string;
}

/**
 * The whole text of an engine trace. Each mark's line goes after its `event` first events (right
 * after the header for 0), marks at one place in the order given. The marks must come in order,
 * at 0 to `events.length`, each with a label; anything else is a RangeError.
 */
export function formatEngineTrace(
  header: Omit<EngineTraceHeader, 'format' | 'version'>,
  events: readonly HeapEvent[],
  marks: readonly EngineTraceMark[] = [],
): string {
  const head: EngineTraceHeader = { format: ENGINE_TRACE_FORMAT, version: ENGINE_TRACE_VERSION, ...header };
  const lines = [JSON.stringify(head)];
  let next = 0;
  const marksAt = (count: number): void => {
    for (; next < marks.length && marks[next]!.event === count; next++) lines.push(JSON.stringify({ op: 'mark', label: marks[next]!.label }));
  };
  marksAt(0);
  events.forEach((event, i) => {
    lines.push(JSON.stringify(event));
    marksAt(i + 1);
  });
  const stray = marks[next];
  if (stray !== undefined)
    throw new RangeError(`formatEngineTrace: mark ${next + 1} (event ${stray.event}) is out of order or past the ${events.length} events`);
  const unnamed = marks.findIndex((mark) => mark.label === '');
  if (unnamed >= 0) throw new RangeError(`formatEngineTrace: mark ${unnamed + 1} has an empty label`);
  return `${lines.join('\n')}\n`;
}
