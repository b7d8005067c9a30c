/**
 * Time travel (issue 6): after one replay of a trace of a million engine events has built its
 * timeline, how long does the state at any event take? Measured for events drawn at random
 * (seeded) and for the worst case, the event just before the next kept snapshot, which replays
 * the most events. Target: under 10 ms.
 *
 * Run from the repository root: `npx tsc -b && pnpm --filter @heaplab/benchmarks bench:time-travel`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTimeline } from '@heaplab/replay';
import seedrandom from 'seedrandom';
import { add, complete, configure, cycle, save, suite } from 'benny';
import { writeDeviceTrace } from './device-trace.js';
import { factsHeader, runFacts } from './run-facts.js';
import { publishPage, RESULTS } from './results.js';

const TARGET_MS = 10;
const COMMAND = 'npx tsc -b && pnpm --filter @heaplab/benchmarks bench:time-travel';
/** Lines that give a little over a million engine events with the benchmark device program. */
const LINES = 1_700_000;

const dir = mkdtempSync(join(tmpdir(), 'heaplab-time-travel-'));
const file = join(dir, 'trace.ndjson');
const written = await writeDeviceTrace(file, { lines: LINES });
const started = performance.now();
const timeline = await buildTimeline(file);
const buildSeconds = (performance.now() - started) / 1000;
rmSync(dir, { recursive: true, force: true });
if (timeline.length < 1_000_000) throw new Error(`the trace has ${timeline.length} engine events; raise LINES`);

const random = seedrandom('time-travel');
const randomEvent = (): number => Math.floor(random() * (timeline.length + 1));
// The timeline keeps a snapshot every `spacing` events: the event before one replays spacing − 1 events.
const spacing = timeline.snapshotSpacing;
const worstEvents = Array.from({ length: 64 }, (_, i) =>
  Math.min(timeline.length, Math.floor(((i + 0.5) * timeline.length) / 64 / spacing) * spacing + spacing - 1),
);
let w = 0;

await suite(
  'time travel',
  configure({ minDisplayPrecision: 3, cases: { minSamples: 20 } }),
  add('stateAt(a random event)', () => void timeline.stateAt(randomEvent())),
  add('stateAt(the event before a snapshot: worst case)', () => void timeline.stateAt(worstEvents[w++ % worstEvents.length]!)),
  cycle(),
  complete((summary) => {
    const page = [
      ...factsHeader('Time travel', runFacts(COMMAND, summary.date, ['packages/core/src', 'packages/replay/src'])),
      '',
      `A generated device trace of ${written.lines.toLocaleString('en-US')} lines, ${timeline.length.toLocaleString('en-US')} engine events; the first replay (buildTimeline) took ${buildSeconds.toFixed(1)} s.`,
      '',
      '| query | per query | ± | samples | target |',
      '|---|---:|---:|---:|---:|',
      ...summary.results.map((r) => {
        const ms = 1000 / r.ops;
        return `| ${r.name} | ${ms.toFixed(3)} ms | ${r.margin.toFixed(1)}% | ${r.samples} | < ${TARGET_MS} ms (${ms < TARGET_MS ? 'met' : 'not met'}) |`;
      }),
      '',
    ].join('\n');
    publishPage('time-travel', page);
  }),
  save({ file: 'time-travel', folder: RESULTS, format: 'json' }),
);
