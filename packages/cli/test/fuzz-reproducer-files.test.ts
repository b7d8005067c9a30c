import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputDir } from '../src/io/output-dir.js';
import { runCli as run } from './support/run-cli.js';

const example = readFileSync(join(import.meta.dirname, '..', '..', 'workloads', 'examples', 'sensor-logger.yaml'), 'utf8');
/** Seeds 1 and 2 of the example fail on this heap within a fraction of a second. */
const FAILING = ['--seeds', '1..2', '--areas', '8k', '--length', '2000', '--minimize', '--max-tests', '50', '--workers', '1'];

interface FuzzJson {
  campaign: { reproducerDir: string | null };
  runs: { seed: string; failure: { reproducer: { file: string } | null } | null }[];
}

/** A temporary folder holding the example spec at `sub/spec.yaml`, under the spec name `name`. */
function specIn(name: string): { dir: string; spec: string } {
  const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
  mkdirSync(join(dir, 'sub'));
  const spec = join(dir, 'sub', 'spec.yaml');
  writeFileSync(spec, example.replace(/^name: sensor-logger$/m, `name: ${JSON.stringify(name)}`));
  return { dir, spec };
}

describe('fuzz --minimize reproducer files', () => {
  it('are named after the spec name, not its path, in the folder given', async () => {
    const { dir, spec } = specIn('sensor-logger');
    const out = join(dir, 'out');
    const result = await run('fuzz', spec, ...FAILING, '--out-dir', out, '--json');
    expect(result.err).toBe('');
    expect(result.status).toBe(1);
    const files = (JSON.parse(result.out) as FuzzJson).runs.map((r) => r.failure?.reproducer?.file);
    expect(files).toEqual([join(out, 'sensor-logger-seed-1.events'), join(out, 'sensor-logger-seed-2.events')]);
    expect(readdirSync(out).sort()).toEqual(['sensor-logger-seed-1.events', 'sensor-logger-seed-2.events']);
  });

  it('stay inside their folder whatever the spec name, and the default folder is one path segment', async () => {
    const { dir, spec } = specIn('../../escaped');
    const out = join(dir, 'a', 'b');
    const result = await run('fuzz', spec, ...FAILING, '--out-dir', out);
    expect(result).toMatchObject({ status: 1, err: '' });
    expect(readdirSync(out).sort()).toEqual(['.._.._escaped-seed-1.events', '.._.._escaped-seed-2.events']);
    expect(readdirSync(dir).sort()).toEqual(['a', 'sub']);
    // No failure on the example's own heap: nothing is written, and the folder is only reported.
    const quiet = await run('fuzz', spec, '--seeds', '1', '--length', '2000', '--minimize', '--workers', '1', '--json');
    expect(quiet.status).toBe(0);
    expect((JSON.parse(quiet.out) as FuzzJson).campaign.reproducerDir).toBe('fuzz-.._.._escaped');
    expect(existsSync('fuzz-..')).toBe(false);
  });

  it('are all checked before the campaign runs: a file in the way, or two seeds on one file, writes nothing', async () => {
    const { dir, spec } = specIn('sensor-logger');
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'sensor-logger-seed-2.events'), 'keep\n');
    expect(await run('fuzz', spec, ...FAILING, '--out-dir', out)).toEqual({
      status: 2,
      out: '',
      err: `heaplab: ${join(out, 'sensor-logger-seed-2.events')}: already exists; pass --force to replace it\n`,
    });
    expect(readdirSync(out)).toEqual(['sensor-logger-seed-2.events']);
    const twins = join(dir, 'twins');
    expect(await run('fuzz', spec, ...FAILING, '--seed-name', 'a b', '--seed-name', 'a_b', '--out-dir', twins)).toEqual({
      status: 2,
      out: '',
      err: `heaplab: ${join(twins, 'sensor-logger-seed-a_b.events')}: seeds "a b" and "a_b" would both write this reproducer; rename one\n`,
    });
    expect(existsSync(twins)).toBe(false);
  });
});

describe('fuzz --out-dir', () => {
  it('is made with its parents when needed; checking it leaves nothing behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
    await checkOutputDir(join(dir, 'n', 'm'), '--out-dir');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('that cannot be made is one located line, exit 2, before the campaign (and never hangs)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
    const file = join(dir, 'file');
    writeFileSync(file, '');
    const cases: [string, string][] = [
      [file, 'is a file, not a directory'],
      [join(file, 'x'), 'cannot create the directory: a part of the path is a file, not a directory'],
    ];
    if (existsSync('/proc/self'))
      cases.push(
        ['/proc/nope', 'cannot create the directory: /proc does not take new directories'],
        ['/proc/self/nope/x', 'cannot create the directory: /proc/self does not take new directories'],
      );
    for (const [outDir, detail] of cases)
      expect(await run('fuzz', 'churn', '--seeds', '1', '--length', '100', '--minimize', '--out-dir', outDir), outDir).toEqual({
        status: 2,
        out: '',
        err: `heaplab: ${outDir}: --out-dir: ${detail}\n`,
      });
  }, 10_000);
});
