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
  readonly mix: OutcomeMix;
  readonly finalStateHash: string;
}

/** The results page, in markdown. */
export function renderThroughputReport(report: ThroughputReport): string {
  const { mix } = report;
  const lines = [
    ...factsHeader('Engine throughput', report),
    `- Stream: ${report.stream}`,
    '',
    '| case | stream replays/s | ± | samples | events/s | targets (events/s): met? |',
    '|---|---:|---:|---:|---:|---|',
    ...report.rows.map((row) => {
      const eventsPerSecond = row.opsPerSecond * report.events;
      const targets =
        row.targets.length === 0
          ? '–'
          : row.targets.map((t) => `#${t.issue} ${whole(t.eventsPerSecond)}: ${eventsPerSecond >= t.eventsPerSecond ? 'yes' : 'no'}`).join('; ');
      return `| ${row.name} | ${row.opsPerSecond.toFixed(3)} | ${row.margin.toFixed(2)}% | ${row.samples} | ${whole(eventsPerSecond)} | ${targets} |`;
    }),
    '',
    `The engine cases all end in the same state (SHA-256 ${report.finalStateHash.slice(0, 16)}…). ` +
      "The copy case makes new outcome values equal to applyAll's, with no engine work: what making and keeping them costs alone.",
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
