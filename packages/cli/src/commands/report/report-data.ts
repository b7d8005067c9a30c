/**
 * What a report shows, as plain data: the heap sampled over the events (per area: free bytes,
 * longest free run, and how full each slice of the area is, for the map over time), the first
 * failure explained, and a strategy comparison when there is one. The page draws it; nothing in
 * it depends on the time or the machine.
 */
import { areaFree, createHeap, forEachLeaf, FREE, openDraft, type EventSequence, type HeapConfig, type HeapState, type MemoryErrorFacts } from '@heaplab/core';
import type { FailureExplanation } from '@heaplab/analysis';
import type { CompareRow } from '@heaplab/analysis';
import type { Position } from '../compare/compare-task.js';

/** Most samples a report keeps (columns of the map over time). */
export const MAX_SAMPLES = 240;
/** Slices each area is cut into for the map over time. */
export const MAP_ROWS = 96;

export interface AreaSampleData {
  readonly freeBytes: number;
  readonly largestFreeRunBytes: number;
  /** How full each of the area's `MAP_ROWS` slices is, 0 (free) to 100 (all in use). */
  readonly fill: readonly number[];
}

export interface SampleData {
  /** The state after this many events. */
  readonly event: number;
  readonly areas: readonly AreaSampleData[];
}

export interface FailureData {
  readonly event: number;
  /** Trace line of the failing request, when the events came from a trace. */
  readonly line: number | null;
  readonly op: string;
  readonly facts: MemoryErrorFacts;
  readonly explanation: FailureExplanation;
}

export interface ReportData {
  readonly title: string;
  /** Lines that say what ran, on what. */
  readonly description: readonly string[];
  readonly blockBytes: number;
  readonly areas: readonly { readonly blocks: number; readonly bytes: number }[];
  readonly events: number;
  readonly samples: readonly SampleData[];
  readonly failure: FailureData | null;
  /** Why it failed, as `heaplab explain` ranks the causes (empty when nothing failed). */
  readonly causes: readonly { readonly kind: string; readonly summary: string }[];
  /** The command that explains this run, with the fixes proven by replay. */
  readonly explain: string;
  /** The same events under every strategy; first failures counted as `position` says. */
  readonly comparison: { readonly position: Position; readonly rows: readonly CompareRow[] } | null;
}

/** How full each slice of an area is. */
function fillOf(state: HeapState, area: number): number[] {
  const table = state.tables[area]!;
  const used = new Array<number>(MAP_ROWS).fill(0);
  const size = new Array<number>(MAP_ROWS).fill(0);
  forEachLeaf(table, (kinds, base) => {
    for (let i = 0; i < kinds.length; i++) {
      const row = Math.floor(((base + i) * MAP_ROWS) / table.blocks);
      size[row]!++;
      if (kinds[i] !== FREE) used[row]!++;
    }
  });
  return used.map((u, row) => (size[row] === 0 ? 0 : Math.round((100 * u) / size[row]!)));
}

function sampleOf(state: HeapState, event: number): SampleData {
  const bpb = state.config.blockBytes;
  return {
    event,
    areas: areaFree(state).map((a) => ({ freeBytes: a.freeBlocks * bpb, largestFreeRunBytes: a.largestFreeRun * bpb, fill: fillOf(state, a.area) })),
  };
}

/** Samples the heap along `events`: evenly, plus the state at the failure when there is one. */
export function sampleRun(config: HeapConfig, events: EventSequence, failureEvent: number | null): SampleData[] {
  const every = Math.max(1, Math.ceil(events.length / MAX_SAMPLES));
  const draft = openDraft(createHeap(config));
  const samples: SampleData[] = [sampleOf(draft.snapshot(), 0)];
  let n = 0;
  for (const event of events) {
    draft.apply(event);
    n++;
    if (n % every === 0 || n === events.length || n === failureEvent) samples.push(sampleOf(draft.snapshot(), n));
  }
  return samples;
}
