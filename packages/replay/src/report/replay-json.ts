/**
 * `heaplab replay --json`'s object (docs/json-output.md): counts, the first divergence,
 * checkpoints, the MemoryError with its causes, and what the options add. The CLI and the web
 * page both print it.
 */
import { dumpAllocTable, gcInfo, type HeapInputError, type HeapState } from '@heaplab/core';
import { causesJson, type Diagnosis } from '@heaplab/analysis';
import type { ReplayReport } from '../trace/replay-checker.js';

/** The `--min-heap` answer. */
export interface MinimumHeap {
  /** The device heap's usable bytes (blocks × block size, all areas: `gc_info`'s total). */
  readonly deviceBytes: number;
  /** Usable bytes of the smallest heap found that replays with no failed request. */
  readonly bytes: number;
  /** The bytes of that heap's regions (blocks and allocation tables), all areas: what a firmware gives the GC. */
  readonly regionBytes: number;
  /** Its regions as a factor of the device's. */
  readonly scale: number;
  /** Replays run. */
  readonly replays: number;
}

/** The heap at one point of the replay (`--at`, or the end with `--map`). */
export interface StateView {
  readonly event: number;
  /** Trace line of that event (0 before the first). */
  readonly line: number;
  readonly state: HeapState;
}

/**
 * The `--json` object: counts, the first divergence, checkpoints and the MemoryError.
 * `heap`: the `--min-heap` answer (undefined: not asked; null: none up to 64 times the heap).
 */
export function replayJson(report: ReplayReport, heap?: MinimumHeap | null, view?: StateView, diagnosis: Diagnosis | null = null): object {
  const error = report.memoryError;
  return {
    ...(view === undefined ? {} : { at: { event: view.event, line: view.line, ...gcInfo(view.state), map: dumpAllocTable(view.state) } }),
    file: report.file,
    lines: report.lines,
    events: report.events,
    allocs: report.allocs,
    divergences: report.divergences,
    firstDivergence: report.firstDivergence,
    checkpoints: report.checkpoints,
    uncheckedCheckpoints: report.uncheckedCheckpoints,
    firstCheckpointMismatch: report.firstCheckpointMismatch,
    maps: report.maps,
    firstMapMismatch: report.firstMapMismatch,
    gaps: report.gaps,
    truncated: report.truncated,
    marks: report.marks,
    skipped: report.skipped,
    memoryError:
      error === null
        ? null
        : {
            event: error.event,
            line: error.line,
            bytes: error.bytes,
            replayed: error.replayed,
            reproduced: error.reproduced,
            divergedLine: error.divergedLine,
            blocks: error.facts?.blocks ?? null,
            freeBytes: error.facts?.freeBytes ?? null,
            largestFreeRun: error.facts?.largestFreeRun ?? null,
            collected: error.facts === null ? null : error.facts.collection !== null,
            collectionFreedObjects: error.facts?.collection?.freed.length ?? null,
            fragmentation: error.explanation?.fragmentation ?? null,
            areas: error.explanation?.areas ?? null,
            blockers: error.explanation?.blockers ?? null,
            causes: causesJson(diagnosis),
            ...(heap === undefined ? {} : { minimumHeap: heap }),
          },
  };
}

/** `--json`'s report of skipped lines (present only with --skip-bad-lines and some skipped). */
export function badLinesJson(badLines: readonly HeapInputError[]): object {
  return badLines.length === 0 ? {} : { badLines: { count: badLines.length, first: badLines.slice(0, 20).map((e) => ({ ...e.location, message: e.detail })) } };
}
