/**
 * Start-up stays lean: each command loads only what it uses, and so do its worker threads. The
 * command runs with support/record-loads.cjs, which records every file each thread loads. In the bundle it runs
 * (scripts/build-bundle.mjs), RxJS, zod and yaml sit in chunks named after them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allWorkloads } from '@heaplab/workloads';
import { WORKLOAD_NAMES } from '../src/workload-names.js';

const cli = join(import.meta.dirname, '..');
const bin = join(cli, 'bin', 'heaplab.js');
const recorder = join(import.meta.dirname, 'support', 'record-loads.cjs');
const dump = join(cli, '..', 'core', 'test', 'fixtures', 'oracle', 'b_fragmentation.mcu.out.txt');
const trace = join(cli, '..', 'replay', 'test', 'fixtures', 'traces', 'a_big_list_64k.ndjson');
const spec = join(cli, '..', 'workloads', 'examples', 'sensor-logger.yaml');

/** The files that `heaplab args` loads, as paths (node:name for a built-in), in its main thread and in its worker threads; its exit status may be anything. */
function loads(...args: string[]): { main: string[]; worker: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'heaplab-loads-'));
  const log = join(dir, 'loads.txt');
  try {
    try {
      execFileSync(process.execPath, ['--require', recorder, bin, ...args], { env: { ...process.env, HEAPLAB_LOAD_LOG: log }, stdio: 'ignore' });
    } catch (error) {
      if (typeof (error as { status?: unknown }).status !== 'number') throw error;
    }
    const files = { main: [] as string[], worker: [] as string[] };
    for (const line of readFileSync(log, 'utf8').split('\n')) {
      const [thread, file] = line.split('\t');
      if (file !== undefined) files[thread === 'worker' ? 'worker' : 'main'].push(file);
    }
    return files;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Which of RxJS, zod and yaml the loaded files hold: their chunks of the bundle, or their packages. */
function heavy(files: readonly string[]): string[] {
  const names = files.map((file) => /^(rxjs|zod|yaml)-[\w-]+\.js$/.exec(basename(file))?.[1] ?? /[\\/]node_modules[\\/](rxjs|zod|yaml)[\\/]/.exec(file)?.[1]);
  return [...new Set(names.filter((name) => name !== undefined))].sort();
}

describe('what each command loads', () => {
  it('--version, --help and inspect load neither RxJS nor zod nor yaml; replay loads RxJS, a spec file zod and yaml', () => {
    const ran = {
      version: loads('--version').main,
      help: loads('--help').main,
      inspect: loads('inspect', dump).main,
      replay: loads('replay', trace).main,
      spec: loads('run', spec, '--length', '10').main,
    };
    expect(Object.fromEntries(Object.entries(ran).map(([command, files]) => [command, heavy(files)]))).toEqual({
      version: [],
      help: [],
      inspect: [],
      replay: ['rxjs'],
      spec: ['yaml', 'zod'],
    });
    // Everything comes from the bundle: no heaplab package's dist, no library from node_modules.
    for (const files of Object.values(ran)) {
      expect(files.filter((file) => !file.startsWith('node:') && !file.startsWith(join(cli, 'bundle')) && file !== bin)).toEqual([]);
    }
    // commander's node:child_process (with node:net and node:dgram) loads only if it runs a program.
    expect(Object.values(ran).filter((files) => files.includes('node:child_process'))).toEqual([]);
    // --version needs the command table alone: no command's chunk.
    expect(ran.version.map((file) => basename(file)).filter((name) => /^(inspect|replay|run|fuzz|compare|explain|report)-/.test(name))).toEqual([]);
  });

  it('a fuzz worker thread loads its task from the bundle: not the command table, nor RxJS, zod or yaml', () => {
    const { worker } = loads('fuzz', 'churn', '--seeds', '1..4', '--length', '100', '--workers', '2');
    expect(worker).toContain(join(cli, 'bundle', 'fuzz-worker.js'));
    // piscina's own files start the thread; all the rest is the bundle's, the command table excepted.
    const ours = worker.filter((file) => !/[\\/]node_modules[\\/]piscina[\\/]/.test(file));
    expect(ours.filter((file) => !file.startsWith(join(cli, 'bundle')) || basename(file) === 'main.js')).toEqual([]);
    expect(heavy(worker)).toEqual([]);
  });

  it('piscina loads only when a pool of worker threads opens: not for an explain that runs in one thread', () => {
    const piscina = (files: readonly string[]) => files.filter((file) => /[\\/]node_modules[\\/]piscina[\\/]/.test(file));
    expect(piscina(loads('explain', trace).main)).toEqual([]);
    expect(piscina(loads('fuzz', 'churn', '--seeds', '1..2', '--length', '100', '--workers', '2').main)).not.toEqual([]);
  });

  it('a compare worker thread on a workload loads no RxJS: the trace readers load only for a trace', () => {
    const { worker } = loads(
      'compare',
      'churn',
      '--seeds',
      '1..2',
      '--length',
      '200',
      '--strategies',
      'micropython,best-fit',
      '--no-safe-heap',
      '--workers',
      '2',
    );
    expect(worker).toContain(join(cli, 'bundle', 'compare-worker.js'));
    expect(heavy(worker)).toEqual([]);
  });

  it.skipIf(!('enableCompileCache' in module))("keeps V8's compile cache where Node has one (22.1 and later)", () => {
    const tmp = mkdtempSync(join(tmpdir(), 'heaplab-cache-'));
    try {
      execFileSync(process.execPath, [bin, '--version'], { env: { ...process.env, TMPDIR: tmp, NODE_COMPILE_CACHE: undefined }, stdio: 'ignore' });
      expect(readdirSync(join(tmp, 'node-compile-cache'), { recursive: true }).length).toBeGreaterThan(0);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('the help text lists the built-in workloads from static data, the same as @heaplab/workloads', () => {
    expect(WORKLOAD_NAMES).toEqual(allWorkloads().map((workload) => workload.name));
  });
});
