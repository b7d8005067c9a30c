/**
 * Page scale (issue 17): a large gzip trace chosen in the web page (packages/web's build, served
 * by `heaplab serve`) in Debian's chromium, headless, through playwright-core, a fresh browser (with a profile of its own on disk) each
 * run:
 *
 *   node benchmarks/dist/page-scale.js [--timeout-min M] TRACE[=RUNS] ...
 *
 * For each run it records, on the page's own clock: the time from the file chosen (the input's
 * `change`) to `[data-testid="result-json"]` holding the replay's JSON, and when the status line
 * turned to "diagnosing" (the worker done reading); the browser's memory, read from /proc every
 * 100 ms (the PSS of all its processes, and the largest single process, the renderer that runs
 * the worker); then the scrubber: keyboard steps (Home, End, the arrows, Page Up and Down) and
 * slider moves to events spread over the trace, each as far as can be from the timeline's
 * snapshots, timed from the key (or move) to the readout showing that event and to the next
 * animation frame. A tab that crashes, an error the page shows, or no result within the timeout
 * is recorded as the run's outcome, with the last status the page showed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { median } from './median.js';
import { lastFrame, moveSlider, replayState, resultJson, startReplayClocks, startScrubClocks } from './page-probe.js';
import { sampleTreeMemory, treeMemory, descendants, type TreeMemory } from './process-tree-memory.js';
import { publishPage } from './results.js';
import { factsHeader, runFacts } from './run-facts.js';

const CLI = fileURLToPath(new URL('../../packages/cli/bin/heaplab.js', import.meta.url));
const CHROMIUM = process.env.HEAPLAB_CHROMIUM ?? '/usr/bin/chromium';
/** The timeline keeps a snapshot every this many events (packages/replay): a state just before the next one costs the most to make. */
const SNAPSHOT_EVERY = 4096;
const MB = 1e6;

const { values, positionals } = parseArgs({ options: { 'timeout-min': { type: 'string', default: '30' } }, allowPositionals: true });
const TIMEOUT_MS = Number(values['timeout-min']) * 60_000;
const traces = positionals.map((arg) => {
  const at = arg.lastIndexOf('=');
  return at < 0 ? { file: arg, runs: 1 } : { file: arg.slice(0, at), runs: Number(arg.slice(at + 1)) };
});
if (traces.length === 0 || traces.some((t) => !(t.runs >= 1)) || !(TIMEOUT_MS > 0))
  throw new Error('usage: node dist/page-scale.js [--timeout-min M] TRACE[=RUNS] ...');

/** One scrub step: what was done, to which event, and its times (null when the frame never came). */
interface Step {
  readonly how: string;
  readonly event: number;
  readonly shownMs: number | null;
  readonly frameMs: number | null;
}

/** One run of one trace. */
interface Run {
  /** `ok`, or what went wrong, as precisely as the page let us see. */
  readonly outcome: string;
  readonly lines: number | null;
  readonly events: number | null;
  /** ms from the file chosen to the result JSON. */
  readonly jsonMs: number | null;
  /** ms from the file chosen to the status line's "diagnosing" (the worker done reading and replaying). */
  readonly readMs: number | null;
  /** ms the worker took by its own clock (from the replay's start to its result), as the status line's "replayed in X s" says it. */
  readonly workerMs: number | null;
  readonly idle: TreeMemory;
  readonly peak: { readonly pss: TreeMemory; readonly rss: TreeMemory };
  /** The browser's memory a second after the result, with the replay kept for the scrubber. */
  readonly settled: TreeMemory | null;
  readonly steps: readonly Step[];
  readonly load: readonly [number, number];
  /** The browser's version. */
  readonly browser: string;
}

/** `heaplab serve --port 0`, and its address once it prints it. */
async function startServer(): Promise<{ url: string; pid: number; stop: () => void }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const found = /http:\/\/\S+/.exec(out);
      if (found !== null) done(found[0]);
    });
    child.on('exit', (code) => fail(new Error(`heaplab serve exited (${code}) before printing its address: ${out}`)));
  });
  return { url, pid: child.pid!, stop: () => child.kill() };
}

/** Seconds `heaplab replay FILE` takes, whole process: the same replay outside the browser, on the machine as loaded now. */
function cliReplaySeconds(file: string): number {
  const start = performance.now();
  const ran = spawnSync(process.execPath, [CLI, 'replay', file], { encoding: 'utf8', env: { ...process.env, HEAPLAB_PROGRESS: 'off' } });
  if (ran.status !== 0 && ran.status !== 1) throw new Error(`heaplab replay ${file}: exit ${ran.status}: ${ran.stderr}`);
  return (performance.now() - start) / 1000;
}

/** The steps of the scrubber over `events` events, from where it starts: keys first, then slider moves. */
function plannedSteps(events: number): { how: string; key?: string; event: number }[] {
  const tenth = Math.max(1, Math.round(events / 10));
  const keys: { how: string; key: string; event: number }[] = [];
  let at = 0;
  const key = (name: string, to: number): void => {
    at = Math.max(0, Math.min(events, to));
    keys.push({ how: `key ${name}`, key: name, event: at });
  };
  key('Home', 0);
  key('ArrowRight', 1);
  key('ArrowRight', 2);
  key('End', events);
  key('ArrowLeft', events - 1);
  key('PageDown', at - tenth);
  key('PageDown', at - tenth);
  key('PageUp', at + tenth);
  // Slider moves: a seventh of the way apart, each on the event just before a snapshot (the most events to apply).
  const moves = [1, 2, 3, 4, 5, 6, 7].map((k) => {
    const near = Math.floor((events * k) / 8 / SNAPSHOT_EVERY) * SNAPSHOT_EVERY + SNAPSHOT_EVERY - 1;
    return { how: 'slider move', event: Math.min(events, near) };
  });
  return [...keys, ...moves];
}

/** Takes the steps, each once the frame before it is shown; a step without its frame within 60 s ends them. */
async function scrub(page: Page, events: number): Promise<Step[]> {
  await page.evaluate(startScrubClocks);
  await page.focus('[data-testid="scrub-input"]');
  const steps: Step[] = [];
  for (const step of plannedSteps(events)) {
    const { count } = await page.evaluate(lastFrame);
    if (step.key !== undefined) await page.keyboard.press(step.key);
    else await page.evaluate(moveSlider, step.event);
    const shown = await page
      .waitForFunction(
        ({ count, event }) => {
          const { frames } = (window as unknown as { heaplabBench: { frames: { text: string }[] } }).heaplabBench;
          return frames.length > count && frames.at(-1)!.text.startsWith(`after event ${event} `);
        },
        { count, event: step.event },
        { timeout: 60_000 },
      )
      .then(
        () => true,
        () => false,
      );
    const { last } = await page.evaluate(lastFrame);
    steps.push({ how: step.how, event: step.event, shownMs: shown ? last!.shownMs : null, frameMs: shown ? last!.frameMs : null });
    if (!shown) break;
  }
  return steps;
}

/** One run: a fresh browser, the page, the trace chosen, its replay watched, then the scrubber. */
async function run(file: string, url: string, serverPid: number): Promise<Run> {
  const load1 = loadavg()[0]!;
  // A profile on disk, as a user's browser has: the page's private file system (where it keeps a
  // long trace's events) is then a folder of it, not memory as in a throwaway context.
  const profile = mkdtempSync(join(tmpdir(), 'heaplab-page-scale-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    viewport: { width: 1280, height: 900 },
  });
  const skip = new Set([serverPid]);
  try {
    const page = await context.newPage();
    let crashed = false;
    page.on('crash', () => {
      crashed = true;
    });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(url);
    await page.evaluate(startReplayClocks);
    const idle = treeMemory(descendants(process.pid, skip));
    const sampler = sampleTreeMemory(process.pid, skip);
    const started = performance.now();
    await page.setInputFiles('[data-testid="trace-input"]', file);
    let outcome = 'ok';
    let state: Awaited<ReturnType<typeof replayState>> | null = null;
    for (;;) {
      await new Promise((done) => setTimeout(done, 250));
      if (crashed) {
        outcome = 'the tab crashed';
        break;
      }
      state = await page.evaluate(replayState).catch(() => state);
      if (state?.clocks.json != null) break;
      if (state?.error != null) {
        outcome = `the page showed an error: ${state.error}`;
        break;
      }
      if (problems.length > 0) {
        outcome = `the page logged an error: ${problems.join('; ')}`;
        break;
      }
      if (performance.now() - started > TIMEOUT_MS) {
        outcome = `no result after ${TIMEOUT_MS / 60_000} min`;
        break;
      }
    }
    sampler.stop();
    const peak = sampler.peak();
    const last = state?.clocks.status.at(-1)?.text;
    if (outcome !== 'ok')
      outcome += ` (${((performance.now() - started) / 1000).toFixed(0)} s after the file was chosen; the status line last said "${last ?? ''}", the progress bar at ${state?.progress ?? '?'})`;
    const clocks = state?.clocks;
    const chosen = clocks?.chosen ?? null;
    const since = (at: number | null | undefined): number | null => (at == null || chosen === null ? null : at - chosen);
    const diagnosing = clocks?.status.find((s) => s.text.includes('diagnosing'))?.at;
    const replayedIn = clocks?.status.map((s) => /replayed in ([\d.]+) s/.exec(s.text)).find((m) => m !== null);
    let lines: number | null = null;
    let events: number | null = null;
    let settled: TreeMemory | null = null;
    let steps: Step[] = [];
    if (outcome === 'ok') {
      const json = JSON.parse(await page.evaluate(resultJson)) as { lines: number; events: number };
      ({ lines, events } = json);
      await new Promise((done) => setTimeout(done, 1000));
      settled = treeMemory(descendants(process.pid, skip));
      steps = await scrub(page, events);
      if (steps.some((s) => s.frameMs === null)) outcome = `a scrub step (${steps.at(-1)!.how} to event ${steps.at(-1)!.event}) showed no frame within 60 s`;
    }
    return {
      outcome,
      lines,
      events,
      jsonMs: since(clocks?.json),
      readMs: since(diagnosing),
      workerMs: replayedIn == null ? null : Number(replayedIn[1]) * 1000,
      idle,
      peak,
      settled,
      steps,
      load: [load1, loadavg()[0]!],
      browser: context.browser()?.version() ?? '?',
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const server = await startServer();
const rows: { file: string; bytes: number; runs: Run[]; cli: number }[] = [];
try {
  for (const { file, runs } of traces) {
    const row = { file, bytes: statSync(file).size, runs: [] as Run[], cli: cliReplaySeconds(file) };
    console.log(`${basename(file)}: heaplab replay in ${row.cli.toFixed(2)} s`);
    rows.push(row);
    for (let i = 0; i < runs; i++) {
      const done = await run(file, server.url, server.pid);
      row.runs.push(done);
      console.log(
        `${basename(file)} run ${i + 1}: ${done.outcome}; JSON after ${done.jsonMs === null ? '-' : (done.jsonMs / 1000).toFixed(2)} s, peak PSS ${(done.peak.pss.pssBytes / MB).toFixed(0)} MB, ${done.steps.length} scrub steps`,
      );
    }
  }
} finally {
  server.stop();
}

/** `values`' median with `digits` decimals, or '-' when there are none. */
function med(values: readonly (number | null)[], scale = 1, digits = 0): string {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? '-' : (median(present) / scale).toFixed(digits);
}
/** A run's scrub times: to the readout (`shownMs`) or to the next animation frame (`frameMs`). */
const stepTimes = (run: Run, which: 'shownMs' | 'frameMs'): number[] => run.steps.flatMap((s) => (s[which] === null ? [] : [s[which]]));
/** Median and worst of the runs' step times, as `m / w`. */
const scrubCell = (runs: readonly Run[], which: 'shownMs' | 'frameMs'): string => {
  const all = runs.flatMap((r) => stepTimes(r, which));
  return all.length === 0 ? '- / -' : `${median(all).toFixed(1)} / ${Math.max(...all).toFixed(1)}`;
};
const count = (n: number | null): string => (n === null ? '-' : n.toLocaleString('en-US'));

/** The table's row for a trace: its size, the outcomes, and the medians of its runs. */
function tableRow(file: string, bytes: number, runs: readonly Run[], cli: number): string {
  const cells = [
    basename(file),
    (bytes / MB).toFixed(1),
    count(runs[0]!.lines),
    count(runs[0]!.events),
    String(runs.length),
    [...new Set(runs.map((r) => r.outcome))].join('; '),
    med(
      runs.map((r) => r.jsonMs),
      1000,
      2,
    ),
    med(
      runs.map((r) => r.readMs),
      1000,
      2,
    ),
    med(
      runs.map((r) => r.workerMs),
      1000,
      2,
    ),
    med(
      runs.map((r) => r.idle.pssBytes),
      MB,
    ),
    med(
      runs.map((r) => r.peak.pss.pssBytes),
      MB,
    ),
    med(
      runs.map((r) => r.peak.rss.largestRssBytes),
      MB,
    ),
    med(
      runs.map((r) => r.settled?.pssBytes ?? null),
      MB,
    ),
    scrubCell(runs, 'shownMs'),
    scrubCell(runs, 'frameMs'),
    cli.toFixed(2),
    runs.map((r) => `${r.load[0].toFixed(1)}→${r.load[1].toFixed(1)}`).join(', '),
  ];
  return `| ${cells.join(' | ')} |`;
}

const command = `node benchmarks/dist/page-scale.js${process.argv
  .slice(2)
  .map((a) => ` ${a}`)
  .join('')}`;
publishPage(
  'page-scale',
  [
    ...factsHeader('A large trace dropped into the web page', runFacts(command, new Date(), ['packages', 'benchmarks'])),
    `- Browser: ${CHROMIUM}, Chromium ${rows[0]?.runs[0]?.browser ?? '?'} (headless, \`--no-sandbox --disable-gpu --disable-dev-shm-usage\`), a fresh one each run with a profile of its own on disk, 1280 × 900`,
    '',
    'From the file chosen in `[data-testid="trace-input"]` to `[data-testid="result-json"]` holding the replay JSON, on the page\'s clock ("read": when the status line turns to "diagnosing", the worker having read and replayed the whole trace; "worker": the time the worker took by its own clock, from its start on the file to its result, as the status line says it, in tenths of a second; the rest of "to JSON" is starting the worker, handing the result over and drawing it). Memory is read from /proc every 100 ms while the replay runs: the PSS summed over all the browser\'s processes, and the resident set of the largest process (the renderer, which runs the worker). "Settled" is the PSS a second after the result, the replay kept for the scrubber. Scrub steps: 8 keyboard steps (Home, the arrows, End, Page Up and Down) and 7 slider moves spread over the trace, each to the event just before a snapshot, timed from the key (or move) to the readout showing the event (its heap map drawn in the same task) and to the next animation frame after it (which waits for the display\'s next frame, up to 16.7 ms). "CLI replay" is `heaplab replay TRACE` on the same trace, whole process, once before the trace\'s runs: the replay outside the browser on the machine as loaded then. Medians over the runs (each step counted once per run).',
    '',
    '| trace | gz MB | lines | events | runs | outcome | to JSON s | read s | worker s | idle PSS MB | peak PSS MB | peak renderer RSS MB | settled PSS MB | scrub to readout ms, median / worst | scrub to frame ms, median / worst | CLI replay s | load (1 min) |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(({ file, bytes, runs, cli }) => tableRow(file, bytes, runs, cli)),
    '',
    '## Every run',
    '',
    ...rows.flatMap(({ file, runs }) =>
      runs.map(
        (r, i) =>
          `- ${basename(file)}, run ${i + 1}: ${r.outcome}; to JSON ${r.jsonMs === null ? '-' : `${(r.jsonMs / 1000).toFixed(2)} s`}; peak PSS ${(r.peak.pss.pssBytes / MB).toFixed(0)} MB in ${r.peak.pss.processes} processes, the largest ${(r.peak.rss.largestRssBytes / MB).toFixed(0)} MB (${r.peak.rss.largestType}); scrub steps (ms to the frame): ${
            r.steps.map((s) => `${s.how} to ${s.event}: ${s.frameMs === null ? 'none' : s.frameMs.toFixed(1)}`).join(', ') || 'none'
          }`,
      ),
    ),
    '',
  ].join('\n'),
);
