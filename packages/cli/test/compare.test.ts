import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureRun, parseStrategySpec } from '@heaplab/core';
import { formatEngineTrace } from '@heaplab/replay';
import { findWorkload } from '@heaplab/workloads';
import type { CompareRow as Row } from '@heaplab/analysis';
import { runCli as run } from './support/run-cli.js';

const churn = findWorkload('churn')!;
const traces = join(import.meta.dirname, '..', '..', 'replay', 'test', 'fixtures', 'traces');
const bin = join(import.meta.dirname, '..', 'bin', 'heaplab.js');

const SMALL = ['churn', '--seeds', '1..3', '--length', '6000', '--strategies', 'micropython,next-fit,best-fit,buddy', '--workers', '1'];

describe('heaplab compare', () => {
  it('runs a workload over seeds under each strategy, with figures the engine reproduces', async () => {
    const { status, out } = await run('compare', ...SMALL, '--no-safe-heap', '--json');
    expect(status).toBe(0);
    const report = JSON.parse(out) as { seeds: string[]; position: string; length: number; rows: Row[]; ranking: { strategy: string }[] };
    expect(report.seeds).toEqual(['1', '2', '3']);
    expect(report).toMatchObject({ position: 'event', length: 6000 });
    expect(report.rows.map((r) => r.strategy)).toEqual(['micropython', 'next-fit', 'best-fit', 'buddy']);
    for (const row of report.rows) {
      const runs = ['1', '2', '3'].map((seed) => measureRun({ ...churn.heap, ...parseStrategySpec(row.strategy) }, churn.generate(seed, 6000).events).metrics);
      expect(row.runs).toBe(3);
      expect(row.failures).toBe(runs.reduce((s, m) => s + m.failures, 0));
      const firsts = runs.flatMap((m) => (m.firstFailure === null ? [] : [m.firstFailure.event]));
      expect(row.failedRuns).toBe(firsts.length);
      if (firsts.length > 0) expect([row.timeToFailure!.min, row.timeToFailure!.max]).toEqual([Math.min(...firsts), Math.max(...firsts)]);
      expect(row.peakFragmentation.max).toBeCloseTo(Math.max(...runs.map((m) => m.peakFragmentation.value)), 6);
      expect(row.safeHeapBytes).toBeUndefined();
    }
    expect(report.ranking.map((r) => r.strategy).sort()).toEqual(['best-fit', 'buddy', 'micropython', 'next-fit']);
  });

  it('prints the same JSON on every run, with one worker or two', () => {
    const args = [bin, 'compare', 'churn', '--seeds', '1..4', '--length', '4000', '--strategies', 'micropython,next-fit,tlsf', '--json'];
    const one = spawnSync(process.execPath, [...args, '--workers', '1'], { encoding: 'utf8' });
    const two = spawnSync(process.execPath, [...args, '--workers', '2'], { encoding: 'utf8' });
    const again = spawnSync(process.execPath, [...args, '--workers', '2'], { encoding: 'utf8' });
    expect(one.status).toBe(0);
    expect(one.stderr).toBe('');
    expect(two.stdout).toBe(one.stdout);
    expect(again.stdout).toBe(one.stdout);
    expect((JSON.parse(one.stdout) as { rows: Row[] }).rows[0]!.safeHeapBytes).toBeGreaterThan(0);
  }, 120_000);

  it('runs a device trace with its recorded frees; MicroPython fails where the device did', async () => {
    const file = join(traces, 'b_lcg_frag_32k.ndjson');
    const { status, out } = await run('compare', file, '--strategies', 'micropython,worst-fit', '--no-safe-heap', '--workers', '1', '--json');
    expect(status).toBe(0);
    const rows = (JSON.parse(out) as { rows: Row[] }).rows;
    expect(rows[0]).toMatchObject({ strategy: 'micropython', layout: '32k', runs: 1, failedRuns: 1, failures: 1 });
    // A trace's first failure is a line: the device's failed request for 2464 bytes (see heaplab replay on this trace).
    const failed = JSON.parse(readFileSync(file, 'utf8').split('\n')[rows[0]!.timeToFailure!.mean - 1]!);
    expect(failed).toMatchObject({ op: 'alloc_fail', bytes: 2464, stage: 'final' });
    // Plenty free, no run long enough: fragmentation, not a full heap.
    const fit = rows[0]!.atFailure!;
    expect(fit.requestBytes.mean).toBe(2464);
    expect(fit.freeBytes.mean).toBeGreaterThan(2464);
    expect(fit.largestFreeRunBytes.mean).toBeLessThan(2464);
    expect(fit.unusableFreeIndex.mean).toBe(1);
    expect(fit.fragmentationIndex.mean).toBeGreaterThan(0.5);
    expect(rows[1]!.timeToFailure!.mean).toBeLessThan(rows[0]!.timeToFailure!.mean);
  });

  it('never prints a negative frag index: one or two free runs just short of the request count as 0', async () => {
    // Buddy's first failure on this trace leaves few, long runs: Linux's formula gives −0.17 there.
    const file = join(traces, 'b_lcg_frag_32k.ndjson');
    const args = ['compare', file, '--strategies', 'buddy', '--no-safe-heap', '--workers', '1'];
    const row = (JSON.parse((await run(...args, '--json')).out) as { rows: Row[] }).rows[0]!;
    expect(row.atFailure!.fragmentationIndex.mean).toBe(0);
    const text = (await run(...args)).out;
    expect(text).toMatch(/^buddy +32k +1\/1 +\d+ +0\.00 /m);
    expect(text).toContain("frag index: Linux's fragmentation index for the first failed request, 0 to 1:");
    // A device trace: its runs keep each object until the device swept it, and the table says so.
    expect(text).toContain('A device trace records garbage only where the device swept it: these runs free each object there and no earlier.');
  });

  it('runs an engine trace as written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
    const file = join(dir, 'churn.events');
    const events = churn.generate('5', 5000).events;
    writeFileSync(file, formatEngineTrace({ config: churn.heap }, events));
    const { status, out } = await run('compare', file, '--strategies', 'next-fit', '--no-safe-heap', '--json');
    expect(status).toBe(0);
    const report = JSON.parse(out) as { position: string; rows: Row[] };
    const row = report.rows[0]!;
    const direct = measureRun({ ...churn.heap, strategy: 'next-fit' }, events).metrics;
    expect(row.failures).toBe(direct.failures);
    // A trace counts lines: event N of an engine trace is on line N + 1, after the header.
    expect(report.position).toBe('line');
    expect(row.timeToFailure?.mean).toBe(direct.firstFailure!.event + 1);
    // The engine runs an engine trace's collections itself: no note on garbage known only where a device swept it.
    expect((await run('compare', file, '--strategies', 'next-fit', '--no-safe-heap')).out).not.toContain('A device trace records garbage');
    expect((await run('compare', 'churn', '--seeds', '1', '--length', '2000', '--strategies', 'micropython', '--no-safe-heap')).out).not.toContain(
      'A device trace records garbage',
    );
  });

  it('runs each strategy on each heap layout asked for', async () => {
    const { out } = await run(
      'compare',
      'churn',
      '--seeds',
      '1',
      '--length',
      '3000',
      '--strategies',
      'first-fit,two-ended',
      '--areas',
      '32k',
      '--areas',
      '16k,48k',
      '--no-safe-heap',
      '--workers',
      '1',
      '--csv',
    );
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^strategy,layout,runs,failed_runs,failures,first_failure_mean,/);
    // A layout with a comma is quoted.
    const prefixes = ['first-fit,32k,1,', 'two-ended,32k,1,', 'first-fit,"16k,48k",1,', 'two-ended,"16k,48k",1,'];
    expect(lines.length).toBe(5);
    for (const [i, line] of lines.slice(1).entries()) expect(line.startsWith(prefixes[i]!), line).toBe(true);
  });

  it('compares board heaps by name, word size included', async () => {
    const { out } = await run(
      'compare',
      'seed-mem-free',
      '--seeds',
      '1',
      '--strategies',
      'micropython',
      '--board',
      'unix',
      '--board',
      'openmv-h7',
      '--no-safe-heap',
      '--workers',
      '1',
      '--json',
    );
    const rows = (JSON.parse(out) as { rows: Row[] }).rows;
    expect(rows.map((r) => r.layout)).toEqual(['unix', 'openmv-h7']);
    // 32-byte blocks on the 64-bit unix heap: every free figure is a multiple of 32.
    expect(rows[0]!.minLargestFreeRunBytes % 32).toBe(0);
    expect(rows[0]!.minLargestFreeRunBytes).toBeGreaterThan(1_900_000);
  });

  it('prints a table with the survivor named', async () => {
    const { status, out } = await run('compare', ...SMALL, '--no-safe-heap');
    expect(status).toBe(0);
    expect(out).toMatch(/^heaplab compare: workload churn, 3 seeds \(1,2,3\), 6000 events each\n/);
    expect(out).toMatch(/\n {2}\S+ on 64k (fails in the fewest runs: \d of 3, at event \d+ on average in those|never failed)\.\n/);
    for (const s of ['micropython', 'next-fit', 'best-fit', 'buddy']) expect(out).toMatch(new RegExp(`\\n${s} +64k `));
  });

  it('says what is wrong with its arguments, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['churn', '--strategies', 'micropython,nope'], /^heaplab: --strategies: nope: strategy: unknown strategy "nope"; known: .*\n$/],
      [
        ['churn', '--strategies', 'tlsf:sli=9'],
        /^heaplab: --strategies: tlsf:sli=9: strategyParams.sli: strategy tlsf: sli must be a whole number from 1 to 5, got 9\n$/,
      ],
      [['churn', '--seeds', '5..1'], /^heaplab: --seeds: range 5\.\.1 runs backwards\n$/],
      [['churn', '--areas', '64q'], /^heaplab: --areas: "64q" is not a size/],
      [['churn', '--json', '--csv'], /^heaplab: --csv: choose one of --json and --csv\n$/],
      [['churn', '--workers', '0'], /^heaplab: --workers: expected a whole number ≥ 1, got "0"\n$/],
      [['churn', '--workers', '1000'], /^heaplab: --workers: expected at most \d+ threads \(this machine runs \d+ at once\), got 1000\n$/],
      [['churn', '--seeds', '1-8'], /^heaplab: --seeds: "1-8" is not a seed list; expected A\.\.B, A,B,C or both mixed/],
      [[join(traces, 'b_lcg_frag_32k.ndjson'), '--seeds', '1..2'], /^heaplab: --seeds: --seeds applies to a workload/],
      [[join(traces, 'b_lcg_frag_32k.ndjson'), '--seed-name', 'x'], /^heaplab: --seed-name: --seed-name applies to a workload/],
      [[join(traces, 'b_lcg_frag_32k.ndjson')], /^heaplab: --length: --length applies to a workload; a trace replays the events it recorded, to its end\n$/],
      [['no-such-workload-or-file'], /^heaplab: no-such-workload-or-file: cannot read: no such file\n$/],
    ];
    for (const [args, message] of cases) {
      const { status, out, err } = await run('compare', ...args, '--length', '100', '--no-safe-heap');
      expect(status, args.join(' ')).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(message);
    }
  });
});
