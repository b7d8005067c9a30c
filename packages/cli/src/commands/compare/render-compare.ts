/**
 * The comparison as a table for people, CSV for spreadsheets and JSON for scripts. All three
 * come from the same report, in the order the strategies and layouts were given.
 */
import { bySurvival, compareTable, type CompareRow } from '@heaplab/analysis';
import type { InputCut } from '@heaplab/replay';
import type { CompareSource, Position } from './compare-task.js';
import { plural } from '@heaplab/core';

export interface CompareReport {
  readonly source: CompareSource;
  /** Workload seeds (empty for a trace). */
  readonly seeds: readonly string[];
  /** How first failures are counted: events of a workload, lines of a trace. */
  readonly position: Position;
  /** Each run's length in those units: the workload's events per seed, or the trace's lines. */
  readonly length: number;
  /** Only for a trace cut short: where (the runs use the events before the cut). */
  readonly truncated?: InputCut;
  readonly rows: readonly CompareRow[];
}

/** The `--json` text: the report with a survival ranking. Same inputs, same bytes. */
export function compareJson(report: CompareReport): string {
  const ranking = bySurvival(report.rows).map((row) => ({ strategy: row.strategy, layout: row.layout }));
  return `${JSON.stringify({ format: 'heaplab-compare', version: 1, ...report, ranking })}\n`;
}

const CSV_HEADER = [
  'strategy',
  'layout',
  'runs',
  'failed_runs',
  'failures',
  'first_failure_mean',
  'first_failure_sd',
  'first_failure_min',
  'first_failure_max',
  'peak_fragmentation_mean',
  'peak_fragmentation_max',
  'mean_fragmentation',
  'internal_waste_mean',
  'jw2_mean',
  'jw3_mean',
  'jw4_mean',
  'jw4_max',
  'peak_utilization_mean',
  'min_largest_free_run_bytes',
  'failure_request_bytes_mean',
  'failure_free_bytes_mean',
  'failure_unusable_free_index_mean',
  'failure_fragmentation_index_mean',
  'safe_heap_bytes',
];

/** The `--csv` text: one header line and a line per row. */
export function compareCsv(report: CompareReport): string {
  const cell = (value: number | string | null | undefined): string => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = report.rows.map((r) =>
    [
      r.strategy,
      r.layout,
      r.runs,
      r.failedRuns,
      r.failures,
      r.timeToFailure?.mean,
      r.timeToFailure?.sd,
      r.timeToFailure?.min,
      r.timeToFailure?.max,
      r.peakFragmentation.mean,
      r.peakFragmentation.max,
      r.meanFragmentation.mean,
      r.internalWaste.mean,
      r.jw2?.mean,
      r.jw3?.mean,
      r.jw4?.mean,
      r.jw4?.max,
      r.peakUtilization.mean,
      r.minLargestFreeRunBytes,
      r.atFailure?.requestBytes.mean,
      r.atFailure?.freeBytes.mean,
      r.atFailure?.unusableFreeIndex.mean,
      r.atFailure?.fragmentationIndex.mean,
      r.safeHeapBytes,
    ]
      .map(cell)
      .join(','),
  );
  return `${[CSV_HEADER.join(','), ...lines].join('\n')}\n`;
}

function describeSource(report: CompareReport): string {
  const { source, seeds } = report;
  if (source.kind === 'trace') {
    const cut = report.truncated === undefined ? '' : ` before the cut (${report.truncated.reason})`;
    return `trace ${source.file}, ${plural(report.length, 'line')}${cut}`;
  }
  const shown = seeds.length <= 6 ? seeds.join(',') : `${seeds.slice(0, 3).join(',')},…,${seeds[seeds.length - 1]}`;
  return `workload ${source.name}, ${plural(seeds.length, 'seed')} (${shown}), ${plural(report.length, 'event')} each`;
}

/** What a device trace's runs assume: each object lives until the device swept it. */
const SWEPT_ONLY = [
  '  A device trace records garbage only where the device swept it: these runs free each object there and no earlier. A strategy',
  '  that must collect sooner than the device did finds less garbage than the program had made, so it may fail sooner here than it',
  '  would on the device; heaplab explain tries each strategy taking the swept objects as garbage as early as the recording allows.',
];

/**
 * The human table, with a line on which strategy did best: fewest failed runs, then the latest
 * first failure. `sweptOnly`: the source's stream knows garbage only where a device swept it
 * (`swept-only.ts`); a note says what that means for the other strategies' failures.
 */
export function renderCompare(report: CompareReport, sweptOnly = false): string {
  const { header, body, safeHeap } = compareTable(report.rows, report.position);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const best = bySurvival(report.rows)[0]!;
  const cut = report.truncated;
  const verdict =
    best.failedRuns === 0
      ? `${best.strategy} on ${best.layout} never failed`
      : best.runs === 1
        ? `${best.strategy} on ${best.layout} survives longest: its first request fails at ${report.position} ${best.timeToFailure!.mean}`
        : `${best.strategy} on ${best.layout} fails in the fewest runs: ${best.failedRuns} of ${best.runs}, at ${report.position} ${Math.round(best.timeToFailure!.mean)} on average in those`;
  // A trace cut short was compared on the lines before the cut only: what comes after may fail under any strategy.
  const partRead =
    cut === undefined
      ? ''
      : `, in the lines read before the cut (line ${cut.afterLine}; ${cut.reason}): the rest of the trace was not read${best.failedRuns === 0 ? ', so there may be a MemoryError after it' : ''}`;
  return [
    `heaplab compare: ${describeSource(report)}`,
    '',
    line(header),
    ...body.map(line),
    '',
    `  ${verdict}${partRead}.`,
    "  frag index: Linux's fragmentation index for the first failed request, 0 to 1: 0, too little memory (or a few runs just short of it); near 1, too cut up;",
    '  peak/mean frag: external fragmentation 1 − longest free run / free, per run; waste: internal waste at peak;',
    '  J&W #4: peak heap used / peak live bytes; min free run: the shortest longest-free-run seen' +
      (safeHeap ? `; safe heap: smallest heap that never failed${cut === undefined ? '' : ' in the part read'}.` : '.'),
    ...(sweptOnly ? SWEPT_ONLY : []),
    '',
  ].join('\n');
}
