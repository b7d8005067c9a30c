/**
 * Hostile inputs of every kind a user hits, in one table: each bad one gets one located line on
 * standard error and exit 2, never a stack trace, and never a yes/no answer the input cannot
 * support; the damaged-but-usable ones get their answer with the damage said.
 */
import { linkSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from './support/run-cli.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const traces = join(repo, 'packages', 'replay', 'test', 'fixtures', 'traces');
const fixtures = join(import.meta.dirname, 'fixtures');
const oracle = join(repo, 'packages', 'core', 'test', 'fixtures', 'oracle');
const dir = mkdtempSync(join(tmpdir(), 'heaplab-hostile-'));

/** A file in the scratch folder with `text` in it. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const lines = readFileSync(join(traces, 'b_lcg_frag_32k.ndjson'), 'utf8').split('\n');
/** The real trace with its line `n` (from 1) replaced. */
const withLine = (name: string, n: number, text: string): string => file(name, [...lines.slice(0, n - 1), text, ...lines.slice(n)].join('\n'));

interface Refused {
  readonly name: string;
  readonly args: readonly string[];
  /** What the one line on standard error must say (it always starts `heaplab: `). */
  readonly says: RegExp;
}

const REFUSED: readonly Refused[] = [
  { name: 'a directory for a trace', args: ['replay', dir], says: /: cannot read: is a directory/ },
  { name: 'a directory for a dump', args: ['inspect', dir], says: /is a directory/ },
  {
    name: 'a placement outside its area',
    args: ['replay', withLine('outside.ndjson', 2, '{"op":"alloc","bytes":16,"blocks":1,"area":0,"block":1000000,"fin":0,"in_realloc":0,"after_collect":0}')],
    says: /outside\.ndjson:2: block: expected a place inside area 0's 2000 blocks/,
  },
  {
    name: 'a line that contradicts itself (24 bytes in 7 blocks)',
    args: ['replay', withLine('contradicts.ndjson', 2, '{"op":"alloc","bytes":24,"blocks":7,"area":0,"block":0,"fin":0,"in_realloc":0,"after_collect":0}')],
    says: /contradicts\.ndjson:2: blocks: expected 2 \(24 bytes rounded up to whole 16-byte blocks\), got 7/,
  },
  {
    name: 'a plain trace cut mid-line',
    args: ['replay', file('cut-mid-line.ndjson', `${lines.slice(0, 200).join('\n')}\n{"op":"alloc","bytes":16,"blo`)],
    says: /cut-mid-line\.ndjson:201: .*--skip-bad-lines/,
  },
  {
    name: 'a damaged dump asked whether 2000 bytes fit',
    args: ['inspect', join(fixtures, 'split-dump-traceback.txt'), '--fits', '2000'],
    says: /split-dump-traceback\.txt:34: --fits: cannot tell/,
  },
  {
    name: 'a cut-off dump asked whether 2000 bytes fit',
    args: ['inspect', join(fixtures, 'split-dump-cut-off.txt'), '--fits', '2000'],
    says: /--fits: cannot tell/,
  },
  {
    name: 'a Python object with a negative size',
    args: ['inspect', join(oracle, 'full-heap.mcu20k.out.txt'), '--fits', 'bytearray(-1)'],
    says: /--fits: expected a number of bytes/,
  },
  ...['1-50', '1..50x', '1..'].map((seeds) => ({
    name: `a seed typo: --seeds ${seeds}`,
    args: ['fuzz', 'camera-frames', '--seeds', seeds, '--workers', '1'],
    says: /^heaplab: --seeds: ".*" is not a seed list; expected A\.\.B, A,B,C or both mixed, e\.g\. 1\.\.20,33/,
  })),
];

describe('hostile inputs: refused with one located line, exit 2', () => {
  it.each(REFUSED)('$name', async ({ args, says }) => {
    const { status, out, err } = await run(...args);
    expect({ status, out }).toEqual({ status: 2, out: '' });
    expect(err.split('\n')).toHaveLength(2);
    expect(err).toMatch(/^heaplab: /);
    expect(err).toMatch(says);
    expect(err).not.toMatch(/internal error|\n\s+at /);
  });
});

/** Each command that reads a file and writes one, told to write over what it reads. */
const OVER_INPUT: readonly { readonly name: string; readonly input: string; readonly args: (input: string) => string[] }[] = [
  { name: 'record: the script', input: 'script.py', args: (input) => ['record', input, '-o', input] },
  {
    name: 'record: the script, through a symbolic link',
    input: 'linked.py',
    args: (input) => ['record', input, '-o', link(input, 'link.ndjson', symlinkSync)],
  },
  { name: 'run: the workload spec', input: 'logger.yaml', args: (input) => ['run', input, '--length', '100', '-o', input] },
  { name: 'minimize: the trace', input: 'minimize.ndjson', args: (input) => ['minimize', input, '-o', input] },
  { name: 'report: the trace', input: 'report.ndjson', args: (input) => ['report', input, '-o', input] },
  {
    name: 'report --svg: the trace, through a hard link',
    input: 'svg.ndjson',
    args: (input) => ['report', input, '--svg', '-o', link(input, 'svg.svg', linkSync)],
  },
  { name: 'report: the workload spec', input: 'report.yaml', args: (input) => ['report', input, '--length', '100', '-o', input] },
];

/** A second name for `file` in the scratch folder, made by `make` (a symbolic or a hard link). */
function link(file: string, name: string, make: (target: string, path: string) => void): string {
  const path = join(dir, name);
  make(file, path);
  return path;
}

describe('an output that is an input: refused with one located line, exit 2, even with --force', () => {
  const sources: Record<string, string> = {
    py: 'print(1)\n',
    yaml: readFileSync(join(repo, 'packages', 'workloads', 'examples', 'sensor-logger.yaml'), 'utf8'),
    ndjson: lines.join('\n'),
  };
  it.each(OVER_INPUT)('$name', async ({ input, args }) => {
    const text = sources[input.split('.').pop()!]!;
    const path = file(input, text);
    const { status, out, err } = await run(...args(path), '--force');
    expect({ status, out }).toEqual({ status: 2, out: '' });
    expect(err).toMatch(/^heaplab: [^\n]+: cannot write over the input( [^\n]+)? being read, even with --force; give another output file\n$/);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});

describe('hostile inputs that still hold an answer', () => {
  it('a cut gzip trace: every line before the cut is replayed, the cut is said, exit 5', async () => {
    const { status, out, err } = await run('replay', join(traces, 'e_frames_48k_split2_cut.ndjson.gz'), '--json');
    expect({ status, err }).toEqual({ status: 5, err: '' });
    expect(JSON.parse(out).truncated).toEqual({ afterLine: 6275, reason: 'the gzip stream is cut short' });
  });

  it('a damaged dump with --force: the answer, and the doubt said first', async () => {
    const { status, out } = await run('inspect', join(fixtures, 'split-dump-traceback.txt'), '--fits', '2000', '--force');
    expect(status).toBe(0);
    expect(out).toMatch(/^--force: the answer below is on the map as read, which cannot be trusted/m);
  });

  it('bytearray(640) on a heap where 640 bytes fit: fails, as it did on the real interpreter (exit 1)', async () => {
    const dump = join(oracle, 'full-heap.mcu20k.out.txt');
    expect((await run('inspect', dump, '--fits', '640')).status).toBe(0);
    const { status, out } = await run('inspect', dump, '--fits', 'bytearray(640)', '--json');
    expect(status).toBe(1);
    expect(JSON.parse(out).fits).toMatchObject({ ok: false, bytes: 656 });
  });
});
