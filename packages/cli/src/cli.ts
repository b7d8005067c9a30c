/**
 * The command table: every command, its options and examples. Each action imports its module
 * only when it runs, so start-up does not grow with the number of commands; the table and its help
 * text are static data (no workload, no command module is loaded to build them).
 */
import { Command, Option } from 'commander';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { Output } from './io/output.js';
import { packageVersion } from './package-version.js';
import type { CompareCommandOptions } from './commands/compare/index.js';
import type { RunCommandOptions } from './commands/run/index.js';
import type { FuzzCommandOptions } from './commands/fuzz/index.js';
import type { ReportCommandOptions } from './commands/report/index.js';
import type { ExplainCommandOptions } from './commands/explain/index.js';
import type { RecordCommandOptions } from './commands/record/index.js';
import { mpyVersionOption } from './options/mpy-version.js';
import { WORKLOAD_NAMES } from './workload-names.js';

const EXIT_HELP = `
Exit status:
  ${EXIT.ok}  ok
  ${EXIT.found}  a MemoryError was found (replay, explain, run, fuzz, merge, ingest; inspect --fits: the allocation would fail;
     record: the script stopped with an uncaught exception)
  ${EXIT.input}  bad input (the message names the file, line and field)
  ${EXIT.internal}  internal error in heaplab (please report)
  ${EXIT.diverged}  --verify: the replay diverged from what the device recorded
  ${EXIT.truncated}  the trace was cut short (replay, compare, report, explain), or a capture (ingest) or a dump's map
     (inspect) was: only the lines before the cut were used, and nothing in them called for 1 or 4`;

/** Builds the `heaplab` program; `setExit` records a command's exit status. */
export function buildProgram(output: Output, setExit: (code: ExitCode) => void): Command {
  // The built-in workloads, as the commands that take one list them.
  const workloadNames = WORKLOAD_NAMES.join(', ');
  const program = new Command('heaplab')
    .description('Reproduce, explain and prevent MicroPython heap fragmentation (MemoryError) on the desk.')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeOut: output.out, writeErr: output.err })
    .addHelpText(
      'after',
      `
Examples:
  heaplab                           the demo: a heap that dies of fragmentation, explained
  heaplab ops scenario.ops          run a scenario script, print its transcript
  heaplab run churn --seed 7        a seeded workload: the heap over time and its MemoryError explained
  heaplab compare churn             every allocation strategy on a seeded workload, side by side
  heaplab inspect dump.txt          statistics, fragmentation and a picture of a mem_info(1) dump
  heaplab ingest capture.log        a device's probe snapshots: the heap over time, each MemoryError explained
  heaplab record sensor.py          run a script on the real interpreter and record its GC events as a trace
${EXIT_HELP}`,
    );

  program
    .command('demo')
    .description('run the built-in scenario: a sensor logger whose heap fragments until a 3 KiB request fails')
    .option('--json', 'print the result as one JSON object')
    .addHelpText('after', '\nExample:\n  heaplab demo\n  heaplab demo --json | jq .memoryError')
    .action(async (options: { json?: boolean }) => {
      const { demo } = await import('./commands/demo/index.js');
      setExit(demo(options, output));
    });

  program
    .command('ops')
    .description("run an .ops scenario script and print the transcript of the real allocator's format")
    .argument('<file>', 'the .ops script (the language is described in docs/ops.md)')
    .addOption(mpyVersionOption('to model'))
    .option('--split-heap', 'model a split-heap build (automatic when the script has add lines)')
    .addHelpText('after', '\nExamples:\n  heaplab ops v02_firstfit_hole.ops\n  heaplab ops fuzz_v119.ops --mpy-version 1.19')
    .action(async (file: string, options: { mpyVersion: string; splitHeap?: boolean }) => {
      const { ops } = await import('./commands/ops/index.js');
      setExit(await ops(file, options, output));
    });

  program
    .command('replay')
    .description('replay a device trace (GC event log, plain or .gz): verify placements and checkpoints, reproduce its MemoryError')
    .argument('<trace>', 'the device trace (NDJSON, one GC event a line)')
    .option('--verify', 'exit with status 4 if the engine diverges from the device anywhere')
    .option('--min-heap', 'when the trace fails, find the smallest heap (all regions scaled alike) on which it would not')
    .option('--at <event>', 'also show the heap after this many engine events (time travel)')
    .option('--map', 'show the heap map (micropython.mem_info(1) style) at the end, or at --at')
    .option(
      '--skip-bad-lines',
      'report lines that cannot be decoded or do not fit, skip them and go on (a damaged capture); after lost events (gap lines), resynchronise at the next sync; a last line the file ends inside of is where the capture was cut',
    )
    .option('--from <dump>', 'start an engine trace from the heap in a micropython.mem_info(1) dump (a file, or - for standard input) instead of an empty heap')
    .option('--json', 'print the result as one JSON object')
    .addOption(mpyVersionOption('of the firmware'))
    .addHelpText(
      'after',
      '\nExamples:\n  heaplab replay b_lcg_frag_32k.ndjson --min-heap\n  heaplab replay frames.ndjson.gz --verify --json\n  heaplab replay b_lcg_frag_32k.ndjson --at 9000 --map\n  heaplab replay what-if.ndjson --from device-dump.txt',
    )
    .action(
      async (
        trace: string,
        options: { verify?: boolean; json?: boolean; minHeap?: boolean; at?: string; map?: boolean; from?: string; skipBadLines?: boolean; mpyVersion: string },
      ) => {
        const { replay } = await import('./commands/replay/index.js');
        setExit(await replay(trace, options, output));
      },
    );

  program
    .command('record')
    .description("record a script's GC events on the desk: the real MicroPython 1.27 interpreter (WebAssembly) runs it and writes a device trace")
    .argument('<script>', 'the MicroPython script (.py), or - for standard input')
    .option('--heap <size>', 'the heap: one region, e.g. 32k or 65536 (default 1m)')
    .option('--areas <layout>', 'a split heap: area 0, then the areas added at start-up, e.g. 48k,16k (as on OpenMV)')
    .option('--board <name>', "a board's heap (see heaplab boards)")
    .option('--threshold <bytes>', 'gc.threshold in force from the start (default: off, as on firmware)')
    .option('-o, --output <trace>', 'where to write the trace (.ndjson, or .gz compressed); default SCRIPT.ndjson here')
    .option('--force', 'replace the trace file if it exists')
    .option('--timeout <seconds>', 'stop a script that runs longer (default 60; 0: no limit)')
    .option('--max-trace <size>', 'stop a script whose trace grows past this size, before compression (default 512m; 0: no limit)')
    .option('--json', 'print the summary, with the script output, as one JSON object')
    .addHelpText(
      'after',
      `
Examples:
  heaplab record sensor.py --heap 32k
  heaplab record frames.py --areas 48k,16k -o frames.ndjson.gz
  heaplab record sensor.py --heap 32k && heaplab replay sensor.ndjson --verify

The script's output goes to standard output as the interpreter printed it, the summary to standard
error. Inside the script, heaplab.mark('phase') writes a mark line (import heaplab first).
What a desk recording tells about a device: docs/record.md.

Exit status:
  ${EXIT.ok}  the script ran to its end (a MemoryError it caught included)
  ${EXIT.found}  the script stopped with an uncaught exception (its traceback is printed), or the
     interpreter trapped (an exception it could not report on a full heap); the trace is written
  ${EXIT.input}  bad input, or the script ran longer than --timeout or its trace grew past --max-trace
     (nothing is written)
  ${EXIT.internal}  the recorder cannot run here (its interpreter package is missing or another version)`,
    )
    .action(async (script: string, options: RecordCommandOptions) => {
      const { record } = await import('./commands/record/index.js');
      setExit(await record(script, options, output));
    });

  program
    .command('run')
    .description('run a seeded workload: the heap over time, its marks, and its first MemoryError explained')
    .argument('<workload>', `a workload (${workloadNames}) or a workload spec file (.yaml, .json)`)
    .option('--seed <n>', 'the seed, a whole number (default 1); the same seed always gives the same run')
    .option('--seed-name <name>', 'a seed given by name instead: any text, e.g. release-42')
    .option('--length <events>', "events to run, at most 1000000 (default: the workload's own)")
    .option('--board <name>', "run on a board's heap (see heaplab boards)")
    .option('--areas <layout>', 'run on this heap layout, e.g. 64k or 16k,48k or 4000blk')
    .option('--strategy <spec>', 'allocation strategy, e.g. best-fit or tlsf:sli=5 (default micropython)')
    .option('-o, --output <trace>', 'write the events and marks as an engine trace that heaplab replay reproduces')
    .option('--force', 'replace the output file if it exists')
    .option('--json', 'print the result as one JSON object')
    .addHelpText(
      'after',
      `
Examples:
  heaplab run churn --seed 7
  heaplab run prealloc-vs-alloc
  heaplab run camera-frames --board openmv-h7-v4.5.9 --strategy best-fit
  heaplab run churn --seed 3 -o churn-3.events && heaplab replay churn-3.events`,
    )
    .action(async (workload: string, options: RunCommandOptions) => {
      const { run } = await import('./commands/run/index.js');
      setExit(await run(workload, options, output));
    });

  program
    .command('workloads')
    .description('list the built-in workloads and what each models')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }) => {
      const { allWorkloads } = await import('@heaplab/workloads');
      const list = allWorkloads().map((w) => ({ name: w.name, summary: w.summary, heap: w.heap, defaultLength: w.defaultLength }));
      output.out(options.json === true ? `${JSON.stringify(list)}\n` : list.map((w) => `${w.name.padEnd(18)} ${w.summary}\n`).join(''));
      setExit(EXIT.ok);
    });

  program
    .command('boards')
    .description('list the board presets for --board (the heaps of real devices)')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }) => {
      const { allBoards } = await import('./options/boards.js');
      output.out(
        options.json === true
          ? `${JSON.stringify(allBoards())}\n`
          : allBoards()
              .map((b) => `${b.name.padEnd(18)} ${b.summary}\n`)
              .join(''),
      );
      setExit(EXIT.ok);
    });

  program
    .command('fuzz')
    .description('a fuzz campaign: run a workload over many seeds, looking for MemoryErrors; explain each, shrink it to a reproducer')
    .argument('<workload>', `a workload (${workloadNames}) or a workload spec file (.yaml, .json)`)
    .option('--seeds <list>', 'the seeds, whole numbers: 1..100, 3,7,11, or both mixed as 1..20,33 (default 1..100)')
    .option('--seed-name <name>', 'a seed given by name (any text), run after those of --seeds; repeat for several', collect)
    .option('--length <events>', "events per seed, at most 1000000 (default: the workload's own)")
    .option('--board <name>', "run on a board's heap (see heaplab boards)")
    .option('--areas <layout>', 'run on this heap layout, e.g. 64k or 16k,48k')
    .option('--strategy <spec>', 'allocation strategy (default micropython)')
    .option('--stop-on-first', 'stop at the first seed (in seed order) that fails')
    .option('--minimize', 'shrink each failure to a minimal engine trace that heaplab replay reproduces')
    .option('--max-tests <n>', 'with --minimize: candidate replays allowed per reproducer (default 2000)')
    .option('--out-dir <dir>', "with --minimize: where it writes reproducers, as NAME-seed-SEED.events (default fuzz-NAME; NAME: the workload's name)")
    .option('--force', 'replace reproducer files that exist')
    .option('--shard <i/n>', 'run only the i-th of n shares of the seeds (merge the --json results with heaplab merge)')
    .option('--workers <n>', 'worker threads (default: one per core, fewer when the campaign is too small to keep them busy)')
    .option('--json', 'print the campaign as one JSON object')
    .addHelpText(
      'after',
      `
Examples:
  heaplab fuzz churn --seeds 1..200
  heaplab fuzz growth --seeds 1..50 --stop-on-first --minimize
  heaplab fuzz churn --seeds 1..1000 --shard 2/4 --json > shard-2.json   (one machine of four)
  heaplab merge shard-*.json > campaign.json`,
    )
    .action(async (workload: string, options: FuzzCommandOptions) => {
      const { fuzz } = await import('./commands/fuzz/index.js');
      setExit(await fuzz(workload, options, output));
    });

  program
    .command('merge')
    .description('join the --json results of a sharded fuzz campaign into what the unsharded campaign prints')
    .argument('<shards...>', "every shard's --json output, one file each")
    .addHelpText('after', '\nExample:\n  heaplab merge shard-1.json shard-2.json shard-3.json shard-4.json > campaign.json')
    .action(async (files: string[]) => {
      const { merge } = await import('./commands/merge/index.js');
      setExit(await merge(files, output));
    });

  program
    .command('explain')
    .description('why the first request failed: the patterns over the whole run, ranked, with their evidence, and what to change')
    .argument('<input>', `a trace file (device or engine, plain or .gz), a workload (${workloadNames}) or a workload spec file (.yaml, .json)`)
    .option('--seed <n>', "a workload's seed, a whole number (default 1)")
    .option('--seed-name <name>', "a workload's seed given by name instead: any text")
    .option('--length <events>', "a workload's events (default: its own)")
    .option('--board <name>', "run a workload on a board's heap")
    .option('--areas <layout>', 'run a workload on this heap layout')
    .option('--strategy <spec>', 'run a workload under this strategy')
    .addOption(mpyVersionOption("of a device trace's firmware"))
    .option('--json', 'print the diagnosis as one JSON object')
    .option(
      '--workers <n>',
      "worker threads (default: one per core on a long trace, else 1); with 2 or more, half of a trace's firmware-level remedy trials replay on a worker beside the rest",
    )
    .addHelpText(
      'after',
      `
Causes (spelled so in --json): growing-request, accumulation, pinning, transient-peak, heap-too-small.

Examples:
  heaplab explain b_lcg_frag_32k.ndjson
  heaplab explain churn --seed 38 --json`,
    )
    .action(async (input: string, options: ExplainCommandOptions) => {
      const { explain } = await import('./commands/explain/index.js');
      setExit(await explain(input, options, output));
    });

  program
    .command('report')
    .description('one self-contained HTML page on a trace or a workload run: the heap over time, the failure explained, the strategies compared')
    .argument('<input>', `a trace file (device or engine, plain or .gz), a workload (${workloadNames}) or a workload spec file (.yaml, .json)`)
    .requiredOption('-o, --output <file>', 'the HTML page (or, with --svg, the SVG picture) to write')
    .option('--svg', 'write only the heap map at the failure (or at --at) as one SVG picture, to paste into a bug report')
    .option('--at <event>', 'with --svg: the heap after this many events')
    .option('--compare', 'add the same events under every allocation strategy')
    .option('--seed <n>', "a workload's seed, a whole number (default 1)")
    .option('--seed-name <name>', "a workload's seed given by name instead: any text")
    .option('--length <events>', "a workload's events, at most 1000000 (default: its own)")
    .option('--board <name>', "run a workload on a board's heap")
    .option('--areas <layout>', 'run a workload on this heap layout')
    .option('--strategy <spec>', 'run a workload under this strategy')
    .option('--force', 'replace the output file if it exists')
    .addOption(mpyVersionOption("of a device trace's firmware"))
    .addHelpText(
      'after',
      `
Examples:
  heaplab report b_lcg_frag_32k.ndjson -o report.html --compare
  heaplab report churn --seed 7 -o churn-7.html
  heaplab report b_lcg_frag_32k.ndjson --svg -o failure.svg`,
    )
    .action(async (input: string, options: ReportCommandOptions) => {
      const { report } = await import('./commands/report/index.js');
      setExit(await report(input, options, output));
    });

  program
    .command('serve')
    .description('serve the web page (paste a dump, drop a trace; it runs in the browser) on this machine and print its address')
    .option('--port <n>', 'the port to listen on, 0 for any free one (default 8080)')
    .option('--dir <dir>', 'the built page to serve (default: the page this package carries, in the repository packages/web/dist)')
    .addHelpText(
      'after',
      `
Examples:
  heaplab serve
  heaplab serve --port 9000

The server listens on 127.0.0.1 only and hands out the page's files; what a page is given stays in
the browser. The page is a static folder: any static host serves it too (README, "The web page").`,
    )
    .action(async (options: { port?: string; dir?: string }) => {
      const { serve } = await import('./commands/serve/index.js');
      setExit(await serve(options, output));
    });

  program
    .command('compare')
    .description('run one event stream under several allocation strategies and heap layouts, side by side')
    .argument('<source>', `a workload (${workloadNames}), a workload spec file (.yaml, .json) or a trace file (device or engine trace, plain or .gz)`)
    .option('--strategies <list>', 'comma-separated strategy specs, e.g. micropython,best-fit,tlsf:sli=5,first-fit@by-size=512 (default: all)')
    .option('--seeds <list>', 'workload seeds, whole numbers: 1..20, 3,7,11, or both mixed as 1..20,33 (default 1..8)')
    .option('--seed-name <name>', 'a workload seed given by name (any text), run after those of --seeds; repeat for several', collect)
    .option('--length <events>', "events per workload run, at most 1000000 (default: the workload's own)")
    .option('--areas <layout>', "a heap layout to run on, e.g. 64k or 16k,48k or 4000blk; repeat for several (default: the source's heap)", collect)
    .option('--board <name>', "a board's heap to run on (see heaplab boards); repeat for several", collect)
    .option('--no-safe-heap', 'skip the bisection for the smallest heap that never fails (the slowest column)')
    .option('--workers <n>', 'worker threads (default: one per core, fewer when the campaign is too small to keep them busy)')
    .option('--json', 'print the comparison as one JSON object')
    .option('--csv', 'print the comparison as CSV')
    .addOption(mpyVersionOption("of a device trace's firmware"))
    .addHelpText(
      'after',
      `
Examples:
  heaplab compare churn --seeds 1..20
  heaplab compare camera-frames --strategies micropython,best-fit,two-ended --board openmv-h7 --board openmv-h7-v4.5.9
  heaplab compare b_lcg_frag_32k.ndjson --json > compare.json
  heaplab compare churn --strategies micropython,first-fit@by-size=256 --csv`,
    )
    .action(async (source: string, options: CompareCommandOptions) => {
      const { compare } = await import('./commands/compare/index.js');
      setExit(await compare(source, options, output));
    });

  program
    .command('inspect')
    .description('statistics, fragmentation and a picture of a pasted micropython.mem_info(1) dump; would an allocation fit?')
    .argument('<dump>', 'the mem_info(1) output (a text file, or - for standard input)')
    .option('--fits <request>', 'bytes, or a Python object such as bytearray(640): would it fit?')
    .option('--force', 'with --fits: answer even on a map that cannot be trusted')
    .option('--json', 'print the result as one JSON object')
    .addHelpText(
      'after',
      `
Examples:
  heaplab inspect dump.txt
  heaplab inspect dump.txt --fits 4096
  heaplab inspect dump.txt --fits 4k
  heaplab inspect dump.txt --fits 'bytearray(640)'
  heaplab inspect -                 paste the output, then Ctrl-D
  heaplab inspect - --json < dump.txt | jq .fits

The dump is the first mem_info(1) output in the file (REPL noise around it is fine), with or
without the mem:, stack: and GC: lines above the map. Every figure is computed from the map.
When the GC: lines are there they are checked against it: a disagreement is reported as a
warning (and in --json "mismatches"), the map's figures are shown, and the exit status is not
changed. Lines pasted into the middle of the map are skipped and reported the same way.
--fits places the request with gc.c's first fit on the heap as dumped, with no collection: a
dump cannot tell garbage from live objects. On a map that cannot be trusted (lines pasted into
it, a paste cut off, statistics that disagree) --fits cannot tell, and says why (exit status
2); --force answers on the map as read, and says so (in --json "forced" and "doubt").

--fits takes a number of bytes (one allocation), written as a workload spec writes a size (640,
1k, 1.5k, 2m), or a Python object, whose allocations are placed in the order MicroPython makes
them (docs/python-objects.md; bytes on a 32-bit build, where an object is 16 bytes; on a 64-bit
build an object is 32 bytes and a word 8):
  bytearray(N)    the object (16), then the buffer (N; none for 0)
  bytes(N)        the data and a NUL (N + 1), then the object (16)
  str(N)          N characters, as 'x' * N makes them: the data and a NUL (N + 1), then the object (16)
  list(N)         [None] * N: [None] (16, then 16), then the object (16), then max(N, 4) x 4
  dict(N)         a dict display of N entries: the object (16), then N x 8
  array('h', N)   N items: the object (16), then N x the item size (b 1, h 2, i l f 4, q d 8)

Exit status:
  ${EXIT.ok}  ok (with --fits: the allocation would succeed)
  ${EXIT.found}  --fits: the allocation would fail
  ${EXIT.input}  bad input, or --fits on a map that cannot be trusted (the message names the file and line)`,
    )
    .action(async (dump: string, options: { fits?: string; force?: boolean; json?: boolean }) => {
      const { inspect } = await import('./commands/inspect/index.js');
      setExit(await inspect(dump, options, output));
    });

  program
    .command('ingest')
    .description(
      'read a MicroPython probe capture (heaplab_probe snapshots in a serial log or file): the heap over time, what changed, each MemoryError explained',
    )
    .argument('<log>', 'the capture: a serial log or probe file, or - for standard input')
    .option('--json', 'print the result as one JSON object')
    .addHelpText(
      'after',
      `
Examples:
  heaplab ingest capture.log
  heaplab ingest heap.log --json > series.json
  mpremote run main.py | heaplab ingest -

The capture holds the snapshots of recorder/micropython/heaplab_probe.py (#heaplab-snapshot
markers around micropython.mem_info(1) output), mixed with whatever else the script printed.
Without markers, every mem_info() output in the text is an unlabelled snapshot. A damaged
snapshot (cut off, mangled by line noise) is reported on standard error and skipped.

Exit status:
  ${EXIT.ok}  ok: no snapshot was taken at a MemoryError
  ${EXIT.found}  a snapshot was taken at a MemoryError (explained in the output)
  ${EXIT.input}  bad input: no snapshot could be read (the message names the file and line)`,
    )
    .action(async (log: string, options: { json?: boolean }) => {
      const { ingest } = await import('./commands/ingest/index.js');
      setExit(await ingest(log, options, output));
    });

  program
    .command('minimize')
    .description('shrink a trace that ends in a MemoryError to a small engine trace that still does (delta debugging)')
    .argument('<trace>', 'a device trace or engine trace that ends in a MemoryError')
    .requiredOption('-o, --output <file>', 'where to write the reproducer (an engine trace, NDJSON)')
    .option('--force', 'replace the output file if it exists')
    .addOption(new Option('--max-tests <n>', 'most candidate replays to try').default('10000'))
    .addOption(mpyVersionOption('of the firmware'))
    .option('--json', 'print the result as one JSON object')
    .addHelpText('after', '\nExamples:\n  heaplab minimize b_lcg_frag_32k.ndjson -o repro.ndjson\n  heaplab replay repro.ndjson')
    .action(async (trace: string, options: { output: string; force?: boolean; maxTests: string; mpyVersion: string; json?: boolean }) => {
      const { minimize } = await import('./commands/minimize/index.js');
      setExit(await minimize(trace, options, output));
    });

  // The parser's own errors (an unknown option, a missing argument) as every other bad input: one
  // line with heaplab's prefix (a "Did you mean" joined to it), naming the help of the command typed.
  for (const command of [program, ...program.commands]) {
    const help = command === program ? 'heaplab --help' : `heaplab ${command.name()} --help`;
    const line = (message: string): string =>
      message
        .trim()
        .replace(/^error: /, '')
        .replace(/\s*\n\s*/g, ' ')
        .replace(/\.$/, '');
    command.configureOutput({ outputError: (message) => output.err(`heaplab: ${line(message)} (see ${help})\n`) });
  }
  return program;
}

/** Commander's parser for an option that may be given several times: the values in order. No default, so help shows none. */
function collect(value: string, list: string[] | undefined): string[] {
  return [...(list ?? []), value];
}
