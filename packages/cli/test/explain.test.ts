/**
 * `heaplab explain`: on the repository's real traces, the cause the script was written to show
 * comes first; on a workload the same; and what it cannot explain it says plainly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from './support/run-cli.js';

const bin = join(import.meta.dirname, '..', 'bin', 'heaplab.js');
const traces = join(import.meta.dirname, '..', '..', 'replay', 'test', 'fixtures', 'traces');

describe('heaplab explain', () => {
  it('b_lcg_frag_32k: a buffer growing by 8 bytes a use without bound comes first, and the advice says no heap is enough', async () => {
    const text = await run('explain', join(traces, 'b_lcg_frag_32k.ndjson'));
    expect(text.status).toBe(1);
    expect(text.out).toContain('MemoryError at line 19029 (event 9470): memory allocation failed, allocating 2464 bytes');
    // The first sentence after the failure is the one to act on: the fix that answers the growth, proven by replay.
    expect(text.out.split('\n')[4]).toMatch(/^ {2}Fix, proven by replaying the recording with the change: Allocate one 2464-byte buffer at start-up/);
    const json = JSON.parse((await run('explain', join(traces, 'b_lcg_frag_32k.ndjson'), '--json')).out);
    expect(json.advice).toMatch(
      /^Fix, proven by replaying the recording with the change: Allocate one 2464-byte buffer at start-up and serve the 180 requests of the growing series \(from 1024 bytes at line 291\) from it: the recording then runs to its end, the tightest request leaving \d+ bytes to spare/,
    );
    expect(json).toMatchObject({ format: 'heaplab-explain', version: 1, memoryError: { event: 9470, line: 19029, bytes: 2464 } });
    expect(json.causes[0]).toMatchObject({ kind: 'growing-request', evidence: { firstBytes: 1024, lastBytes: 2464, bounded: false } });
    expect(json.causes[0].evidence.growthPerOccurrence).toBeCloseTo(8, 0);
    // Every remedy printed as a fix survives its replay; a larger heap is never called safe for unbounded growth.
    const kinds = json.remedies.map((r: { kind: string }) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['preallocate', 'cap-growth', 'larger-heap', 'collect-before', 'threshold']));
    const heap = json.remedies.find((r: { kind: string }) => r.kind === 'larger-heap');
    expect(heap.change.safe).toBe(false);
    expect(heap.summary).toMatch(/^No heap size is safe/);
    const fixes = text.out.split('\n').filter((l) => /^ {4}fix /.test(l));
    expect(fixes.length).toBeGreaterThan(0);
    for (const line of fixes) {
      const kind = /^ {4}fix +([a-z-]+):/.exec(line)![1];
      expect(json.remedies.find((r: { kind: string }) => r.kind === kind).verified.survives, kind).toBe(true);
    }
    expect(json.remedies.find((r: { kind: string }) => r.kind === 'threshold')).toMatchObject({ verified: null, change: null });
  });

  it('gives the same answer whether the firmware-level remedies replay on a thread of their own or not (the built CLI)', async () => {
    const file = join(traces, 'b_lcg_frag_32k.ndjson');
    const one = await run('explain', file, '--json', '--workers', '1');
    const two = spawnSync(process.execPath, [bin, 'explain', file, '--json', '--workers', '2'], { encoding: 'utf8' });
    expect(two.status).toBe(1);
    expect(two.stdout).toBe(one.out);
    expect(JSON.parse(two.stdout).remedies.some((r: { kind: string }) => r.kind === 'strategy')).toBe(true);
  });

  it('e_frames_48k_split2: the log that creeps upward (accumulation) comes first', async () => {
    const json = JSON.parse((await run('explain', join(traces, 'e_frames_48k_split2.ndjson.gz'), '--json')).out);
    expect(json.memoryError).toMatchObject({ line: 67281, bytes: 4480 });
    expect(json.causes[0].kind).toBe('accumulation');
    expect(json.advice).toMatch(/^Fix, proven by replaying the recording with the change: Keep only the newest \d+ of the \d+ objects the accumulation holds/);
    expect(json.remedies.find((r: { kind: string }) => r.kind === 'bound-accumulation').verified).toMatchObject({ survives: true });
    expect(json.causes[0].evidence.lastLiveBytes).toBeGreaterThan(json.causes[0].evidence.firstLiveBytes * 5);
  });

  it("a policy remedy that assumes garbage says where the run fails without it: the line compare's replay of that policy fails at", async () => {
    const trace = join(traces, 'e_frames_48k_split2.ndjson.gz');
    const json = JSON.parse((await run('explain', trace, '--json', '--workers', '1')).out);
    const policies = json.remedies.filter((r: { kind: string }) => r.kind === 'strategy' || r.kind === 'layout');
    expect(policies.length).toBeGreaterThan(0);
    for (const remedy of policies) {
      expect(remedy.verified.assumedGarbage).toBeGreaterThan(0);
      const compared = JSON.parse((await run('compare', trace, '--strategies', remedy.change.strategy, '--no-safe-heap', '--workers', '1', '--json')).out);
      expect(compared.rows[0].timeToFailure.min).toBe(remedy.verified.firstAssumedLine);
      expect(remedy.summary).toContain(`keeping every object until the device swept it, it fails at line ${remedy.verified.firstAssumedLine}`);
    }
  });

  it('a workload names the mark in force; a run with no failure has nothing to explain (exit 0)', async () => {
    const json = JSON.parse((await run('explain', 'prealloc-vs-alloc', '--json')).out);
    expect(json.memoryError.mark).toBe('alloc loop starts');
    expect(json.causes.map((c: { kind: string }) => c.kind)).toContain('pinning');
    const none = await run('explain', 'seed-mem-free');
    expect(none).toMatchObject({ status: 0, err: '' });
    expect(none.out).toContain('no MemoryError: every request was satisfied, so there is nothing to explain');
  });

  it('a spec workload’s larger heap says the --areas that tries it, which keeps the spec’s percentages', async () => {
    const spec = join(mkdtempSync(join(tmpdir(), 'heaplab-explain-')), 'small.yaml');
    writeFileSync(
      spec,
      'name: small\nheap:\n  areas: [8k]\nlength: 3000\nkinds:\n  - size: {uniform: [64, 2k]}\n    lifetime: {uniform: [1, 20]}\nlive:\n  max: 90%\n',
    );
    const heap = JSON.parse((await run('explain', spec, '--json')).out).remedies.find((r: { kind: string }) => r.kind === 'larger-heap');
    expect(heap.verified.survives).toBe(true);
    expect(heap.summary).toMatch(
      /To try it, run with --areas 13k: the spec's percentages stay those of its own heap, while editing its heap.areas would change the program\.$/,
    );
    expect((await run('run', spec, '--areas', '13k')).out).toContain('no MemoryError');
  });

  it('names the mark in force from a trace that has marks, and says how to add them to one that has none', async () => {
    const lines = readFileSync(join(traces, 'b_lcg_frag_32k.ndjson'), 'utf8').split('\n');
    const marked = join(mkdtempSync(join(tmpdir(), 'heaplab-explain-')), 'marked.ndjson');
    writeFileSync(marked, [lines[0], '{"op":"mark","v":1,"label":"main loop"}', ...lines.slice(1)].join('\n'));
    const json = JSON.parse((await run('explain', marked, '--json')).out);
    expect(json.source.marks).toBe(1);
    expect(json.memoryError).toMatchObject({ mark: 'main loop', line: 19030 });
    expect((await run('explain', marked)).out).not.toContain('The trace has no marks');
    expect((await run('explain', join(traces, 'b_lcg_frag_32k.ndjson'))).out).toContain("The trace has no marks: call heaplab_trace.mark('phase')");
  });

  it('replay and run show the first cause, shortened, and point to explain; replay never calls a heap safe for unbounded growth', async () => {
    const replay = await run('replay', join(traces, 'b_lcg_frag_32k.ndjson'), '--min-heap');
    expect(replay.out).toContain('  Why: growing-request: The failing 2464-byte request is the last of');
    expect(replay.out).toMatch(/\(the fixes, each proven by replay: \S*heaplab explain \S*b_lcg_frag_32k\.ndjson\)/);
    expect(replay.out).toContain('That heap holds this recording only: the failing request grows without levelling off, so no heap size is safe.');
    const replayJson = JSON.parse((await run('replay', join(traces, 'b_lcg_frag_32k.ndjson'), '--json')).out);
    expect(replayJson.memoryError.causes.map((c: { kind: string }) => c.kind)).toEqual(['growing-request']);
    const ran = JSON.parse((await run('run', 'churn', '--seed', '38', '--length', '3000', '--json')).out);
    expect(ran.causes[0].kind).toBe('accumulation');
    expect(JSON.parse((await run('run', 'seed-mem-free', '--json')).out).causes).toEqual([]);
  });

  it("on an engine trace, checks the remedies that add collections, as on the workload it came from, in an engine trace's words", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
    const file = join(dir, 'run.events');
    expect((await run('run', 'churn', '--seed', '1', '--length', '6000', '-o', file)).status).toBe(1);
    const trace = await run('explain', file, '--workers', '1');
    expect(trace.status).toBe(1);
    expect(trace.out).not.toContain('unchecked');
    expect(trace.out).not.toContain('heaplab_trace.mark');
    expect(trace.out).toContain('(docs/engine-trace.md#marks)');
    const kinds = (out: string): [string, boolean | undefined][] =>
      (JSON.parse(out) as { remedies: { kind: string; verified: { survives: boolean } | null }[] }).remedies.map((r) => [r.kind, r.verified?.survives]);
    const traceJson = JSON.parse((await run('explain', file, '--workers', '1', '--json')).out) as { source: unknown };
    expect(traceJson.source).toEqual({ kind: 'trace', file, format: 'engine', marks: 0 });
    // The same verdicts as explaining the workload run itself, with the policy trials on a worker too.
    const workload = kinds((await run('explain', 'churn', '--seed', '1', '--length', '6000', '--json')).out);
    expect(kinds((await run('explain', file, '--workers', '1', '--json')).out)).toEqual(workload);
    expect(kinds((await run('explain', file, '--workers', '2', '--json')).out)).toEqual(workload);
    // One that lists what its collections free is a device's recording again: those stay unchecked, named for what it is.
    const swept = join(dir, 'swept.events');
    writeFileSync(
      swept,
      [
        '{"format":"heaplab-events","version":1,"config":{"areas":[{"bytes":1024}]},"source":"test"}',
        '{"op":"alloc","id":1,"bytes":512,"root":true}',
        '{"op":"alloc","id":2,"bytes":256}',
        '{"op":"collect","freed":[2]}',
        '{"op":"alloc","id":3,"bytes":600}',
        '',
      ].join('\n'),
    );
    expect((await run('explain', swept, '--workers', '1')).out).toContain(
      'unchecked threshold: A collection threshold (gc.threshold()) cannot be checked on this engine\n              trace: its collections free the objects it lists (sweep,',
    );
  });

  it('with no known pattern, points to the command that shows what stands in the way for this input', async () => {
    // churn seed 4 fails with no cause found; replay takes no workload, so the pointer is to run.
    const explained = await run('explain', 'churn', '--seed', '4', '--areas', '64k');
    expect(explained.status).toBe(1);
    expect(explained.out).toContain(
      '  No known pattern explains it: none of the detectors found its evidence. What stands in the way:\n    heaplab run churn --seed 4 --areas 64k\n',
    );
    const ran = await run('run', 'churn', '--seed', '4', '--areas', '64k');
    expect(ran.out).toContain('  What stands in the way: in area 0, blocks');
  });

  it("refuses a workload's options on a trace, each for its own reason (exit 2)", async () => {
    const trace = join(traces, 'b_lcg_frag_32k.ndjson');
    const cases: [string[], string][] = [
      [
        ['--board', 'openmv-h7'],
        `--board: --board applies to a workload; a trace runs on the heap it was recorded on (heaplab compare ${trace} --areas LAYOUT runs it on another)`,
      ],
      [['--seed', '5'], '--seed: --seed applies to a workload; a trace is one recorded run, with no seed to choose'],
      [['--seed-name', 'x'], '--seed-name: --seed-name applies to a workload; a trace is one recorded run, with no seed to choose'],
      [['--length', '500'], '--length: --length applies to a workload; a trace replays the events it recorded, to its end'],
      [
        ['--strategy', 'best-fit'],
        `--strategy: --strategy applies to a workload; a trace runs under the allocator it was recorded with (heaplab compare ${trace} --strategies LIST runs it under others)`,
      ],
    ];
    for (const [args, err] of cases) expect(await run('explain', trace, ...args), args.join(' ')).toEqual({ status: 2, out: '', err: `heaplab: ${err}\n` });
  });
});
