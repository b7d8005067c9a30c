/**
 * A comparison's rows as table cells for people: `heaplab compare` prints them aligned, the web
 * page shows them in an HTML table, in the same words.
 */
import { percent } from '@heaplab/core';
import type { CompareRow, Spread } from './compare-rows.js';

/** Header and cells of a comparison table: the rows in the order given, a cell per column. */
export interface CompareTable {
  readonly header: readonly string[];
  readonly body: readonly (readonly string[])[];
  /** Whether the last column is the safe heap (the rows measured it). */
  readonly safeHeap: boolean;
}

/**
 * The table of `rows`, first failures counted in `position` (`line` for a trace, `event` for a
 * workload). The safe heap column is there when the rows measured it.
 */
export function compareTable(rows: readonly CompareRow[], position: string): CompareTable {
  const showSafe = rows.some((r) => r.safeHeapBytes !== undefined);
  const header = [
    'strategy',
    'layout',
    'failed runs',
    `first failure (${position})`,
    'frag index',
    'peak frag',
    'mean frag',
    'waste',
    'J&W #4',
    'min free run',
    ...(showSafe ? ['safe heap'] : []),
  ];
  const body = rows.map((r) => [
    r.strategy,
    r.layout,
    `${r.failedRuns}/${r.runs}`,
    failureCell(r.timeToFailure),
    r.atFailure === null ? '–' : r.atFailure.fragmentationIndex.mean.toFixed(2),
    percent(r.peakFragmentation.mean),
    percent(r.meanFragmentation.mean),
    percent(r.internalWaste.mean),
    r.jw4 === null ? '–' : r.jw4.mean.toFixed(2),
    bytes(r.minLargestFreeRunBytes),
    ...(showSafe ? [r.safeHeapBytes === undefined ? '' : r.safeHeapBytes === null ? '> 64×' : bytes(r.safeHeapBytes)] : []),
  ]);
  return { header, body, safeHeap: showSafe };
}

/** Bytes as a table shows them: whole MiB, KiB with one decimal from 10 KiB, else bytes. */
function bytes(n: number): string {
  if (n >= 1048576 && n % 1048576 === 0) return `${n / 1048576} MiB`;
  return n >= 10240 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;
}

/** The first failure: where it came, or its mean ± sd [least–most] over runs that differ. */
function failureCell(s: Spread | null): string {
  if (s === null) return 'never';
  return s.min === s.max ? String(s.mean) : `${Math.round(s.mean)} ± ${Math.round(s.sd)} [${s.min}–${s.max}]`;
}
