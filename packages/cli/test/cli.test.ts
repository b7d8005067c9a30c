import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from './support/run-cli.js';

const fixtures = join(import.meta.dirname, '..', '..', 'core', 'test', 'fixtures', 'conformance');

describe('heaplab demo', () => {
  it('ends in a fragmentation MemoryError with plenty of free memory, and prints the heap map', async () => {
    const { status, out } = await run();
    expect(status).toBe(0);
    expect(out).toContain('MemoryError: memory allocation failed, allocating 3072 bytes');
    expect(out).toMatch(/GC memory layout; from 20000180:\n00000000: /);
    const json = JSON.parse((await run('demo', '--json')).out) as {
      memoryError: { freeBytes: number; bytes: number; largestFreeRun: number[] };
      preallocated: { failures: number };
    };
    expect(json.memoryError.freeBytes).toBeGreaterThan(3 * json.memoryError.bytes);
    expect(Math.max(...json.memoryError.largestFreeRun) * 16).toBeLessThan(json.memoryError.bytes);
    expect(json.preallocated.failures).toBe(0);
  });

  it('prints the same bytes every run', async () => {
    expect((await run('demo')).out).toBe((await run('demo')).out);
  });
});

describe('heaplab ops', () => {
  it('prints a conformance transcript byte for byte', async () => {
    const { status, out } = await run('ops', join(fixtures, 'v09_split_example.ops'));
    expect(status).toBe(0);
    expect(out).toBe(readFileSync(join(fixtures, 'v09_split_example.expected'), 'utf8'));
  });

  it('models v1.19 when asked', async () => {
    const { out } = await run('ops', join(fixtures, 'fuzz_v119_single_seed5.ops'), '--mpy-version', '1.19');
    expect(out).toBe(readFileSync(join(fixtures, 'fuzz_v119_single_seed5.expected'), 'utf8'));
  });

  it('a bad line prints one located error and nothing else, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
    const file = join(dir, 'bad.ops');
    writeFileSync(file, 'init 8192 0\nalloc 1 16\nalloc 2 lots\ninfo\n');
    const { status, out, err } = await run('ops', file);
    expect(status).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(`heaplab: ${file}:3: alloc: argument 2 is "lots"; expected a whole number of bytes (usage: alloc ID BYTES [FIN])\n`);
  });

  it('missing and binary files are input errors', async () => {
    expect(await run('ops', '/no/such/file.ops')).toMatchObject({ status: 2, err: 'heaplab: /no/such/file.ops: cannot read: no such file\n' });
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
    const file = join(dir, 'x.ops');
    writeFileSync(file, Buffer.from([0x69, 0x00, 0x01, 0xff]));
    expect(await run('ops', file)).toMatchObject({ status: 2, err: `heaplab: ${file}: this is a binary file, not text\n` });
    expect((await run('ops', '--mpy-version', '1.5', join(fixtures, 'v01_rounding.ops'))).err).toBe(
      'heaplab: --mpy-version: expected a MicroPython version heaplab models, 1.19, 1.20, 1.21 to 1.27 (modelled as 1.27) or 1.28, written as 1.27 or v1.19.1; got "1.5"\n',
    );
  });

  it('--mpy-version refuses a version newer than heaplab models, and says when a version is modelled as another', async () => {
    const trace = join(import.meta.dirname, '..', '..', 'replay', 'test', 'fixtures', 'traces', 'c_buffer_reuse_32k.ndjson');
    const newer =
      'MicroPython 1.99 is newer than any version heaplab models (its gc.c was not checked against the model); expected 1.19, 1.20, 1.21 to 1.27 (modelled as 1.27) or 1.28';
    expect(await run('replay', trace, '--mpy-version', '1.99')).toEqual({ status: 2, out: '', err: `heaplab: --mpy-version: ${newer}\n` });
    expect(await run('ops', join(fixtures, 'v01_rounding.ops'), '--mpy-version', '1.99')).toMatchObject({ status: 2, out: '' });
    const modelled = 'MicroPython 1.23 (modelled as 1.27: gc.c is the same from 1.21 to 1.27), 32-bit';
    expect((await run('replay', trace, '--mpy-version', '1.23')).out).toContain(`  ${modelled}, heap 32000 bytes`);
    expect((await run('replay', trace, '--mpy-version', '1.27')).out).toContain('  MicroPython 1.27, 32-bit, heap 32000 bytes');
    const ops = await run('ops', join(fixtures, 'v01_rounding.ops'), '--mpy-version', '1.23');
    expect(ops.out).toBe((await run('ops', join(fixtures, 'v01_rounding.ops'), '--mpy-version', '1.27')).out);
    expect(ops.err).toBe(`heaplab ops ${join(fixtures, 'v01_rounding.ops')}: MicroPython 1.23 (modelled as 1.27: gc.c is the same from 1.21 to 1.27)\n`);
    // An engine trace carries its version in its header line: read there, with the same rules.
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
    const header = (version: string): string => {
      const file = join(dir, `${version}.events`);
      writeFileSync(file, `{"format":"heaplab-events","version":1,"config":{"mpyVersion":"${version}","areas":[{"bytes":1024}]},"source":"test"}\n`);
      return file;
    };
    expect((await run('replay', header('v1.19.1'))).out).toContain('  MicroPython 1.19, 32-bit');
    expect((await run('replay', header('1.23'))).out).toContain('  MicroPython 1.23 (modelled as 1.27');
    expect(await run('replay', header('1.99'))).toEqual({ status: 2, out: '', err: `heaplab: ${header('1.99')}:1: config.mpyVersion: ${newer}\n` });
  });
});

describe('the command line', () => {
  it("the parser's refusals are one line with heaplab's prefix, naming the help of the command typed", async () => {
    const cases: [string[], string][] = [
      [['explain', 'churn', '--bogus'], "unknown option '--bogus' (see heaplab explain --help)"],
      [['run', 'churn', '--seeds', '3'], "unknown option '--seeds' (Did you mean --seed?) (see heaplab run --help)"],
      [['frob'], "unknown command 'frob' (see heaplab --help)"],
      [['ops'], "missing required argument 'file' (see heaplab ops --help)"],
      [['report', 'churn'], "required option '-o, --output <file>' not specified (see heaplab report --help)"],
      [['explain', 'a', 'b'], "too many arguments for 'explain'. Expected 1 argument but got 2 (see heaplab explain --help)"],
    ];
    for (const [args, err] of cases) expect(await run(...args), args.join(' ')).toEqual({ status: 2, out: '', err: `heaplab: ${err}\n` });
  });

  it('fuzz refuses the options of --minimize without it, and checks --max-tests with it', async () => {
    expect(await run('fuzz', 'churn', '--max-tests', 'abc')).toEqual({
      status: 2,
      out: '',
      err: 'heaplab: --max-tests: --max-tests applies with --minimize only (the reproducers it writes); add --minimize, or leave --max-tests out\n',
    });
    expect((await run('fuzz', 'churn', '--out-dir', 'somewhere')).err).toBe(
      'heaplab: --out-dir: --out-dir applies with --minimize only (the reproducers it writes); add --minimize, or leave --out-dir out\n',
    );
    expect(await run('fuzz', 'churn', '--minimize', '--max-tests', 'abc')).toEqual({
      status: 2,
      out: '',
      err: 'heaplab: --max-tests: expected a whole number ≥ 1, got "abc"\n',
    });
  });

  it('unknown commands and options exit 2; help exits 0', async () => {
    expect((await run('frob')).status).toBe(2);
    expect((await run('ops')).status).toBe(2);
    expect((await run('demo', '--nope')).status).toBe(2);
    const help = await run('--help');
    expect(help.status).toBe(0);
    expect(help.out).toContain('Exit status:');
  });

  it("every command's --help states each default once, in words", async () => {
    const commands = [...(await run('--help')).out.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands).toContain('compare');
    for (const command of commands) {
      // Commander wraps long lines; a description reads as one line once joined.
      const help = (await run(command, '--help')).out.replace(/\n {2,}/g, ' ');
      expect(help, command).not.toMatch(/\(default: [^)]*\)\s*\(default:/);
      expect(help, command).not.toContain('(default: [])');
    }
    const compare = (await run('compare', '--help')).out.replace(/\s+/g, ' ');
    expect(compare).toContain("repeat for several (default: the source's heap) --board");
  });

  it('--version prints the version in the cli package.json', async () => {
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(await run('--version')).toEqual({ status: 0, out: `${manifest.version}\n`, err: '' });
  });

  it('the built binary runs (pnpm heaplab is node packages/cli/bin/heaplab.js)', () => {
    const bin = join(import.meta.dirname, '..', 'bin', 'heaplab.js');
    const out = execFileSync(process.execPath, [bin, 'ops', join(fixtures, 'v01_rounding.ops')], { encoding: 'utf8' });
    expect(out).toBe(readFileSync(join(fixtures, 'v01_rounding.expected'), 'utf8'));
    // A reader that is gone before heaplab writes (| true) ends the output quietly.
    const piped = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" workloads | true`], { encoding: 'utf8' });
    expect(piped.stderr).toBe('');
    const bad = spawnSync(process.execPath, [bin, 'ops', 'missing.ops'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('heaplab: missing.ops: cannot read: no such file\n');
  });
});

describe('heaplab replay', () => {
  const traces = join(import.meta.dirname, '..', '..', 'replay', 'test', 'fixtures', 'traces');

  it('reproduces and explains the MemoryError of a real trace (exit 1: found)', async () => {
    const { status, out } = await run('replay', join(traces, 'b_lcg_frag_32k.ndjson'), '--verify');
    expect(status).toBe(1);
    expect(out).toContain('MemoryError at line 19029 (event 9470): memory allocation failed, allocating 2464 bytes');
    expect(out).toContain('reproduced: the engine fails the same request');
    expect(out).toContain('checkpoints (gc_info): 4 of 4 match the device');
  });

  it('--json has the documented fields', async () => {
    const { status, out } = await run('replay', join(traces, 'c_buffer_reuse_32k.ndjson'), '--json');
    expect(status).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      events: 9235,
      allocs: 9087,
      divergences: 0,
      firstDivergence: null,
      checkpoints: { matched: 21, total: 21 },
      memoryError: null,
    });
  });

  it('--verify exits 4 when the engine diverges from the device', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
    const file = join(dir, 'moved.ndjson');
    const lines = readFileSync(join(traces, 'a_big_list_64k.ndjson'), 'utf8').split('\n');
    // Move one allocation the device made to a block the engine would not choose, and that no later line uses (a trace that
    // puts a second object's head on a live one is corrupt, not a divergence).
    lines[1] = lines[1]!.replace('"block":0', '"block":3900');
    writeFileSync(file, lines.join('\n'));
    const { status, out } = await run('replay', file, '--verify', '--json');
    expect(status).toBe(4);
    expect(JSON.parse(out).firstDivergence).toMatchObject({ event: 1, line: 2 });
    expect((await run('replay', file)).status).toBe(0);
  });
});

describe('heaplab replay --min-heap', () => {
  it('finds the heap on which the trace would not have failed', async () => {
    const traces = join(import.meta.dirname, '..', '..', 'replay', 'test', 'fixtures', 'traces');
    const { status, out } = await run('replay', join(traces, 'b_lcg_frag_32k.ndjson'), '--min-heap', '--json');
    expect(status).toBe(1);
    const heap = JSON.parse(out).memoryError.minimumHeap;
    // Usable bytes, as gc_info counts them: the device's 32 KiB region holds 2000 blocks of 16 bytes.
    expect(heap).toMatchObject({ deviceBytes: 32000 });
    expect(heap.bytes).toBeGreaterThan(32000);
    expect(heap.bytes).toBeLessThan(64000);
  }, 30_000);

  // Two bisections over a 34,500-event trace: 15 s on a loaded 2-core machine, 31 s on Node 26 beside the rest of the suite.
  it('gives the safe heap compare gives for the same trace (they once rounded differently: 56128 against 56136 here)', async () => {
    const trace = join(import.meta.dirname, '..', '..', 'replay', 'test', 'fixtures', 'traces', 'e_frames_48k_split2.ndjson.gz');
    const replayed = JSON.parse((await run('replay', trace, '--min-heap', '--json')).out).memoryError.minimumHeap;
    const compared = JSON.parse((await run('compare', trace, '--strategies', 'micropython', '--json')).out).rows[0];
    expect(compared).toMatchObject({ strategy: 'micropython', layout: '12k,36k' });
    expect(replayed.bytes).toBe(compared.safeHeapBytes);
    expect(replayed).toMatchObject({ deviceBytes: 47936, bytes: 54784, regionBytes: 56136 });
  }, 120_000);
});

describe('heaplab replay --at', () => {
  const traces = join(import.meta.dirname, '..', '..', 'replay', 'test', 'fixtures', 'traces');

  it('shows the heap after a given event, with its map', async () => {
    const { out } = await run('replay', join(traces, 'b_lcg_frag_32k.ndjson'), '--at', '9469', '--json');
    const at = JSON.parse(out).at;
    expect(at).toMatchObject({ event: 9469, total: 32000 });
    expect(at.map).toMatch(/^GC memory layout; from /);
    const text = (await run('replay', join(traces, 'b_lcg_frag_32k.ndjson'), '--at', '9469', '--map')).out;
    expect(text).toContain('The heap after event 9469 (trace line ');
  });

  it('refuses an event number that is not one', async () => {
    const bad = await run('replay', join(traces, 'a_big_list_64k.ndjson'), '--at', '99999');
    expect(bad.status).toBe(2);
    expect(bad.err).toMatch(/--at: the trace has 123 engine events/);
  });
});

describe('heaplab minimize', () => {
  it('writes a reproducer that heaplab replay reproduces, and never overwrites without --force', async () => {
    // A small engine trace: the shrinking itself is tested on a real trace in replay's minimize tests.
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
    const trace = join(dir, 'holes.ndjson');
    const fill = Array.from({ length: 60 }, (_, id) => ({ op: 'alloc', id, bytes: 16 }));
    const holes = fill.filter((event) => event.id % 2 === 0).map((event) => ({ op: 'free', id: event.id }));
    const events = [...fill, ...holes, { op: 'alloc', id: 1000, bytes: 32 }];
    writeFileSync(
      trace,
      `${[{ format: 'heaplab-events', version: 1, config: { areas: [{ bytes: 1024 }] } }, ...events].map((line) => JSON.stringify(line)).join('\n')}\n`,
    );
    const out = join(dir, 'repro.ndjson');
    const first = await run('minimize', trace, '-o', out, '--json');
    expect(first.status).toBe(0);
    // Every other block is live: each of the 30 live objects, dropped, leaves a 3-block run.
    expect(JSON.parse(first.out)).toMatchObject({
      minimal: true,
      bytes: 32,
      failureLine: 92,
      replay: `heaplab replay ${out}`,
      method: 'layout',
      liveObjects: 30,
      keptObjects: 30,
      events: 61,
    });
    const replayed = await run('replay', out, '--json');
    expect(JSON.parse(replayed.out).memoryError).toMatchObject({ bytes: 32, reproduced: null });
    const before = readFileSync(out, 'utf8');
    const again = await run('minimize', trace, '-o', out);
    expect(again).toMatchObject({ status: 2, err: `heaplab: ${out}: already exists; pass --force to replace it\n` });
    expect(readFileSync(out, 'utf8')).toBe(before);
    expect((await run('minimize', trace, '-o', out, '--force', '--max-tests', '50')).status).toBe(0);
    const text = await run('minimize', trace, '-o', out, '--force');
    expect(text.status).toBe(0);
    // 1-minimal over objects left as garbage in place: deleting a line of the file is another change.
    expect(text.out).toContain(
      'with any one of them left as garbage where it was (not taken out of the file: the objects after it would land elsewhere), the request fits (1-minimal)',
    );
  });
});

describe('heaplab replay --from DUMP', () => {
  it('starts an engine trace from the heap a device dumped', async () => {
    const dump = join(import.meta.dirname, '..', '..', 'replay', 'test', 'fixtures', 'traces', 'b_lcg_frag_32k.stdout.txt');
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
    const trace = join(dir, 'what-if.ndjson');
    // The dump's largest free run is 147 blocks: 2352 bytes fit there, 2464 do not.
    writeFileSync(
      trace,
      '{"format":"heaplab-events","version":1,"config":{}}\n{"op":"alloc","id":100000,"bytes":2352}\n{"op":"alloc","id":100001,"bytes":2464}\n',
    );
    const { status, out } = await run('replay', trace, '--from', dump, '--json');
    expect(status).toBe(1);
    const report = JSON.parse(out);
    // The engine's own failure: nothing recorded one to reproduce.
    expect(report.memoryError).toMatchObject({ event: 2, line: 3, bytes: 2464, reproduced: null, largestFreeRun: [expect.any(Number)] });
    const text = (await run('replay', trace, '--from', dump)).out;
    expect(text).toContain(
      "\n  MemoryError at line 3 (event 2): memory allocation failed, allocating 2464 bytes\n    the engine's first failed request (an engine trace records what the program asked for, no MemoryError to compare with)\n",
    );
    expect(text).not.toContain('reproduced');
    // The first request took its 147 blocks out of the dump's heap.
    const dumped = JSON.parse((await run('inspect', dump, '--fits', '2352', '--json')).out);
    expect(dumped.fits.ok).toBe(true);
    const after = JSON.parse((await run('replay', trace, '--from', dump, '--at', '1', '--json')).out).at;
    expect(after.used).toBe(dumped.used + 147 * 16);
    // An object in the way that came from the dump is said to, not given the event that built the dump's heap.
    const blocked = join(dir, 'blocked.ndjson');
    writeFileSync(blocked, '{"format":"heaplab-events","version":1,"config":{}}\n{"op":"alloc","id":100000,"bytes":20000}\n');
    const blockers = JSON.parse((await run('replay', blocked, '--from', dump, '--json')).out).memoryError.blockers;
    expect(blockers[0].objects.length).toBeGreaterThan(0);
    for (const o of blockers[0].objects) expect(o).toMatchObject({ bornEvent: 0, bornLine: null });
    expect((await run('replay', blocked, '--from', dump)).out).toMatch(/bytes at block \d+ \(\d+ blocks?\), in the dump the run started from\n/);
    // A trace whose ids collide with the dump's (0, 1, 2…) is told which ids are taken.
    const clash = join(dir, 'clash.ndjson');
    writeFileSync(clash, '{"format":"heaplab-events","version":1,"config":{}}\n{"op":"alloc","id":1,"bytes":16}\n');
    expect(await run('replay', clash, '--from', dump)).toMatchObject({
      status: 2,
      err: expect.stringMatching(
        /^heaplab: .*clash\.ndjson:2: the engine cannot apply this: alloc: object 1 is already live \(the dump's \d+ objects have the ids 0 to \d+: a trace replayed on a dump numbers its own objects from \d+ on\)\n$/,
      ),
    });
  });

  it('refuses --from with a device trace', async () => {
    const traces = join(import.meta.dirname, '..', '..', 'replay', 'test', 'fixtures', 'traces');
    const { status, err } = await run('replay', join(traces, 'a_big_list_64k.ndjson'), '--from', join(traces, 'b_lcg_frag_32k.stdout.txt'));
    expect(status).toBe(2);
    expect(err).toMatch(/--from applies to engine traces/);
  });
});

describe('heaplab replay --skip-bad-lines', () => {
  it('reports and skips damaged lines instead of stopping', async () => {
    const traces = join(import.meta.dirname, '..', '..', 'replay', 'test', 'fixtures', 'traces');
    const lines = readFileSync(join(traces, 'c_buffer_reuse_32k.ndjson'), 'utf8').split('\n');
    lines.splice(500, 0, '{"op":"alloc","bytes":1');
    lines.splice(900, 0, '\u0000\u0001garbage');
    const file = join(mkdtempSync(join(tmpdir(), 'heaplab-')), 'damaged.ndjson');
    writeFileSync(file, lines.join('\n'));
    expect((await run('replay', file)).status).toBe(2);
    const { status, out, err } = await run('replay', file, '--skip-bad-lines');
    expect(status).toBe(0);
    expect(out).toContain('checkpoints (gc_info): 21 of 21 match the device');
    expect(err).toContain(`heaplab: skipped 2 bad lines; the first:\n  ${file}:501: not a JSON object`);
    const json = JSON.parse((await run('replay', file, '--skip-bad-lines', '--json')).out);
    expect(json.badLines).toMatchObject({ count: 2, first: [{ line: 501 }, { line: 901 }] });
    expect((await run('replay', file, '--skip-bad-lines', '--verify')).status).toBe(4);
  });
});
