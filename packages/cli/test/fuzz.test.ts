import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureRun } from '@heaplab/core';
import { findWorkload } from '@heaplab/workloads';
import { runFuzzTask } from '../src/commands/fuzz/fuzz-task.js';
import { specDigest } from '../src/commands/fuzz/spec-digest.js';
import { readWorkloadSource } from '../src/resolve-workload.js';
import { runCli as run } from './support/run-cli.js';

const churn = findWorkload('churn')!;
const bin = join(import.meta.dirname, '..', 'bin', 'heaplab.js');
const CAMPAIGN = ['fuzz', 'churn', '--seeds', '1..12', '--length', '6000', '--workers', '1'];

interface FuzzJson {
  campaign: { specDigest: string | null };
  failing: number;
  shard: { index: number; count: number } | null;
  runs: { seed: string; command: string; failure: { event: number; bytes: number; reproducer: { file: string; events: number } | null } | null }[];
}

describe('heaplab fuzz', () => {
  it('finds the seeds that fail, where the engine fails them, with the command for each (exit 1)', async () => {
    const { status, out } = await run(...CAMPAIGN, '--json');
    expect(status).toBe(1);
    const report = JSON.parse(out) as FuzzJson;
    expect(report.runs.map((r) => r.seed)).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
    for (const r of report.runs) {
      const first = measureRun(churn.heap, churn.generate(r.seed, 6000).events).metrics.firstFailure;
      expect(r.failure?.event ?? null, `seed ${r.seed}`).toBe(first?.event ?? null);
      if (first !== null) expect(r.failure!.bytes).toBe(first.bytes);
      expect(r.command).toBe(`heaplab run churn --seed ${r.seed} --length 6000`);
    }
    expect(report.failing).toBe(report.runs.filter((r) => r.failure !== null).length);
    expect(report.failing).toBeGreaterThan(0);
  });

  it('a mistyped --seeds is exit 2 with the forms it takes, not a run of one seed named after it; --seed-name names seeds', async () => {
    for (const seeds of ['1-50', '1..50x', '1..']) {
      expect(await run('fuzz', 'camera-frames', '--seeds', seeds), seeds).toEqual({
        status: 2,
        out: '',
        err: `heaplab: --seeds: "${seeds}" is not a seed list; expected A..B, A,B,C or both mixed, e.g. 1..20,33 (a seed given by name: --seed-name NAME)\n`,
      });
    }
    const named = await run('fuzz', 'churn', '--seeds', '3', '--seed-name', 'release-42', '--seed-name', 'a b', '--length', '2000', '--workers', '1', '--json');
    expect((JSON.parse(named.out) as FuzzJson).runs.map((r) => [r.seed, r.command])).toEqual([
      ['3', 'heaplab run churn --seed 3 --length 2000'],
      ['release-42', 'heaplab run churn --seed-name release-42 --length 2000'],
      ['a b', "heaplab run churn --seed-name 'a b' --length 2000"],
    ]);
    const again = await run('run', 'churn', '--seed-name', 'a b', '--length', '2000', '--json');
    expect((JSON.parse(again.out) as { seed: string }).seed).toBe('a b');
    expect(await run('run', 'churn', '--seed', '1-50')).toMatchObject({
      status: 2,
      err: expect.stringContaining('heaplab: --seed: "1-50" is not a seed;') as unknown as string,
    });
  });

  it('shards merge into exactly the unsharded output, with and without --stop-on-first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
    for (const extra of [[], ['--stop-on-first']]) {
      const whole = (await run(...CAMPAIGN, ...extra, '--json')).out;
      const files = [3, 1, 2].map((i) => ({ i, file: join(dir, `shard-${i}${extra.length}.json`) }));
      for (const { i, file } of files) writeFileSync(file, (await run(...CAMPAIGN, ...extra, '--json', '--shard', `${i}/3`)).out);
      const merged = await run('merge', ...files.map((f) => f.file));
      expect(merged.out).toBe(whole);
      expect(merged.status).toBe(1);
    }
  });

  it('prints the same JSON for any number of workers', () => {
    const args = [bin, 'fuzz', 'growth', '--seeds', '1..8', '--length', '9000', '--json'];
    const one = spawnSync(process.execPath, [...args, '--workers', '1'], { encoding: 'utf8' });
    const two = spawnSync(process.execPath, [...args, '--workers', '2'], { encoding: 'utf8' });
    expect(one.stderr).toBe('');
    expect(two.stdout).toBe(one.stdout);
    expect((JSON.parse(one.stdout) as FuzzJson).runs).toHaveLength(8);
  }, 60_000);

  it('--minimize writes reproducers that heaplab replay reproduces, and never overwrites without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
    const args = [
      'fuzz',
      'churn',
      '--seeds',
      '1..3',
      '--length',
      '6000',
      '--stop-on-first',
      '--minimize',
      '--max-tests',
      '300',
      '--out-dir',
      dir,
      '--workers',
      '1',
    ];
    const report = JSON.parse((await run(...args, '--json')).out) as FuzzJson;
    const failed = report.runs.find((r) => r.failure !== null)!;
    const file = failed.failure!.reproducer!.file;
    expect(file).toBe(join(dir, `churn-seed-${failed.seed}.events`));
    const replayed = JSON.parse((await run('replay', file, '--json')).out) as { events: number; memoryError: { bytes: number; event: number } };
    expect(replayed.memoryError.bytes).toBe(failed.failure!.bytes);
    expect(replayed.events).toBe(failed.failure!.reproducer!.events);
    expect(replayed.events).toBeLessThan(failed.failure!.event + 1);
    const before = readFileSync(file, 'utf8');
    const again = await run(...args);
    expect(again).toMatchObject({ status: 2, err: `heaplab: ${file}: already exists; pass --force to replace it\n` });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect((await run(...args, '--force')).status).toBe(1);
  });

  it('merge refuses shards that do not make one campaign, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
    const shard = async (name: string, ...extra: string[]): Promise<string> => {
      const file = join(dir, name);
      writeFileSync(file, (await run(...CAMPAIGN, '--json', ...extra)).out);
      return file;
    };
    const one = await shard('1.json', '--shard', '1/2');
    const two = await shard('2.json', '--shard', '2/2');
    const other = await shard('other.json', '--shard', '2/2', '--strategy', 'best-fit');
    const whole = await shard('whole.json');
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not json');
    const ofFour = join(dir, '1of4.json');
    writeFileSync(ofFour, readFileSync(one, 'utf8').replace('"shard":{"index":1,"count":2}', '"shard":{"index":1,"count":4}'));
    // A shard edited by hand: runs deleted, one repeated, one taken from the other shard.
    const edited = (name: string, edit: (runs: unknown[], others: unknown[]) => unknown[]): string => {
      const report = JSON.parse(readFileSync(one, 'utf8')) as { runs: unknown[] };
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify({ ...report, runs: edit(report.runs, (JSON.parse(readFileSync(two, 'utf8')) as { runs: unknown[] }).runs) }));
      return file;
    };
    const lacking = edited('lacking.json', (runs) => [runs[0], ...runs.slice(3)]);
    const repeated = edited('repeated.json', (runs) => [...runs, runs[4]]);
    const borrowed = edited('borrowed.json', (runs, others) => [...runs, others[0]]);
    // A --stop-on-first shard ends at its first failing seed (seed 1 here): a run after it was not made by that campaign.
    const stopped = await shard('stopped.json', '--shard', '1/2', '--stop-on-first');
    const stoppedTwo = await shard('stopped-2.json', '--shard', '2/2', '--stop-on-first');
    const late = join(dir, 'late.json');
    const stoppedReport = JSON.parse(readFileSync(stopped, 'utf8')) as { runs: unknown[] };
    writeFileSync(late, JSON.stringify({ ...stoppedReport, runs: (JSON.parse(readFileSync(one, 'utf8')) as { runs: unknown[] }).runs.slice(0, 2) }));
    const cases: [string[], string][] = [
      [[late, stoppedTwo], `heaplab: ${late}: runs: reports seed 3, after the first failing seed of a --stop-on-first campaign\n`],
      [[lacking, two], `heaplab: ${lacking}: runs: lacks seeds 3 and 5 of shard 1/2 (4 of 6 runs); run the shard again\n`],
      [[two, repeated], `heaplab: ${repeated}: runs: reports seed 9 twice\n`],
      [[borrowed, two], `heaplab: ${borrowed}: runs: reports seed 2, which is not one of shard 1/2\n`],
      [[one], "heaplab: merge: shard 2 of 2 is missing; give every shard's --json\n"],
      [[ofFour], "heaplab: merge: shards 2, 3 and 4 of 4 are missing; give every shard's --json\n"],
      [[one, one], `heaplab: ${one}: shard: is shard 1/2 again (so is ${one})\n`],
      [
        [one, other],
        `heaplab: ${other}: campaign: comes from another campaign than ${one} (workload, spec contents, seeds, heap, strategy or options differ)\n`,
      ],
      [[whole, two], `heaplab: ${whole}: shard: is not a shard (run with --shard I/N); it is already a whole campaign\n`],
      [[text], expect.stringMatching(new RegExp(`^heaplab: ${text}: not JSON: `)) as unknown as string],
    ];
    // A spec file is named by its path: shards of the same path with other contents are another campaign.
    const spec = join(dir, 'sp.yaml');
    const logger = readFileSync(join(import.meta.dirname, '..', '..', 'workloads', 'examples', 'sensor-logger.yaml'), 'utf8');
    const specShard = async (name: string, text: string, i: number): Promise<string> => {
      writeFileSync(spec, text);
      const file = join(dir, name);
      writeFileSync(file, (await run('fuzz', spec, '--seeds', '1..2', '--length', '500', '--workers', '1', '--json', '--shard', `${i}/2`)).out);
      return file;
    };
    const specOne = await specShard('s1.json', logger, 1);
    const specTwo = await specShard('s2.json', logger.replace('size: { fixed: 1k }', 'size: { fixed: 2k }'), 2);
    expect(JSON.parse(readFileSync(specOne, 'utf8')).campaign.specDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.parse(readFileSync(one, 'utf8')).campaign.specDigest).toBeNull();
    cases.push([[specOne, specTwo], `heaplab: ${specTwo}: campaign: comes from another campaign than ${specOne} (the spec file ${spec} had other contents)\n`]);
    for (const [files, err] of cases) expect(await run('merge', ...files), files.join(' ')).toMatchObject({ status: 2, out: '', err });
    expect(await run(...CAMPAIGN, '--shard', '4/3')).toMatchObject({ status: 2, err: 'heaplab: --shard: expected I/N with 1 ≤ I ≤ N (e.g. 2/4), got "4/3"\n' });
  });
});

describe('a fuzz campaign of a spec file', () => {
  it('runs and hashes the text read once, not what the file holds when a worker starts', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'heaplab-')), 'swapped.yaml');
    // Read: 1 KiB objects that live for ever on a 4 KiB heap fail within a few requests.
    const read = 'name: read\nheap: {areas: [4k]}\nkinds: [{size: {fixed: 1k}, lifetime: forever}]\n';
    writeFileSync(file, read);
    const source = await readWorkloadSource(file);
    // An edit after the read, before any worker runs: 16-byte objects that die at once never fail.
    writeFileSync(file, 'name: edited\nheap: {areas: [4k]}\nkinds: [{size: {fixed: 16}, lifetime: {fixed: 1}}]\n');
    const ran = await runFuzzTask({ workload: source, seed: '1', length: 20, heap: { areas: [{ bytes: 4096 }] }, minimizeTests: 0 });
    expect(ran.failure?.bytes).toBe(1024);
    expect(specDigest(source.specText)).toBe(`sha256:${createHash('sha256').update(read, 'utf8').digest('hex')}`);
  });

  it('a second campaign of the same path in one process runs the text its digest is of', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'heaplab-')), 'rewritten.yaml');
    const campaign = async (objectSize: string): Promise<number | undefined> => {
      const text = `name: rewritten\nheap: {areas: [4k]}\nkinds: [{size: {fixed: ${objectSize}}, lifetime: forever}]\n`;
      writeFileSync(file, text);
      const json = JSON.parse((await run('fuzz', file, '--seeds', '1', '--length', '20', '--workers', '1', '--json')).out) as FuzzJson;
      expect(json.campaign.specDigest).toBe(`sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`);
      return json.runs[0]?.failure?.bytes;
    };
    expect(await campaign('1k')).toBe(1024);
    expect(await campaign('2k')).toBe(2048);
  });
});
