/**
 * `heaplab record`, run in this process through `main` (arguments, exit status, what goes to
 * standard output and standard error, the trace file). What the traces are worth is the record
 * package's fidelity suite; here, the command around it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { replayTrace } from '@heaplab/replay';
import { record } from '../src/commands/record/index.js';
import { EXIT } from '../src/exit-codes.js';
import { main } from '../src/main.js';
import { capturedOutput } from './support/captured-output.js';

/** Recordings start a fresh interpreter thread each; the first may build the binary. */
const SLOW = 120_000;

const directory = mkdtempSync(join(tmpdir(), 'heaplab-record-cli-'));
const file = (name: string, content?: string): string => {
  const path = join(directory, name);
  if (content !== undefined) writeFileSync(path, content);
  return path;
};

const SCRIPT = `import gc
x = [bytearray(100) for i in range(20)]
print("free", gc.mem_free())
try:
    y = bytearray(100000)
except MemoryError:
    print("caught")
`;

/** A script that never ends, writing some 70 MB of trace a second. */
const CHURN = 'l = []\nwhile True:\n    l.append(bytearray(10))\n    if len(l) > 100:\n        l = []\n';

describe('heaplab record', () => {
  it(
    'prints what the script printed, the summary on standard error, and writes a trace that replays exactly',
    async () => {
      const script = file('caught.py', SCRIPT);
      const trace = file('caught.ndjson');
      const output = capturedOutput();
      expect(await main(['record', script, '--heap', '16k', '-o', trace], output)).toBe(EXIT.ok);
      const { out, err } = output.text();
      expect(out).toMatch(/^free \d+\ncaught\n$/);
      expect(err).toContain('heap 16000 bytes (1000 blocks of 16 bytes)');
      expect(err).toContain('the script ran to its end; it caught 1 MemoryError');
      expect(err).toMatch(/trace .*caught\.ndjson: \d+ lines, \d+ allocations, 1 collection, 1 MemoryError\n/);
      const report = await replayTrace(trace);
      expect(report).toMatchObject({ divergences: 0, memoryError: { bytes: 100000, reproduced: true } });

      // The trace is not replaced without --force, and nothing runs.
      const again = capturedOutput();
      expect(await main(['record', script, '--heap', '16k', '-o', trace], again)).toBe(EXIT.input);
      expect(again.text()).toEqual({ out: '', err: `heaplab: ${trace}: already exists; pass --force to replace it\n` });
    },
    SLOW,
  );

  it(
    '--json: one object on standard output with the script output in it; --areas: a split heap; .gz: compressed',
    async () => {
      const trace = file('split.ndjson.gz');
      const output = capturedOutput();
      expect(await main(['record', file('split.py', SCRIPT), '--areas', '12k,8k', '-o', trace, '--json'], output)).toBe(EXIT.ok);
      const { out, err } = output.text();
      expect(err).toBe('');
      expect(out.split('\n')).toHaveLength(2);
      const json = JSON.parse(out) as Record<string, unknown>;
      expect(json).toMatchObject({
        format: 'heaplab-record',
        version: 1,
        micropython: '1.27.0',
        areas: [
          { bytes: 12288, blocks: 748 },
          { bytes: 8192, blocks: 496 },
        ],
        trace,
        end: 'ok',
        exception: null,
        memoryErrors: 1,
        output: expect.stringMatching(/^free \d+\ncaught\n$/),
      });
      const lines = gunzipSync(readFileSync(trace)).toString('utf8').split('\n');
      expect(lines[1]).toContain('"op":"heap","area":1,"bytes":8192');
      expect((await replayTrace(trace)).divergences).toBe(0);
    },
    SLOW,
  );

  it(
    "--board: the board's areas, from the block counts of its preset",
    async () => {
      const output = capturedOutput();
      expect(await main(['record', file('board.py', 'print(1)\n'), '--board', 'openmv-h7', '-o', file('board.ndjson'), '--json'], output)).toBe(EXIT.ok);
      expect((JSON.parse(output.text().out) as { areas: { blocks: number }[] }).areas.map((area) => area.blocks)).toEqual([4000, 16692]);
    },
    SLOW,
  );

  it(
    'an uncaught exception: its traceback on standard output, exit 1, and the trace is written',
    async () => {
      const trace = file('raised.ndjson');
      const output = capturedOutput();
      const stdin = Readable.from([Buffer.from('x = [0] * 10\nraise ValueError("boom")\n')]);
      expect(await record('-', { heap: '16k', output: trace }, output, stdin)).toBe(EXIT.found);
      const { out, err } = output.text();
      expect(out).toBe('Traceback (most recent call last):\n  File "<stdin>", line 2, in <module>\nValueError: boom\n');
      expect(err).toContain('heaplab record <stdin>:');
      expect(err).toContain('the script stopped: an uncaught ValueError');
      expect(existsSync(trace)).toBe(true);
    },
    SLOW,
  );

  it(
    'a script that runs past --timeout: exit 2, and no trace',
    async () => {
      const trace = file('loop.ndjson');
      const output = capturedOutput();
      expect(await main(['record', file('loop.py', 'while True:\n    pass\n'), '--timeout', '0.5', '-o', trace], output)).toBe(EXIT.input);
      expect(output.text().err).toMatch(/loop\.py: the script ran longer than 0\.5 s \(--timeout; 0 for no limit\); no trace was written\n$/);
      expect(existsSync(trace)).toBe(false);
    },
    SLOW,
  );

  it(
    "a script's traceback names it as given, as `micropython script.py` does",
    async () => {
      const script = file('raises.py', 'x = 1\n\ndef f():\n    raise ValueError("boom")\nf()\n');
      const output = capturedOutput();
      expect(await main(['record', script, '--heap', '16k', '-o', file('raises.ndjson'), '--json'], output)).toBe(EXIT.found);
      const traceback = `Traceback (most recent call last):\n  File "${script}", line 5, in <module>\n  File "${script}", line 4, in f\nValueError: boom\n`;
      expect(JSON.parse(output.text().out)).toMatchObject({ exception: { type: 'ValueError', traceback }, output: traceback });
    },
    SLOW,
  );

  it(
    'a trace that grows past --max-trace: the script is stopped, exit 2, and nothing is left',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'heaplab-max-trace-'));
      const trace = join(dir, 'loop.ndjson');
      const output = capturedOutput();
      expect(await main(['record', file('churn.py', CHURN), '--heap', '16k', '--max-trace', '64k', '-o', trace], output)).toBe(EXIT.input);
      expect(output.text().err).toMatch(
        /churn\.py: the trace grew past 64 KiB \(--max-trace; 0 for no limit\), so the script was stopped; no trace was written\n$/,
      );
      expect(readdirSync(dir)).toEqual([]);
    },
    SLOW,
  );

  it('bad options are refused before anything runs', async () => {
    const script = file('ok.py', 'print(1)\n');
    const cases: [string[], string][] = [
      [['--heap', '16k', '--areas', '16k,16k'], 'heaplab: --areas: give one of --heap, --areas and --board, not --heap and --areas\n'],
      [['--heap', '16k,16k'], 'heaplab: --heap: one size (for several areas use --areas, e.g. --areas 48k,16k)\n'],
      [['--heap', '100'], 'heaplab: --heap: expected a size from 8192 bytes to 256 MiB, got 100\n'],
      [['--heap', '4000blk'], 'heaplab: --heap: give the region in bytes (e.g. 64k); a block count is for workloads\n'],
      [['--board', 'unix'], "heaplab: --board: unix is a 64-bit build; the recorder's interpreter is 32-bit\n"],
      [['--threshold', '2k'], 'heaplab: --threshold: expected a whole number of bytes (negative: off), got "2k"\n'],
      [['--timeout', 'soon'], 'heaplab: --timeout: expected seconds (0: no limit), got "soon"\n'],
      [['--max-trace', '4000blk'], 'heaplab: --max-trace: expected a size in bytes, k, m or g (e.g. 200m; 0: no limit), got "4000blk"\n'],
      [['--max-trace', 'big'], 'heaplab: --max-trace: expected a size in bytes, k, m or g (e.g. 200m; 0: no limit), got "big"\n'],
    ];
    for (const [args, message] of cases) {
      const output = capturedOutput();
      expect(await main(['record', script, ...args, '-o', file('never.ndjson')], output)).toBe(EXIT.input);
      expect(output.text()).toEqual({ out: '', err: message });
    }
    expect(existsSync(file('never.ndjson'))).toBe(false);
  });
});

describe('heaplab record, the built command', () => {
  it("says what is wrong with the heap in one line, exit 2, though the error comes from the recorder's own copy of core", () => {
    const bin = join(import.meta.dirname, '..', 'bin', 'heaplab.js');
    const run = spawnSync(process.execPath, [bin, 'record', '-', '--heap', '1k'], { input: 'print(1)\n', encoding: 'utf8' });
    expect(run.status).toBe(EXIT.input);
    expect(run.stderr).toBe('heaplab: --heap: expected a size from 8192 bytes to 256 MiB, got 1024\n');
  });

  it.skipIf(process.platform !== 'linux')(
    'says in one line, exit 2, when the trace cannot be written after the script ran',
    () => {
      const bin = join(import.meta.dirname, '..', 'bin', 'heaplab.js');
      // /proc exists, but no file can be made in it, not even by root.
      const run = spawnSync(process.execPath, [bin, 'record', '-', '-o', '/proc/heaplab-trace.ndjson'], { input: 'print(1)\n', encoding: 'utf8' });
      expect(run.stdout).toBe('1\n');
      expect(run.status).toBe(EXIT.input);
      expect(run.stderr).toMatch(/^heaplab: \/proc\/heaplab-trace\.ndjson: cannot write the trace: [^\n]+\n$/);
    },
    SLOW,
  );

  it(
    'Ctrl-C while the trace is written: the temporary file is removed, one line says so, exit 130',
    async () => {
      const bin = join(import.meta.dirname, '..', 'bin', 'heaplab.js');
      const dir = mkdtempSync(join(tmpdir(), 'heaplab-record-interrupted-'));
      const trace = join(dir, 'churn.ndjson');
      const child = spawn(process.execPath, [bin, 'record', file('forever.py', CHURN), '--heap', '16k', '--timeout', '0', '-o', trace], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (code, signal) => resolve([code, signal])));
      while (readdirSync(dir).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      child.kill('SIGINT');
      expect(await closed).toEqual([130, null]);
      expect(err).toBe(`heaplab: stopped by SIGINT; ${trace} was not written\n`);
      expect(readdirSync(dir)).toEqual([]);
    },
    SLOW,
  );
});
