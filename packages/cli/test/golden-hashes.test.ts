/**
 * Determinism: the final state hashes of every workload × seed × strategy are committed in
 * fixtures/golden-hashes.json. This process (through the metered run), a second process
 * (through the plain batch, so the two paths are held to the same states) and the CLI must all
 * reproduce them, and the CLI's output must not depend on the time zone, the locale or the number of
 * workers. After a deliberate change to the engine or a workload, regenerate the file with
 * HEAPLAB_UPDATE_GOLDEN=1 npx vitest run packages/cli/test/golden-hashes.test.ts and say why
 * in the commit.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureRun, stateHash, strategyNames } from '@heaplab/core';
import { allWorkloads } from '@heaplab/workloads';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'golden-hashes.json');
const bin = join(import.meta.dirname, '..', 'bin', 'heaplab.js');
const SEEDS = ['1', '2'];
/** Events per run: enough for collections and failures, small enough for a quick test. */
const LENGTH = 6000;

type Golden = Record<string, string>;

function keyOf(workload: string, seed: string, strategy: string): string {
  return `${workload}/${seed}/${strategy}`;
}

function computeAll(): Golden {
  const hashes: Golden = {};
  for (const workload of allWorkloads()) {
    for (const seed of SEEDS) {
      const { events } = workload.generate(seed, LENGTH);
      for (const strategy of strategyNames()) {
        hashes[keyOf(workload.name, seed, strategy)] = stateHash(measureRun({ ...workload.heap, strategy }, events).finalState);
      }
    }
  }
  return hashes;
}

describe('golden state hashes', () => {
  const computed = computeAll();
  if (process.env.HEAPLAB_UPDATE_GOLDEN === '1') writeFileSync(FIXTURE, `${JSON.stringify(computed, null, 1)}\n`);
  const golden = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Golden;

  it('this process reproduces every committed hash', () => {
    expect(Object.keys(golden).length).toBe(allWorkloads().length * SEEDS.length * strategyNames().length);
    expect(computed).toEqual(golden);
  });

  it('a second process reproduces them through the plain batch (applyAll)', () => {
    const script = `
      import { applyAll, createHeap, stateHash, strategyNames } from '@heaplab/core';
      import { allWorkloads } from '@heaplab/workloads';
      const out = {};
      for (const w of allWorkloads()) for (const seed of ${JSON.stringify(SEEDS)}) {
        const { events } = w.generate(seed, ${LENGTH});
        for (const strategy of strategyNames()) out[w.name + '/' + seed + '/' + strategy] = stateHash(applyAll(createHeap({ ...w.heap, strategy }), events).state);
      }
      process.stdout.write(JSON.stringify(out));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: join(import.meta.dirname, '..'), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(golden);
  }, 60_000);

  it('the CLI reproduces them', () => {
    for (const [workload, seed, strategy] of [
      ['churn', '1', 'micropython'],
      ['camera-frames', '2', 'tlsf'],
      ['growth', '1', 'buddy'],
    ] as const) {
      // Exit 1 when the run ends in a MemoryError; the hash is printed either way.
      const out = spawnSync(process.execPath, [bin, 'run', workload, '--seed', seed, '--length', String(LENGTH), '--strategy', strategy, '--json'], {
        encoding: 'utf8',
      }).stdout;
      expect((JSON.parse(out) as { finalStateHash: string }).finalStateHash, `${workload}/${seed}/${strategy}`).toBe(golden[keyOf(workload, seed, strategy)]);
    }
  }, 60_000);

  it('CLI output does not depend on the time zone, the locale or the number of workers', () => {
    const runs = [
      { env: {}, workers: '1' },
      { env: { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' }, workers: '2' },
      { env: { TZ: 'America/St_Johns', LANG: 'ar_EG.UTF-8', LC_ALL: 'tr_TR.UTF-8' }, workers: '2' },
    ];
    for (const args of [
      ['compare', 'churn', '--seeds', '1..2', '--length', '3000', '--strategies', 'micropython,tlsf', '--json'],
      ['fuzz', 'growth', '--seeds', '1..2', '--length', '8000', '--json'],
      ['run', 'camera-frames', '--length', '5000'],
    ]) {
      const outputs = runs.map(({ env, workers }) => {
        const result = spawnSync(process.execPath, [bin, ...args, ...(args[0] === 'run' ? [] : ['--workers', workers])], {
          encoding: 'utf8',
          env: { ...process.env, ...env },
        });
        return result.stdout;
      });
      expect(outputs[0]!.length, args.join(' ')).toBeGreaterThan(100);
      expect(outputs[1], args.join(' ')).toBe(outputs[0]);
      expect(outputs[2], args.join(' ')).toBe(outputs[0]);
    }
  }, 120_000);
});
