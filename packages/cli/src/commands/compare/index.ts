/**
 * `heaplab compare SOURCE`: one event stream (a workload over many seeds, a device trace or an
 * engine trace) under several strategies and heap layouts, as a table, CSV or JSON. Cells are
 * spread over worker threads; results are folded in seed order, so the output does not depend
 * on the number of workers.
 */
import { createHeap, HeapInputError } from '@heaplab/core';
import { isWorkload } from '@heaplab/workloads';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import type { Output } from '../../io/output.js';
import { startProgress } from '../../io/progress.js';
import { cutWarning } from '../../render/cut-warning.js';
import { gapAdvice } from '../../render/gap-advice.js';
import { runTasks, workersFor } from '../../task-pool.js';
import { parseAreaList } from '../../options/area-list.js';
import { findBoard } from '../../options/boards.js';
import { chooseSeeds } from '../../options/seed-list.js';
import { workerCount } from '../../options/worker-count.js';
import { runLength } from '../../options/run-length.js';
import { refuseWorkloadOptions } from '../../options/workload-only.js';
import { resolveWorkload } from '../../resolve-workload.js';
import { sweptOnly } from '../../swept-only.js';
import { aggregateCell, cellConfig, defaultStrategies, formatAreaList, type CellResult, type CompareCell, type CompareHeap } from '@heaplab/analysis';
import { positionOf, recordedLayout, runCompareTask, streamOf, type CompareSource, type CompareTask } from './compare-task.js';
import { compareCsv, compareJson, renderCompare, type CompareReport } from './render-compare.js';

export interface CompareCommandOptions {
  readonly strategies?: string;
  /** A workload's seeds, whole numbers (`1..8`); seeds given by name come as `seedName`. */
  readonly seeds?: string;
  readonly seedName?: readonly string[];
  readonly length?: string;
  readonly areas?: readonly string[];
  readonly board?: readonly string[];
  readonly safeHeap: boolean;
  readonly workers?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly mpyVersion: string;
}

/** Seeds a workload runs when none are given. */
export const DEFAULT_SEEDS = '1..8';

export async function compare(sourceText: string, options: CompareCommandOptions, output: Output): Promise<ExitCode> {
  if (options.json === true && options.csv === true) throw new HeapInputError('choose one of --json and --csv', { field: '--csv' });
  const workload = isWorkload(sourceText) ? await resolveWorkload(sourceText) : undefined;
  // A trace runs on other layouts and strategies (--areas, --board, --strategies), but only as recorded.
  if (workload === undefined) refuseWorkloadOptions(sourceText, options, ['seeds', 'seedName', 'length']);
  const source: CompareSource =
    workload === undefined
      ? { kind: 'trace', file: sourceText, mpyVersion: options.mpyVersion, gapAdvice: gapAdvice('compare', sourceText, output) }
      : { kind: 'workload', name: sourceText, length: runLength(options.length, workload) };
  const seeds = workload === undefined ? [] : chooseSeeds(options.seeds, options.seedName ?? [], DEFAULT_SEEDS);
  const strategies = options.strategies === undefined ? defaultStrategies() : options.strategies.split(',').map((s) => s.trim());
  const chosen: CompareHeap[] = [
    ...(options.board ?? []).map((name) => ({ label: name, heap: findBoard(name).heap })),
    ...(options.areas ?? []).map((text) => {
      const areas = parseAreaList(text);
      return { label: formatAreaList(areas), heap: { areas } };
    }),
  ];
  const layouts: (CompareHeap | null)[] = chosen.length === 0 ? [null] : chosen;
  const cells: CompareCell[] = layouts.flatMap((layout) => strategies.map((strategy) => ({ strategy, layout })));

  // Everything is checked here, before any thread starts: a stream, then every cell's heap.
  const first = await streamOf(source, seeds[0] ?? null);
  for (const cell of cells) checked(() => createHeap(cellConfig(first.config, cell)), cell);
  const runs: (string | null)[] = workload === undefined ? [null] : seeds;
  const tasks: CompareTask[] = runs.flatMap((seed) => cells.map((cell) => ({ source, seed, cell, safeHeap: options.safeHeap })));
  // The smallest safe heap is a bisection: a dozen or so more replays of each stream.
  const events = tasks.length * first.events.length * (options.safeHeap ? 12 : 1);
  const workers = options.workers === undefined ? workersFor(events) : workerCount(options.workers);
  const progress = startProgress(output, 'comparing');
  let done = 0;
  const results = await runTasks<CompareTask, CellResult>(tasks, {
    workers,
    worker: new URL('./compare-worker.js', import.meta.url),
    inThread: runCompareTask,
    onDone: () => progress.update(++done / tasks.length),
  }).finally(() => progress.stop());

  const layoutName = (layout: CompareHeap | null): string => layout?.label ?? recordedLayout(first);
  const rows = cells.map((cell, c) =>
    aggregateCell(
      cell.strategy,
      layoutName(cell.layout),
      runs.map((_, r) => results[r * cells.length + c]!),
    ),
  );
  const cut = first.truncated ?? null;
  const report: CompareReport = {
    source,
    seeds,
    position: positionOf(source),
    length: first.lineCount ?? first.events.length,
    ...(cut === null ? {} : { truncated: cut }),
    rows,
  };
  // A stream that knows garbage only where a device swept it: the table says what that means for another strategy.
  const swept = workload === undefined && sweptOnly(await (await import('./trace-stream.js')).isEngineTrace(sourceText), first.events);
  output.out(options.json === true ? compareJson(report) : options.csv === true ? compareCsv(report) : renderCompare(report, swept));
  if (cut === null) return EXIT.ok;
  output.err(cutWarning(sourceText, cut));
  return EXIT.truncated;
}

function checked(make: () => unknown, cell: CompareCell): void {
  try {
    make();
  } catch (error) {
    if (error instanceof HeapInputError) {
      const field = error.location.field?.startsWith('areas') === true ? '--areas' : '--strategies';
      throw new HeapInputError(`${cell.strategy}${cell.layout === null ? '' : ` on ${cell.layout.label}`}: ${error.message}`, { field });
    }
    throw error;
  }
}
