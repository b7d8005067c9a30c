/**
 * heaplab's own trace format: NDJSON whose first line is a header that records the format,
 * its version and the heap configuration, followed by one engine event a line. Seeded
 * workloads and minimised reproducers are written in it.
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

/** The whole text of an engine trace. */
export function formatEngineTrace(header: Omit<EngineTraceHeader, 'format' | 'version'>, events: readonly HeapEvent[]): string {
  const head: EngineTraceHeader = { format: ENGINE_TRACE_FORMAT, version: ENGINE_TRACE_VERSION, ...header };
  return `${[head, ...events].map((line) => JSON.stringify(line)).join('\n')}\n`;
}
