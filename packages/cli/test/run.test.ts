import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureRun } from '@heaplab/core';
import { allWorkloads, findWorkload } from '@heaplab/workloads';
import { allBoards } from '../src/options/boards.js';
import { runCli as run } from './support/run-cli.js';

const churn = findWorkload('churn')!;
const bin = join(import.meta.dirname, '..', 'bin', 'heaplab.js');

interface RunJson {
  events: number;
  strategy: string;
  areas: number[];
  command: string;
  marks: { event: number; label: string; freeBytes: number; largestFreeRunBytes: number; collections: number; failures: number }[];
  memoryError: {
    event: number;
    op: string;
    facts: { bytes: number; freeBytes: number; largestFreeRun: number[] };
    explanation: { blockers: unknown[] };
  } | null;
}

async function json(...args: string[]): Promise<RunJson> {
  return JSON.parse((await run('run', ...args, '--json')).out) as RunJson;
}

describe('heaplab run', () => {
  it('reports the first MemoryError where the engine finds it, explained, and exits 1', async () => {
    const { status, out } = await run('run', 'churn', '--seed', '7');
    expect(status).toBe(1);
    const first = measureRun(churn.heap, churn.generate('7', churn.defaultLength).events).metrics.firstFailure!;
    expect(out).toContain(`MemoryError at event ${first.event} (${first.op}): memory allocation failed, allocating ${first.bytes} bytes`);
    expect(out).toContain('What stands in the way:');
    expect(out).toMatch(/\n {4}free {9}[ ▁▂▃▄▅▆▇█]{60,64}\n/);
    expect(out).toContain('run it again: heaplab run churn --seed 7\n');
    expect((await run('run', 'churn', '--seed', '7')).out).toBe(out);
  });

  it('shows the marks: mem_free falls by the list and comes back after del and collect', async () => {
    const { marks, memoryError } = await json('seed-mem-free');
    expect(memoryError).toBeNull();
    expect(marks.map((m) => m.label)).toEqual(['before: gc.mem_free()', 'after : gc.mem_free()', 'freed : gc.mem_free()']);
    const [before, after, freed] = marks;
    expect(before!.freeBytes - after!.freeBytes).toBeGreaterThanOrEqual(40000 + 16);
    expect(freed!.freeBytes).toBe(before!.freeBytes);
    expect(freed!.collections).toBe(before!.collections + 1);
  });

  it('prealloc-vs-alloc: the reports fail only while a new bytearray is made every iteration', async () => {
    const { marks } = await json('prealloc-vs-alloc');
    const at = (label: string) => marks.find((m) => m.label === label)!;
    expect(at('alloc loop ends').failures).toBeGreaterThan(0);
    expect(at('prealloc loop ends').failures).toBe(at('prealloc loop starts').failures);
    expect(at('alloc loop ends').collections - at('alloc loop starts').collections).toBeGreaterThan(
      at('prealloc loop ends').collections - at('prealloc loop starts').collections,
    );
  });

  it('runs on a board, a layout and a strategy, and says how to run it again', async () => {
    const board = await json('camera-frames', '--board', 'openmv-h7-v4.5.9', '--strategy', 'best-fit', '--length', '2000');
    expect(board).toMatchObject({
      events: 2000,
      strategy: 'best-fit',
      areas: [1624, 16692],
      command: 'heaplab run camera-frames --seed 1 --length 2000 --board openmv-h7-v4.5.9 --strategy best-fit',
    });
    const layout = await json('growth', '--areas', '16k,16k', '--strategy', 'tlsf@by-size');
    expect(layout.strategy).toBe('tlsf@by-size=256');
    expect(layout.areas).toHaveLength(2);
  });

  it('writes the events as an engine trace that replay reproduces, never over a file without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
    const trace = join(dir, 'churn-7.events');
    const ran = await json('churn', '--seed', '7', '-o', trace);
    const replayed = JSON.parse((await run('replay', trace, '--json')).out) as { events: number; memoryError: { event: number; bytes: number } };
    expect(replayed.memoryError).toMatchObject({ event: ran.memoryError!.event, bytes: ran.memoryError!.facts.bytes });
    // Nothing in an engine trace was recorded by a device, and the text does not claim a check.
    const text = (await run('replay', trace)).out;
    expect(text).toContain('checkpoints (gc_info): none in the trace\n');
    expect(text).toContain('placements: none recorded to check against (an engine trace is replayed, not verified)\n');
    expect(text).not.toContain('as the device recorded');
    const before = readFileSync(trace, 'utf8');
    const again = await run('run', 'churn', '--seed', '8', '-o', trace);
    expect(again.status).toBe(2);
    expect(again.err).toBe(`heaplab: ${trace}: already exists; pass --force to replace it\n`);
    expect(readFileSync(trace, 'utf8')).toBe(before);
  });

  it('refuses what it cannot run, exit 2', async () => {
    const cases: [string[], string][] = [
      [
        ['nope'],
        'heaplab: WORKLOAD: unknown workload "nope"; known: camera-frames, churn, engine-churn, growth, prealloc-vs-alloc, seed-mem-free, or a spec file (.yaml, .yml, .json)\n',
      ],
      [['churn', '--board', 'openmv-h7', '--areas', '64k'], 'heaplab: --areas: give --board or --areas, not both\n'],
      [['churn', '--board', 'pyboard'], expect.stringMatching(/^heaplab: --board: unknown board "pyboard"; known: openmv-h7, /) as unknown as string],
      [['churn', '--strategy', 'buddy:min=99'], 'heaplab: strategyParams.min: strategy buddy: min must be a whole number from 0 to 10, got 99\n'],
      [['churn', '--length', '0'], 'heaplab: --length: expected a whole number ≥ 1, got "0"\n'],
    ];
    for (const [args, err] of cases) expect(await run('run', ...args), args.join(' ')).toMatchObject({ status: 2, out: '', err });
  });
});

describe('workload spec files on the command line', () => {
  const examples = join(import.meta.dirname, '..', '..', 'workloads', 'examples');

  it('run, fuzz (on worker threads) and compare take a spec file where they take a workload', async () => {
    const spec = join(examples, 'image-pipeline.json');
    const ran = await json(spec, '--seed', '5');
    expect(ran.command).toBe(`heaplab run ${spec} --seed 5`);
    expect(ran.memoryError).not.toBeNull();
    const fuzzOut = spawnSync(process.execPath, [bin, 'fuzz', spec, '--seeds', '4..6', '--workers', '2', '--json'], { encoding: 'utf8' });
    expect(fuzzOut.stderr).toBe('');
    const fuzzed = JSON.parse(fuzzOut.stdout) as { runs: { seed: string; failure: { event: number } | null }[] };
    expect(fuzzed.runs.find((r) => r.seed === '5')!.failure!.event).toBe(ran.memoryError!.event);
    const compared = await run(
      'compare',
      join(examples, 'sensor-logger.yaml'),
      '--seeds',
      '1',
      '--length',
      '2000',
      '--strategies',
      'micropython',
      '--no-safe-heap',
      '--json',
    );
    expect(compared.status).toBe(0);
  }, 60_000);

  it('a bad spec is one located error, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
    const spec = join(dir, 'bad.yaml');
    writeFileSync(spec, 'name: x\nheap:\n  areas: [16k]\nkinds:\n  - size: {fixed: 32}\n    lifetme: 3\n');
    const result = await run('run', spec);
    expect(result).toMatchObject({ status: 2, out: '' });
    expect(result.err).toMatch(new RegExp(`^heaplab: ${spec}:6: kinds\\[0\\]: unknown field 'lifetme' \\(did you mean 'lifetime'\\?\\)`));
    expect(await run('run', 'no-such-workload')).toMatchObject({
      status: 2,
      err: expect.stringContaining('or a spec file (.yaml, .yml, .json)') as unknown as string,
    });
  });
});

describe('limits on a run', () => {
  const sensorLogger = readFileSync(join(import.meta.dirname, '..', '..', 'workloads', 'examples', 'sensor-logger.yaml'), 'utf8');

  it('a spec past a limit is one located line and exit 2, at once (once 1.6 GB, and a run without end)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
    const children = join(dir, 'children.yaml');
    writeFileSync(children, sensorLogger.replace('count: { fixed: 2 }', 'count: { fixed: 100000000 }'));
    // In a process of its own: the exit status, and nothing but the one line.
    const spawned = spawnSync(process.execPath, [bin, 'run', children], { encoding: 'utf8', timeout: 20_000 });
    expect({ status: spawned.status, out: spawned.stdout, err: spawned.stderr }).toEqual({
      status: 2,
      out: '',
      err: `heaplab: ${children}:39: kinds[3].children.count.fixed: expected at most 500000 children of one object (heaplab's limit), got 100000000\n`,
    });
    const length = join(dir, 'length.yaml');
    writeFileSync(length, sensorLogger.replace('length: 20000', 'length: 1099511627776'));
    expect(await run('fuzz', length, '--seeds', '1..2')).toEqual({
      status: 2,
      out: '',
      err: `heaplab: ${length}:13: length: expected at most 1000000 events per run (heaplab's limit), got 1099511627776\n`,
    });
  });

  it('--length is at most 1000000 events, for a built-in workload too', async () => {
    const err = "heaplab: --length: expected at most 1000000 events per run (heaplab's limit), got 1000001\n";
    for (const command of ['run', 'fuzz', 'compare', 'report']) {
      const output = command === 'report' ? ['-o', join(mkdtempSync(join(tmpdir(), 'heaplab-limit-')), 'never.html')] : [];
      expect(await run(command, 'churn', '--length', '1000001', ...output), command).toEqual({ status: 2, out: '', err });
    }
  });
});

describe('heaplab workloads and boards', () => {
  it('list every workload and board with what it is', async () => {
    const workloads = (await run('workloads')).out.trim().split('\n');
    expect(workloads.map((l) => l.split(/\s+/)[0])).toEqual(allWorkloads().map((w) => w.name));
    const boards = (await run('boards')).out.trim().split('\n');
    expect(boards.map((l) => l.split(/\s+/)[0])).toEqual(allBoards().map((b) => b.name));
    expect(boards.find((l) => l.startsWith('openmv-rt1062'))).toContain('SDRAM 8M');
  });
});
