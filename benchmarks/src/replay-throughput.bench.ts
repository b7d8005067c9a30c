/**
 * Replay throughput: replays a generated device trace of a million lines (see `device-trace.ts`),
 * plain and gzip-compressed, with `replayTrace` end to end — read, gunzip, decode and check every
 * line, map, engine, and every outcome and checkpoint checked against the recording — and reports
 * trace lines per second. Results go to benchmarks/results/ (JSON from benny, and a markdown page
 * that also shows the last memory measurement, see `replay-memory.ts`).
 *
 * Run from the repository root: `npx tsc -b && pnpm --filter @heaplab/benchmarks bench:replay`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayTrace } from '@heaplab/replay';
import { add, complete, configure, cycle, save, suite } from 'benny';
import { runFacts } from './run-facts.js';
import { writeDeviceTrace } from './device-trace.js';
import { renderReplayThroughputReport, type MemoryResults } from './replay-throughput-report.js';
import { publishPage, RESULTS } from './results.js';

const SEED = 'heaplab';
const LINES = 1_000_000;
const TARGET_LINES_PER_SECOND = 1_000_000;
const COMMAND = 'npx tsc -b && pnpm --filter @heaplab/benchmarks bench:replay   # from the repository root';
/** Each replay takes about a second: enough of them for a margin of a few percent. */
const MIN_SAMPLES = 10;

const dir = mkdtempSync(join(tmpdir(), 'heaplab-replay-bench-'));
const plain = join(dir, 'device.ndjson');
const gzip = join(dir, 'device.ndjson.gz');
const summary = await writeDeviceTrace(plain, { lines: LINES, seed: SEED });
await writeDeviceTrace(gzip, { lines: LINES, seed: SEED, gzip: true });

// Outside the timed part: the trace must replay exactly, plain and gzip alike.
const reports = [await replayTrace(plain), await replayTrace(gzip)];
for (const report of reports) {
  if (report.lines !== summary.lines || report.divergences !== 0 || report.checkpoints.matched !== report.checkpoints.total) {
    throw new Error(
      `${report.file}: ${report.lines} lines, ${report.divergences} divergences, ${report.checkpoints.matched} of ${report.checkpoints.total} checkpoints matched`,
    );
  }
}
const trace = `${summary.lines.toLocaleString('en-US')} lines of the seeded device program (seed "${SEED}", see device-trace.ts) on a 32-bit v1.27 heap of one 64 KiB area`;
console.log(`Trace: ${trace}`);

const cases = [
  { name: 'replayTrace, plain NDJSON', file: plain },
  { name: 'replayTrace, gzip NDJSON', file: gzip },
];

await suite(
  'replay throughput',
  configure({ minDisplayPrecision: 3, cases: { minSamples: MIN_SAMPLES } }),
  ...cases.map((c) =>
    add(c.name, async () => {
      await replayTrace(c.file);
    }),
  ),
  cycle(),
  complete((result) => {
    const memoryFile = `${RESULTS}replay-memory.json`;
    const page = renderReplayThroughputReport({
      ...runFacts(COMMAND, result.date, ['packages/core/src', 'packages/replay/src']),
      trace,
      summary,
      plainBytes: statSync(plain).size,
      gzipBytes: statSync(gzip).size,
      checkpoints: reports[0]!.checkpoints.total,
      memoryErrors: summary.ops.memory_error ?? 0,
      rows: result.results.map((row) => ({ name: row.name, opsPerSecond: row.ops, margin: row.margin, samples: row.samples })),
      target: TARGET_LINES_PER_SECOND,
      memory: existsSync(memoryFile) ? (JSON.parse(readFileSync(memoryFile, 'utf8')) as MemoryResults) : null,
    });
    publishPage('replay-throughput', page);
  }),
  save({ file: 'replay-throughput', folder: RESULTS, format: 'json' }),
);
rmSync(dir, { recursive: true, force: true });
