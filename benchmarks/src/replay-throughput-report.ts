/**
 * The replay throughput results as a markdown page: where and how they were measured, trace
 * lines per second end to end (read, gunzip, decode, map, engine, checks) for each case against
 * the target, what the trace holds, and the peak memory of replaying a trace ten times longer.
 */
import type { DeviceTraceSummary } from './device-trace.js';
import { factsHeader } from './run-facts.js';

/** One benchmark case's result. */
export interface ReplayRow {
  readonly name: string;
  /** Whole-trace replays per second (benny's ops/s). */
  readonly opsPerSecond: number;
  /** Relative margin of error, in percent. */
  readonly margin: number;
  readonly samples: number;
}

/** One replay of a long trace in a fresh process (see `replay-memory.ts`). */
export interface MemoryRun {
  readonly lines: number;
  readonly fileBytes: number;
  readonly seconds: number;
  readonly peakRssBytes: number;
  readonly divergences: number;
}

/** The memory measurement, as `replay-memory.ts` records it. */
export interface MemoryResults {
  readonly date: string;
  readonly node: string;
  readonly machine: string;
  readonly code: string;
  readonly command: string;
  readonly runs: readonly MemoryRun[];
}

/** Everything the results page shows. */
export interface ReplayThroughputReport {
  readonly date: Date;
  readonly node: string;
  readonly machine: string;
  /** The commit measured (see `code-version.ts`). */
  readonly code: string;
  readonly command: string;
  readonly trace: string;
  readonly summary: DeviceTraceSummary;
  readonly plainBytes: number;
  readonly gzipBytes: number;
  readonly checkpoints: number;
  readonly memoryErrors: number;
  readonly rows: readonly ReplayRow[];
  /** Trace lines per second to reach. */
  readonly target: number;
  /** The last memory measurement, if one was made. */
  readonly memory: MemoryResults | null;
}

/** The results page, in markdown. */
export function renderReplayThroughputReport(report: ReplayThroughputReport): string {
  const { summary } = report;
  const lines = [
    ...factsHeader('Replay throughput', report),
    `- Trace: ${report.trace}; ${megabytes(report.plainBytes)} plain, ${megabytes(report.gzipBytes)} gzip`,
    '',
    'Each replay is `replayTrace(file)` end to end: read (and gunzip), split into lines, decode and check every line, map the',
    'lines to engine events, run them on the engine and check every outcome and checkpoint against the recording (what',
    '`heaplab replay --verify` does).',
    '',
    '| case | trace replays/s | ± | samples | lines/s | target lines/s | met |',
    '|---|---:|---:|---:|---:|---:|:---:|',
    ...report.rows.map((row) => {
      const linesPerSecond = row.opsPerSecond * summary.lines;
      const met = linesPerSecond >= report.target ? 'yes' : 'no';
      return `| ${row.name} | ${row.opsPerSecond.toFixed(3)} | ${row.margin.toFixed(2)}% | ${row.samples} | ${whole(linesPerSecond)} | ${whole(report.target)} | ${met} |`;
    }),
    '',
    `Every replay finds no divergence and matches all ${whole(report.checkpoints)} checkpoints; the trace raises ${whole(report.memoryErrors)} MemoryErrors.`,
    '',
    '## What the trace holds',
    '',
    '| line | count |',
    '|---|---:|',
    ...Object.entries(summary.ops)
      .sort((a, b) => b[1] - a[1])
      .map(([op, count]) => `| ${op} | ${whole(count)} |`),
    `| all | ${whole(summary.lines)} |`,
    '',
    `The device program made ${whole(summary.events)} engine events; root and reference changes write no line.`,
    '',
    ...memorySection(report.memory),
  ];
  return lines.join('\n');
}

function memorySection(memory: MemoryResults | null): string[] {
  const heading = ['## Memory: a trace ten times longer', ''];
  if (memory === null) return [...heading, 'Not measured yet: run `pnpm bench:replay-memory` in benchmarks/.', ''];
  return [
    ...heading,
    `Peak resident memory of a whole replay in a fresh process (\`process.resourceUsage().maxRSS\`), measured ${memory.date} with`,
    `\`${memory.command}\` (Node ${memory.node}, ${memory.machine}, code ${memory.code}).`,
    '',
    '| trace (gzip) | file | seconds | lines/s | peak RSS | divergences |',
    '|---|---:|---:|---:|---:|---:|',
    ...memory.runs.map(
      (run) =>
        `| ${whole(run.lines)} lines | ${megabytes(run.fileBytes)} | ${run.seconds.toFixed(1)} | ${whole(run.lines / run.seconds)} | ${megabytes(run.peakRssBytes)} | ${run.divergences} |`,
    ),
    '',
    ...growth(memory.runs),
  ];
}

/** How the peak changed from the shortest trace to the longest. */
function growth(runs: readonly MemoryRun[]): string[] {
  if (runs.length < 2) return [];
  const [shortest, longest] = [runs[0]!, runs.at(-1)!];
  const change = longest.peakRssBytes - shortest.peakRssBytes;
  return [
    `From ${whole(shortest.lines)} to ${whole(longest.lines)} lines (${(longest.lines / shortest.lines).toFixed(0)}× longer) the peak changes by ${change < 0 ? '−' : '+'}${megabytes(Math.abs(change))}: the replay streams the file.`,
    '',
  ];
}

function whole(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
