/**
 * Minimisation (issue 16): `heaplab minimize TRACE -o OUT --json` on real and generated traces,
 * the whole command each time, with the heaplab before the structural reducer and with this
 * one, run by run interleaved on the same machine (before, after, before, after, … for each
 * trace). Every reproducer the new one writes is replayed: it must end in the same MemoryError.
 *
 * Run from the repository root, with a build of the old heaplab (`BEFORE_CODE`) somewhere
 * (`git archive a987009 | tar -x -C OLD`, then `pnpm install --offline && pnpm build` in OLD):
 * `npx tsc -b && node benchmarks/dist/minimize-benchmark.js --before OLD/packages/cli/bin/heaplab.js [--rounds 2]`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type InputFacts, inputFacts, type MinimizeInput, minimizeInputs } from './minimize-inputs.js';
import { publishPage, RESULTS } from './results.js';
import { factsHeader, runFacts } from './run-facts.js';

const AFTER = fileURLToPath(new URL('../../packages/cli/bin/heaplab.js', import.meta.url));
/** The commit the old heaplab is built from: where the structural reducer's branch starts. */
const BEFORE_CODE = 'a987009';
const COMMAND = 'npx tsc -b && node benchmarks/dist/minimize-benchmark.js --before OLD/packages/cli/bin/heaplab.js --rounds 2';

/** The fuzz campaign timed with `--minimize` (one worker, so both sides do the same work in one thread). */
const FUZZ = ['fuzz', 'churn', '--seeds', '1..20', '--minimize', '--workers', '1', '--json'];

/** A `--minimize` campaign: how long it took, and its reproducers. */
interface FuzzRun {
  readonly seconds: number;
  readonly reproducers: number;
  readonly events: number;
  readonly minimal: number;
}

/** What one `heaplab minimize --json` printed, and how long the whole command took. */
interface Run {
  readonly seconds: number;
  readonly events: number;
  readonly minimal: boolean;
  readonly tests: number;
  readonly bytes: number;
  readonly keptObjects?: number | null;
  readonly method?: string;
}

const args = process.argv.slice(2);
const before = option('--before');
if (before === undefined) throw new Error('usage: node benchmarks/dist/minimize-benchmark.js --before OLD/packages/cli/bin/heaplab.js [--rounds N]');
const rounds = Number(option('--rounds') ?? '2');

const dir = mkdtempSync(join(tmpdir(), 'heaplab-minimize-bench-'));
const inputs = await minimizeInputs(dir, AFTER);
const facts: InputFacts[] = [];
for (const input of inputs) facts.push(await inputFacts(input.file));
const runs = inputs.map(() => ({ before: [] as Run[], after: [] as Run[] }));
const fuzzRuns = { before: [] as FuzzRun[], after: [] as FuzzRun[] };
for (let round = 1; round <= rounds; round++) {
  inputs.forEach((input, i) => {
    runs[i]!.before.push(minimize(before, input, dir));
    const after = minimize(AFTER, input, dir);
    checkReplay(input, facts[i]!, after, dir);
    runs[i]!.after.push(after);
  });
  fuzzRuns.before.push(fuzz(before, join(dir, `fuzz-before-${round}`)));
  fuzzRuns.after.push(fuzz(AFTER, join(dir, `fuzz-after-${round}`)));
}
rmSync(dir, { recursive: true, force: true });

const date = new Date();
const inputRecords = inputs.map((input, i) => ({ ...input, file: undefined, ...facts[i], ...runs[i] }));
writeFileSync(
  `${RESULTS}minimize.json`,
  `${JSON.stringify({ date, rounds, inputs: inputRecords, fuzz: { command: FUZZ.join(' '), ...fuzzRuns } }, null, 2)}\n`,
);
publishPage('minimize', page(date));

function option(name: string): string | undefined {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
}

/** Runs `heaplab minimize` from `heaplab` on the input and times the whole process. */
function minimize(heaplab: string, input: MinimizeInput, out: string): Run {
  const start = performance.now();
  const text = execFileSync(process.execPath, [heaplab, 'minimize', input.file, '-o', join(out, 'repro.events'), '--force', '--json'], {
    encoding: 'utf8',
    env: { ...process.env, HEAPLAB_PROGRESS: 'off' },
  });
  const seconds = (performance.now() - start) / 1000;
  const printed = JSON.parse(text) as Omit<Run, 'seconds'>;
  return {
    seconds,
    events: printed.events,
    minimal: printed.minimal,
    tests: printed.tests,
    bytes: printed.bytes,
    keptObjects: printed.keptObjects,
    method: printed.method,
  };
}

/** Runs the fuzz campaign with `heaplab` from `heaplab`, its reproducers written to `out`. */
function fuzz(heaplab: string, out: string): FuzzRun {
  const start = performance.now();
  let text: string;
  try {
    execFileSync(process.execPath, [heaplab, ...FUZZ, '--out-dir', out], { encoding: 'utf8', env: { ...process.env, HEAPLAB_PROGRESS: 'off' } });
    throw new Error('the fuzz campaign found no MemoryError');
  } catch (failed) {
    // Exit status 1: MemoryErrors found, as this campaign finds them.
    if ((failed as { status?: number }).status !== 1) throw failed;
    text = (failed as { stdout: string }).stdout;
  }
  const seconds = (performance.now() - start) / 1000;
  type Printed = { runs: { failure: { reproducer: { events: number; minimal: boolean } } | null }[] };
  const reproducers = (JSON.parse(text) as Printed).runs.flatMap((run) => (run.failure === null ? [] : [run.failure.reproducer]));
  return {
    seconds,
    reproducers: reproducers.length,
    events: reproducers.reduce((sum, r) => sum + r.events, 0),
    minimal: reproducers.filter((r) => r.minimal).length,
  };
}

/** The reproducer just written must replay to a MemoryError for the same request. */
function checkReplay(input: MinimizeInput, facts: InputFacts, run: Run, out: string): void {
  let text: string;
  try {
    text = execFileSync(process.execPath, [AFTER, 'replay', join(out, 'repro.events'), '--json'], { encoding: 'utf8' });
  } catch (failed) {
    // Exit status 1: the replay found a MemoryError, which it must.
    if ((failed as { status?: number }).status !== 1) throw failed;
    text = (failed as { stdout: string }).stdout;
  }
  const error = (JSON.parse(text) as { memoryError: { bytes: number; reproduced: boolean; event: number } | null }).memoryError;
  if (error?.bytes !== facts.bytes || !error.reproduced || error.event !== run.events)
    throw new Error(`${input.name}: the reproducer does not end in the same MemoryError`);
}

function page(date: Date): string {
  const seconds = (list: readonly Run[]): string => list.map((run) => run.seconds.toFixed(1)).join(' / ');
  const rows = inputs.map((input, i) => {
    const f = facts[i]!;
    const { before: old, after: now } = runs[i]!;
    const last = now.at(-1)!;
    const was = old.at(-1)!;
    return `| ${input.name} | ${f.failureLine.toLocaleString('en-US')} | ${f.allocations.toLocaleString('en-US')} | ${f.liveObjects.toLocaleString('en-US')} | ${f.fewestInPlace} | ${seconds(old)} | ${was.events.toLocaleString('en-US')} | ${yes(was.minimal)} | ${seconds(now)} | ${last.events} | ${last.keptObjects ?? '–'} | ${yes(last.minimal)} | ${last.tests.toLocaleString('en-US')} | ${last.method} |`;
  });
  return [
    ...factsHeader('Minimisation, before and after the structural reducer', runFacts(COMMAND, date, ['packages/analysis/src', 'packages/replay/src'])),
    '',
    `\`heaplab minimize TRACE -o OUT --json\`, the whole command (reading the trace included), in ${rounds} ${rounds === 1 ? 'round' : 'rounds'}; in each round every trace ran once`,
    `with the old heaplab (${BEFORE_CODE}), then once with this one. Times are per round, in seconds. Before: delta debugging over the`,
    "trace's own events (10,000 candidate replays at most, the default). After: the heap at the failure rebuilt and its",
    'objects dropped by delta debugging. Every reproducer of the new one was replayed and ends in the same MemoryError.',
    '',
    '| trace | line of the failure | allocations before it | live objects then | fewest kept in place | before: s | before: events | before: 1-minimal | after: s | after: events | after: objects kept | after: 1-minimal | after: replays | after: method |',
    '|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|---:|---|',
    ...rows,
    '',
    `\`heaplab ${FUZZ.join(' ')} --out-dir D\`, the whole command, interleaved the same way (the default \`--max-tests\`, 2,000 a reproducer):`,
    '',
    '| heaplab | s | reproducers | their events | 1-minimal |',
    '|---|---:|---:|---:|---:|',
    ...(['before', 'after'] as const).map((side) => {
      const list = fuzzRuns[side];
      const last = list.at(-1)!;
      return `| ${side} | ${list.map((run) => run.seconds.toFixed(1)).join(' / ')} | ${last.reproducers} | ${last.events.toLocaleString('en-US')} | ${last.minimal} |`;
    }),
    '',
    '| target (issue 16) | trace | after: slowest run, events, 1-minimal | met |',
    '|---|---|---|---|',
    ...targets(),
    '',
    'Made by:',
    '',
    ...inputs.map((input) => `- ${input.name}: \`${input.made}\``),
    '',
    '"Fewest kept in place" is a lower bound for any reproducer that keeps objects where they were: the fewest live',
    'objects that leave no free run as long as the request (a greedy cover, which is optimal). Each is one event, and',
    'each not right after the one before needs a filler before it, so on the 512 KiB heap (32,016 blocks, a request',
    'of about 126) no such reproducer has 200 events or fewer; keeping fewer objects would mean moving them.',
    '',
  ].join('\n');
}

function targets(): string[] {
  return inputs.flatMap((input, i) => {
    const { target } = input;
    if (target === undefined) return [];
    const now = runs[i]!.after;
    const slowest = Math.max(...now.map((run) => run.seconds));
    const last = now.at(-1)!;
    const met = [slowest <= target.seconds ? 'time yes' : 'time no'];
    if (target.events !== undefined) met.push(last.events <= target.events ? 'events yes' : 'events no', last.minimal ? '1-minimal yes' : '1-minimal no');
    return [`| ${target.what} | ${input.name} | ${slowest.toFixed(1)} s, ${last.events} events, ${yes(last.minimal)} | ${met.join(', ')} |`];
  });
}

function yes(value: boolean): string {
  return value ? 'yes' : 'no';
}
