/**
 * Start-up (issue 16, part 2): how long each `heaplab` command takes from the process start to its
 * first output, and to its exit, beside bare `node -e 0` measured in the same rounds. Every round
 * runs every command under every CLI given, in a rotating order, so that the load of a shared
 * machine falls on all of them alike; the table gives medians and their ratio to `node -e 0`.
 * Each CLI must print the same bytes and exit with the same status for each command (checked on
 * the first round).
 *
 * Run from the repository root, after `pnpm build`:
 *   pnpm --filter @heaplab/benchmarks bench:startup
 *   pnpm --filter @heaplab/benchmarks bench:startup --cli before=/path/to/old/packages/cli/bin/heaplab.js \
 *     --cli after=packages/cli/bin/heaplab.js --runs 31 --note 'before: commit abc1234, built in /path/to/old'
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './median.js';
import { factsHeader, runFacts } from './run-facts.js';
import { publishPage, RESULTS } from './results.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const DUMP = 'packages/core/test/fixtures/oracle/b_fragmentation.mcu.out.txt';
const TRACE = 'packages/replay/test/fixtures/traces/a_big_list_64k.ndjson';

/** The commands timed, as given after `heaplab` (inputs relative to the repository root). */
const COMMANDS: readonly (readonly string[])[] = [
  ['--version'],
  ['--help'],
  ['inspect', DUMP],
  ['replay', TRACE],
  ['run', 'churn', '--length', '10'],
  ['run', 'packages/workloads/examples/sensor-logger.yaml', '--length', '10'],
  ['demo'],
  ['ops', 'packages/core/test/fixtures/conformance/v04_realloc.ops'],
  ['ingest', 'packages/cli/test/fixtures/probe-capture.txt'],
  ['explain', TRACE],
  ['workloads'],
  ['fuzz', 'churn', '--seeds', '1..4', '--length', '100', '--workers', '2'],
];

/** One timed process. */
interface Sample {
  /** Milliseconds from the spawn to the first byte on stdout or stderr (the exit, when it printed nothing). */
  readonly firstMs: number;
  /** Milliseconds from the spawn to the process's end (its streams closed). */
  readonly exitMs: number;
  readonly status: number | null;
  readonly output: string;
}

/** Runs `node args` with its output captured, and times it. */
function timed(args: readonly string[]): Promise<Sample> {
  return new Promise((done, fail) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HEAPLAB_PROGRESS: 'off' } });
    let first: number | undefined;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const take = (into: Buffer[]) => (chunk: Buffer) => {
      first ??= performance.now() - start;
      into.push(chunk);
    };
    child.stdout.on('data', take(out));
    child.stderr.on('data', take(err));
    child.on('error', fail);
    child.on('close', (status) => {
      const exitMs = performance.now() - start;
      done({ firstMs: first ?? exitMs, exitMs, status, output: `${Buffer.concat(out).toString('utf8')}\u0000${Buffer.concat(err).toString('utf8')}` });
    });
  });
}

const { values } = parseArgs({
  options: { cli: { type: 'string', multiple: true }, runs: { type: 'string', default: '21' }, note: { type: 'string' } },
});
const clis = (values.cli ?? ['after=packages/cli/bin/heaplab.js']).map((spec) => {
  const at = spec.indexOf('=');
  if (at <= 0) throw new Error(`--cli takes label=path/to/bin/heaplab.js, not ${spec}`);
  return { label: spec.slice(0, at), bin: resolve(REPO, spec.slice(at + 1)) };
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number, not ${values.runs}`);
const command = ['pnpm --filter @heaplab/benchmarks bench:startup', ...(values.cli ?? []).map((spec) => `--cli ${spec}`), `--runs ${runs}`].join(' ');
/** What the CLIs are (e.g. which commit "before" was built from), printed under the facts. */
const note = values.note === undefined ? [] : ['', values.note];

const date = new Date();
const loadBefore = loadavg()[0]!;
const baseline: Sample[] = [];
/** samples[command][cli] */
const samples = COMMANDS.map(() => clis.map((): Sample[] => []));
for (let round = 0; round < runs; round++) {
  for (const [c, args] of COMMANDS.entries()) {
    // node -e 0 first or last in turn, and the CLIs in a rotating order.
    const order = [-1, ...clis.map((_, i) => i)];
    const shift = (round + c) % order.length;
    for (const k of [...order.slice(shift), ...order.slice(0, shift)]) {
      if (k === -1) baseline.push(await timed(['-e', '0']));
      else samples[c]![k]!.push(await timed([clis[k]!.bin, ...args]));
    }
  }
}
const loadAfter = loadavg()[0]!;

const node = median(baseline.map((s) => s.exitMs));
const rows = COMMANDS.map((args, c) => {
  const per = clis.map((cli, k) => {
    const list = samples[c]![k]!;
    const first = median(list.map((s) => s.firstMs));
    return { cli: cli.label, firstMs: first, exitMs: median(list.map((s) => s.exitMs)), firstVsNode: first / node, status: list[0]!.status };
  });
  const outputs = clis.map((_, k) => samples[c]![k]![0]!);
  const identical = outputs.every((s) => s.output === outputs[0]!.output && s.status === outputs[0]!.status);
  return { command: `heaplab ${args.join(' ')}`, identical, clis: per };
});

const ms = (value: number): string => value.toFixed(0);
const header = ['command', ...clis.flatMap((c) => [`${c.label}: first output (ms)`, `× node`, `exit (ms)`]), ...(clis.length > 1 ? ['same output'] : [])];
const page = [
  ...factsHeader('Start-up', runFacts(command, date, ['packages/cli/src', 'packages/cli/bin'])),
  ...note,
  '',
  `${runs} interleaved rounds on a shared machine (1-minute load average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end).`,
  `Medians. \`node -e 0\`: ${ms(node)} ms to its exit. "× node" is the first output's median over that.`,
  'First output: from the spawn to the first byte on stdout or stderr (the same as the exit for a command that',
  'writes everything at the end). Commands run from the repository root with HEAPLAB_PROGRESS=off.',
  '',
  `| ${header.join(' | ')} |`,
  `|---|${header
    .slice(1)
    .map(() => '---:')
    .join('|')}|`,
  ...rows.map(
    (row) =>
      `| \`${row.command}\` | ${row.clis.flatMap((r) => [ms(r.firstMs), `${r.firstVsNode.toFixed(2)}×`, ms(r.exitMs)]).join(' | ')}${clis.length > 1 ? ` | ${row.identical ? 'yes' : '**no**'}` : ''} |`,
  ),
  '',
].join('\n');
publishPage('startup', page);
writeFileSync(
  `${RESULTS}startup.json`,
  `${JSON.stringify({ date: date.toISOString(), command, note: values.note ?? null, runs, load: { before: loadBefore, after: loadAfter }, nodeMs: node, clis, rows }, null, 2)}\n`,
);
if (rows.some((row) => !row.identical)) {
  console.error(
    `different output for: ${rows
      .filter((row) => !row.identical)
      .map((row) => row.command)
      .join(', ')}`,
  );
  process.exitCode = 1;
}
