/**
 * Timeline memory: the memory a built timeline holds per engine event (JS heap and ArrayBuffers), and the build's time,
 * for each trace given, measured in a fresh process each time (`timeline-memory-once.ts`). With
 * `--before ENTRY` (another build's packages/replay/dist/index.js) it measures that build too,
 * the two interleaved run by run, so a busy machine weighs on both alike; medians are reported.
 * Writes results/timeline-memory.md.
 *
 * Run from the repository root:
 *   npx tsc -b && node benchmarks/dist/timeline-memory.js [--runs N] [--before ENTRY [--label TEXT]] TRACE…
 * (`--label` names the other build in the table; default "before".)
 */
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './median.js';
import { publishPage } from './results.js';
import { factsHeader, runFacts } from './run-facts.js';
import type { TimelineMemoryOnce } from './timeline-memory-once.js';

const ONCE = fileURLToPath(new URL('./timeline-memory-once.js', import.meta.url));

const args = process.argv.slice(2);
let runs = 5;
let before: string | null = null;
let label = 'before';
const files: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--before') before = args[++i] ?? null;
  else if (args[i] === '--label') label = args[++i] ?? label;
  else files.push(args[i]!);
}
if (files.length === 0 || !Number.isSafeInteger(runs) || runs < 1)
  throw new Error('usage: node benchmarks/dist/timeline-memory.js [--runs N] [--before REPLAY_ENTRY [--label TEXT]] TRACE…');

const builds: { readonly name: string; readonly entry: string | null }[] = [
  ...(before === null ? [] : [{ name: label, entry: before }]),
  { name: 'this code', entry: null },
];

function once(file: string, entry: string | null): TimelineMemoryOnce {
  const argv = ['--expose-gc', ONCE, file, ...(entry === null ? [] : [entry])];
  return JSON.parse(execFileSync(process.execPath, argv, { encoding: 'utf8' })) as TimelineMemoryOnce;
}

const rows: string[] = [];
for (const file of files) {
  const measured = builds.map(() => [] as TimelineMemoryOnce[]);
  for (let run = 0; run < runs; run++) {
    builds.forEach((build, b) => {
      const result = once(file, build.entry);
      measured[b]!.push(result);
      console.log(
        `${basename(file)} ${build.name} run ${run + 1}: ${result.events} events, ${(result.heapBytes / result.events).toFixed(1)} + ${(result.arrayBufferBytes / result.events).toFixed(1)} B/event, ${result.milliseconds.toFixed(0)} ms`,
      );
    });
  }
  builds.forEach((build, b) => {
    const results = measured[b]!;
    const events = results[0]!.events;
    if (results.some((r) => r.events !== events)) throw new Error(`${file}: the runs of ${build.name} disagree on the number of events`);
    const heap = median(results.map((r) => r.heapBytes / r.events));
    const all = median(results.map((r) => (r.heapBytes + r.arrayBufferBytes) / r.events));
    const ms = median(results.map((r) => r.milliseconds));
    const scrub = median(results.map((r) => r.slowestStateAtMs));
    rows.push(
      `| ${basename(file)} | ${build.name} | ${events.toLocaleString('en-US')} | ${heap.toFixed(1)} | ${all.toFixed(1)} | ${((all * events) / 1e6).toFixed(1)} | ${ms.toFixed(0)} | ${scrub.toFixed(1)} |`,
    );
  });
}

const command = `node benchmarks/dist/timeline-memory.js ${process.argv
  .slice(2)
  .map((arg) => (/^[\w./:@=-]+$/.test(arg) ? arg : `'${arg}'`))
  .join(' ')}`;
const facts = runFacts(command, new Date(), ['packages/core/src', 'packages/replay/src']);
publishPage(
  'timeline-memory',
  [
    ...factsHeader('Timeline memory', facts),
    '',
    `The memory a built timeline holds per engine event (after a full collection, less before; one-time costs of the first replay in a process count too): the JS heap alone, and with the ArrayBuffers where typed arrays keep their contents. The time is \`buildTimeline\`'s; the slowest \`stateAt\` is the worst of 256 calls spread evenly over the trace, after a first pass over the same events has warmed the code up (what the page's scrubber pays for one frame's heap, before drawing it). Medians of ${runs} runs each, every run a fresh process${before === null ? '' : ', the builds interleaved run by run'}.`,
    '',
    '| trace | build | events | heap B/event | heap + ArrayBuffers B/event | MB held | build ms | slowest stateAt ms |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n'),
);
