/**
 * How long `heaplab explain` takes on the camera trace of issue 15 (`camera-program.ts`, 386,690
 * lines), whole process, against floors measured in the same run:
 *
 *   node dist/explain-speed.js [RUNS] [NAME=CLI.js ...]
 *
 * Each round runs, in turn: the gunzip floor (one node process that gunzips the trace and counts
 * its lines), `heaplab replay` (the trace read and checked once) for every CLI given, then `heaplab explain` with 1
 * and with 2 worker threads for every CLI given (default: this checkout's, as `now`; name an
 * older build as `before=/path/to/bin/heaplab.js` to compare, with `@plain` after the path for
 * a build without `--workers`: its explain runs once, as it is). Rounds interleave, so load on the
 * machine falls on every row alike; the page gives each row's median and best wall time and the
 * median as a ratio to the gunzip floor.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDeviceTrace } from './device-trace.js';
import { median } from './median.js';
import { publishPage } from './results.js';
import { factsHeader, runFacts } from './run-facts.js';

const [runsArg, ...cliArgs] = process.argv.slice(2);
const RUNS = runsArg === undefined ? 5 : Number(runsArg);
if (!(RUNS >= 1)) throw new Error('usage: node dist/explain-speed.js [RUNS] [NAME=CLI.js ...]');
const here = fileURLToPath(new URL('../../packages/cli/bin/heaplab.js', import.meta.url));
const clis = cliArgs.length === 0 ? [['now', here] as const] : cliArgs.map((arg) => arg.split('=') as [string, string]);

const trace = join(tmpdir(), 'heaplab-camera-386690.ndjson.gz');
if (!existsSync(trace)) {
  await writeDeviceTrace(trace, {
    lines: 2_000_000,
    program: 'camera',
    untilMemoryError: true,
    gzip: true,
    heap: { wordBytes: 4, mpyVersion: '1.27', finaliser: true, areas: [{ bytes: 131072 }] },
  });
}

const FLOOR = `(async()=>{let n=0;for await (const c of require('fs').createReadStream(${JSON.stringify(trace)}).pipe(require('zlib').createGunzip()))for(const b of c)if(b===10)n++;console.log(n)})()`;
/** A CLI named with this suffix has no `--workers` (a build from before it): its explain runs once, as it is. */
const PLAIN = '@plain';
/** Each row's command and the exit status it must end with: 1 for heaplab, which finds the MemoryError. */
const rows: { name: string; args: string[]; status: number }[] = [
  { name: 'gunzip and count lines (floor)', args: ['-e', FLOOR], status: 0 },
  ...clis.map(([name, cli]) => ({ name: `replay (${name})`, args: [cli.replace(PLAIN, ''), 'replay', trace], status: 1 })),
  ...clis.flatMap(([name, cli]) =>
    cli.endsWith(PLAIN)
      ? [{ name: `explain (${name})`, args: [cli.slice(0, -PLAIN.length), 'explain', trace], status: 1 }]
      : [1, 2].map((workers) => ({
          name: `explain, ${workers} worker${workers > 1 ? 's' : ''} (${name})`,
          args: [cli, 'explain', trace, '--workers', String(workers)],
          status: 1,
        })),
  ),
];

const times = rows.map(() => [] as number[]);
for (let round = 0; round < RUNS; round++) {
  rows.forEach((row, i) => {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, row.args, { encoding: 'utf8', env: { ...process.env, HEAPLAB_PROGRESS: 'off' } });
    times[i]!.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (run.status !== row.status) throw new Error(`${row.name}: exit ${run.status}, expected ${row.status}: ${run.stderr}`);
  });
}

const floor = median(times[0]!);
const command = `node benchmarks/dist/explain-speed.js ${RUNS}${cliArgs.map((a) => ` ${a}`).join('')}`;
publishPage(
  'explain-speed',
  [
    ...factsHeader('heaplab explain on a 386,690-line camera trace', runFacts(command, new Date(), ['packages', 'benchmarks'])),
    `- Trace: the camera program of issue 15 (\`write-device-trace OUT 2000000 --camera\`), gzip; ${RUNS} interleaved rounds`,
    '',
    '| run | median s | best s | median / floor |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map(
      (row, i) => `| ${row.name} | ${median(times[i]!).toFixed(2)} | ${Math.min(...times[i]!).toFixed(2)} | ${(median(times[i]!) / floor).toFixed(1)} |`,
    ),
    '',
  ].join('\n'),
);
