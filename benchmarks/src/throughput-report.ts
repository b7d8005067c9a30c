/**
 * The engine throughput results as a markdown page: where and how they were measured, events
 * per second for each case against its target, and the outcome mix of the stream.
 */
import type { OutcomeMix } from './outcome-mix.js';
import { factsHeader } from './run-facts.js';

/** One benchmark case's result. */
export interface ThroughputRow {
  readonly name: string;
  /** Whole-stream replays per second (benny's ops/s). */
  readonly opsPerSecond: number;
  /** Relative margin of error, in percent. */
  readonly margin: number;
  readonly samples: number;
  /** Events per second the issues ask for, if any. */
  readonly targets: readonly Target[];
}

/** A speed an issue asks for. */
export interface Target {
  readonly issue: number;
  readonly eventsPerSecond: number;
}

/** Everything the results page shows. */
export interface ThroughputReport {
  readonly date: Date;
  readonly node: string;
  readonly machine: string;
  /** The commit measured (see `code-version.ts`). */
  readonly code: string;
  readonly command: string;
  readonly stream: string;
  readonly events: number;
  readonly rows: readonly ThroughputRow[];
  /** The name of the row every row's speed is given as a ratio of (the mutable-bitmap floor). */
  readonly floor: string;
  readonly mix: OutcomeMix;
  readonly finalStateHash: string;
}

/** The results page, in markdown. */
export function renderThroughputReport(report: ThroughputReport): string {
  const { mix } = report;
  const floor = report.rows.find((row) => row.name === report.floor);
  if (floor === undefined) throw new Error(`no row named ${report.floor}`);
  const lines = [
    ...factsHeader('Engine throughput', report),
    `- Stream: ${report.stream}`,
    '',
    '| case | stream replays/s | ± | samples | events/s | × floor | targets (events/s): met? |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...report.rows.map((row) => {
      const eventsPerSecond = row.opsPerSecond * report.events;
      const targets =
        row.targets.length === 0
          ? '–'
          : row.targets.map((t) => `#${t.issue} ${whole(t.eventsPerSecond)}: ${eventsPerSecond >= t.eventsPerSecond ? 'yes' : 'no'}`).join('; ');
      const ratio = (row.opsPerSecond / floor.opsPerSecond).toFixed(2);
      return `| ${row.name} | ${row.opsPerSecond.toFixed(3)} | ${row.margin.toFixed(2)}% | ${row.samples} | ${whole(eventsPerSecond)} | ${ratio} | ${targets} |`;
    }),
    '',
    `The engine cases all end in the same state (SHA-256 ${report.finalStateHash.slice(0, 16)}…). ` +
      "The copy case makes new outcome values equal to applyAll's, with no engine work: what making and keeping them costs alone.",
    '',
    'The floor (`benchmarks/src/baseline/mutable-heap.ts`) is a plain mutable engine for this stream: a byte per block, a free',
    'bitmap read 32 blocks at a time, objects in typed arrays by id; it keeps no states, makes no outcomes and checks no event.',
    'It places every object where heaplab does on the whole stream (`benchmarks/test/baseline.test.ts`). "× floor" is each',
    "case's speed over the floor's in this run.",
    '',
    '## What the stream does',
    '',
    '| outcome | count |',
    '|---|---:|',
    `| events | ${whole(mix.events)} |`,
    `| placed | ${whole(mix.placed)} |`,
    `| MemoryError (alloc / realloc) | ${whole(mix.allocMemoryErrors)} / ${whole(mix.reallocMemoryErrors)} |`,
    `| gc_free | ${whole(mix.freed)} |`,
    `| realloc grown in place / moved / shrunk or same | ${whole(mix.reallocGrow)} / ${whole(mix.reallocMoved)} / ${whole(mix.reallocShrinkOrSame)} |`,
    `| realloc refused (no room, no move) | ${whole(mix.reallocNoMove)} |`,
    `| collections: alloc-fail / threshold / explicit | ${whole(mix.allocFailCollections)} / ${whole(mix.thresholdCollections)} / ${whole(mix.explicitCollections)} |`,
    `| objects freed by collections | ${whole(mix.objectsCollected)} |`,
    `| root, reference and setting changes | ${whole(mix.ok)} |`,
    `| rejected | ${whole(mix.rejected)} |`,
    '',
    `Heap in use: ${percent(mix.meanFill)} on average; right after a collection (the live data) ${percent(mix.meanFillAfterCollection)} on average, ` +
      `from ${percent(mix.minFillAfterCollection)} to ${percent(mix.maxFillAfterCollection)}.`,
    '',
  ];
  return lines.join('\n');
}

function whole(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
