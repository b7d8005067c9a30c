/**
 * Replay memory: generates gzip device traces of 1 and 10 million lines (see `device-trace.ts`)
 * in a temporary directory, replays each in a fresh process (`replay-once.ts`) and records the
 * peak resident memory in benchmarks/results/replay-memory.json, which the replay throughput
 * page shows. The traces are deleted afterwards.
 *
 * Run from the repository root: `npx tsc -b && pnpm --filter @heaplab/benchmarks bench:replay-memory`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFacts } from './run-facts.js';
import { writeDeviceTrace } from './device-trace.js';
import type { ReplayOnce } from './replay-once.js';
import type { MemoryResults, MemoryRun } from './replay-throughput-report.js';
import { RESULTS } from './results.js';

const LINES = [1_000_000, 10_000_000];
const COMMAND = 'npx tsc -b && pnpm --filter @heaplab/benchmarks bench:replay-memory   # from the repository root';
const REPLAY_ONCE = fileURLToPath(new URL('./replay-once.js', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'heaplab-replay-memory-'));
const runs: MemoryRun[] = [];
try {
  for (const lines of LINES) {
    const file = join(dir, `device-${lines}.ndjson.gz`);
    const summary = await writeDeviceTrace(file, { lines, gzip: true });
    const result = JSON.parse(execFileSync(process.execPath, [REPLAY_ONCE, file], { encoding: 'utf8' })) as ReplayOnce;
    if (result.lines !== summary.lines || result.checkpoints.matched !== result.checkpoints.total) {
      throw new Error(
        `the replay of ${file} read ${result.lines} of ${summary.lines} lines and matched ${result.checkpoints.matched} of ${result.checkpoints.total} checkpoints`,
      );
    }
    const run: MemoryRun = {
      lines: result.lines,
      fileBytes: statSync(file).size,
      seconds: result.seconds,
      peakRssBytes: result.peakRssBytes,
      divergences: result.divergences,
    };
    console.log(
      `${run.lines.toLocaleString('en-US')} lines: ${run.seconds.toFixed(1)} s, peak RSS ${(run.peakRssBytes / 2 ** 20).toFixed(1)} MiB, ${run.divergences} divergences`,
    );
    runs.push(run);
    rmSync(file);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const facts = runFacts(COMMAND, new Date(), ['packages/core/src', 'packages/replay/src']);
const results: MemoryResults = { ...facts, date: facts.date.toISOString(), runs };
mkdirSync(RESULTS, { recursive: true });
writeFileSync(`${RESULTS}replay-memory.json`, `${JSON.stringify(results, null, 2)}\n`);
