/**
 * Rows of a comparison (`heaplab compare`, the web page): each cell's results over all seeds, summed up. Seeds are folded in
 * the order given, so the rows do not depend on which worker finished first.
 */
import type { CellResult } from './compare-cell.js';

/** Mean, standard deviation (population), least and greatest of some numbers. */
export interface Spread {
  readonly mean: number;
  readonly sd: number;
  readonly min: number;
  readonly max: number;
}

export interface CompareRow {
  /** Strategy spec, e.g. `tlsf:sli=4`. */
  readonly strategy: string;
  /** Heap layout, e.g. `16k,48k`; `default` for the source's own heap. */
  readonly layout: string;
  /** Event streams run (seeds; 1 for a trace). */
  readonly runs: number;
  /** Runs in which some request failed. */
  readonly failedRuns: number;
  /** Failed requests, all runs. */
  readonly failures: number;
  /** Where the first failure came (see `CellResult.firstFailure`), over the runs that failed; null when none failed. */
  readonly timeToFailure: Spread | null;
  /** Per-run peak external fragmentation. */
  readonly peakFragmentation: Spread;
  /** Per-run mean external fragmentation. */
  readonly meanFragmentation: Spread;
  /** Internal waste at peak, as a share of occupied bytes. */
  readonly internalWaste: Spread;
  /** J&W #2, #3 and #4 over the runs where something lived. */
  readonly jw2: Spread | null;
  readonly jw3: Spread | null;
  readonly jw4: Spread | null;
  readonly peakUtilization: Spread;
  /** The free memory against the first failed request, over the runs that failed; null when none did. */
  readonly atFailure: {
    readonly requestBytes: Spread;
    readonly freeBytes: Spread;
    readonly largestFreeRunBytes: Spread;
    readonly unusableFreeIndex: Spread;
    readonly fragmentationIndex: Spread;
  } | null;
  /** The shortest longest-free-run any run saw, in bytes. */
  readonly minLargestFreeRunBytes: number;
  /**
   * The largest of the runs' smallest safe heaps, in usable bytes: null when some run failed
   * even at 64×; absent when not measured.
   */
  readonly safeHeapBytes?: number | null;
}

/** Rounds for output: six decimals are far below anything the table shows. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function spread(values: readonly number[]): Spread {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return { mean: round(mean), sd: round(Math.sqrt(variance)), min: round(Math.min(...values)), max: round(Math.max(...values)) };
}

/** One row from a cell's results, one result per run. */
export function aggregateCell(strategy: string, layout: string, results: readonly CellResult[]): CompareRow {
  const failing = results.filter((r) => r.firstFailure !== null).map((r) => r.firstFailure!);
  const lived = (pick: (r: CellResult) => number | null): Spread | null => {
    const values = results.map(pick).filter((v): v is number => v !== null);
    return values.length === 0 ? null : spread(values);
  };
  const failures = results.flatMap((r) => (r.atFailure === null ? [] : [r.atFailure]));
  const measured = results.every((r) => r.safeHeapBytes !== undefined);
  return {
    strategy,
    layout,
    runs: results.length,
    failedRuns: failing.length,
    failures: results.reduce((s, r) => s + r.failures, 0),
    timeToFailure: failing.length === 0 ? null : spread(failing),
    peakFragmentation: spread(results.map((r) => r.peakFragmentation)),
    meanFragmentation: spread(results.map((r) => r.meanFragmentation)),
    internalWaste: spread(results.map((r) => r.internalWaste)),
    jw2: lived((r) => r.jw2),
    jw3: lived((r) => r.jw3),
    jw4: lived((r) => r.jw4),
    peakUtilization: spread(results.map((r) => r.peakUtilization)),
    atFailure:
      failures.length === 0
        ? null
        : {
            requestBytes: spread(failures.map((f) => f.requestBytes)),
            freeBytes: spread(failures.map((f) => f.freeBytes)),
            largestFreeRunBytes: spread(failures.map((f) => f.largestFreeRunBytes)),
            unusableFreeIndex: spread(failures.map((f) => f.unusableFreeIndex)),
            fragmentationIndex: spread(failures.map((f) => f.fragmentationIndex)),
          },
    minLargestFreeRunBytes: Math.min(...results.map((r) => r.minLargestFreeRunBytes)),
    ...(measured ? { safeHeapBytes: results.some((r) => r.safeHeapBytes === null) ? null : Math.max(...results.map((r) => r.safeHeapBytes!)) } : {}),
  };
}

/**
 * Rows ordered by survival: fewest failed runs, then latest mean first failure, then fewest
 * failures; ties keep the order given.
 */
export function bySurvival(rows: readonly CompareRow[]): CompareRow[] {
  const late = (r: CompareRow): number => (r.timeToFailure === null ? Infinity : r.timeToFailure.mean);
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => a.row.failedRuns - b.row.failedRuns || late(b.row) - late(a.row) || a.row.failures - b.row.failures || a.index - b.index)
    .map(({ row }) => row);
}
