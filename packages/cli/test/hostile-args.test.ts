/**
 * Hostile command lines and hostile inputs.
 *
 * Command lines, fuzzed (fast-check): commands with flags and values drawn at random, misspelt,
 * repeated or missing. Whatever the arguments: exit 0, 1 or 2 — never an internal error — and a
 * refusal (2) is one short message (or the usage, when no command was named).
 *
 * Inputs, table-driven: every file argument of every command given a missing file, a directory,
 * an unreadable file, an empty file, a binary file or `-` where standard input is not read, and
 * every output given a directory or a name it cannot have. Each is refused with exit 2 and one
 * line on standard error that names the file: no stack trace, no internal error. The cases run
 * in this process (a spawn costs about 0.25 s each).
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcRuns, fcTimeout } from '../../../test-support/fast-check-runs.js';
import { runCli as run } from './support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'heaplab-args-'));
const traces = join(import.meta.dirname, '..', '..', 'replay', 'test', 'fixtures', 'traces');
const TRACE = join(traces, 'a_big_list_64k.ndjson');

const commands = fc.constantFrom(
  'run',
  'fuzz',
  'compare',
  'report',
  'explain',
  'replay',
  'inspect',
  'ingest',
  'minimize',
  'merge',
  'workloads',
  'boards',
  'ops',
  'nope',
  '',
);
// Not `-`: that reads standard input, which a test does not close.
const subjects = fc.constantFrom('seed-mem-free', TRACE, '/no/such/file', '', 'churn.yaml', '--', join(dir, 'x.json'));
const values = fc.oneof(
  fc.constantFrom(
    '0',
    '1',
    '-1',
    '1..3',
    '3..1',
    '1/2',
    '2/1',
    '0/0',
    'abc',
    '64k',
    '16k,16k',
    '0k',
    '4000blk',
    '5blk',
    'tlsf:sli=9',
    'best-fit@by-size',
    'buddy:min=1',
    'openmv-h7',
    'nope',
    '1e3',
    'NaN',
    '',
  ),
  fc.string({ maxLength: 6 }),
);
const flags = fc.constantFrom(
  '--seed',
  '--seeds',
  '--length',
  '--areas',
  '--board',
  '--strategy',
  '--strategies',
  '--workers',
  '--shard',
  '--at',
  '--json',
  '--csv',
  '--map',
  '--verify',
  '--min-heap',
  '--stop-on-first',
  '--no-safe-heap',
  '--force',
  '--svg',
  '--compare',
  '--fits',
  '--max-tests',
  '--mpy-version',
  '--skip-bad-lines',
  '--from',
  '--bogus',
  '-o',
);

describe('hostile command lines', () => {
  it('exit 0, 1 or 2, never an internal error; a refusal is one short message', { timeout: fcTimeout(300_000) }, async () => {
    await fc.assert(
      fc.asyncProperty(commands, subjects, fc.array(fc.tuple(flags, values), { maxLength: 4 }), async (command, subject, options) => {
        const args = [
          command,
          subject,
          ...options.flatMap(([flag, value]) => (flag === '-o' ? [flag, join(dir, `out-${value.replace(/[^\w.-]/g, '_')}`)] : [flag, value])),
        ];
        // Keep each run small: one seed, few events, no bisection; in this thread (the test runs
        // the sources, and worker threads load the built files).
        const bounded =
          command === 'fuzz' || command === 'compare'
            ? [...args, '--seeds', '1', '--length', '300', '--workers', '1', ...(command === 'compare' ? ['--no-safe-heap'] : [])]
            : args;
        const { status, err } = await run(...bounded.filter((a) => a !== ''));
        expect([0, 1, 2], `${bounded.join(' ')}\n${err}`).toContain(status);
        // A refusal is a short message, or the usage when no command was given at all.
        if (status === 2 && !err.startsWith('Usage: heaplab')) expect(err.trim().split('\n').length, err).toBeLessThanOrEqual(3);
      }),
      { numRuns: fcRuns(400) },
    );
  });
});

describe('hostile inputs: each refused with exit 2 and one line that names the file', () => {
  const root = mkdtempSync(join(tmpdir(), 'heaplab-inputs-'));
  /** The hostile files, under a name ending in `ext` (a workload spec is told by its .yaml). */
  const inputs = (ext: string) => {
    const path = (name: string): string => join(root, `${name}.${ext}`);
    mkdirSync(path('folder'));
    writeFileSync(path('empty'), '');
    writeFileSync(path('binary'), Buffer.from([0x7b, 0x00, 0xff, 0x0a]));
    writeFileSync(path('locked'), '{"op":"alloc_zero"}\n');
    chmodSync(path('locked'), 0o000);
    return { missing: path('missing'), directory: path('folder'), unreadable: path('locked'), empty: path('empty'), binary: path('binary') };
  };
  const trace = inputs('ndjson');
  const spec = inputs('yaml');
  const engine = join(root, 'repro.events');
  writeFileSync(engine, '{"format":"heaplab-events","version":1,"config":{}}\n{"op":"alloc","id":1,"bytes":16}\n');
  const out = (name: string): string => join(root, 'out', name);
  mkdirSync(join(root, 'out'));
  // As root, chmod 000 does not stop reading: the unreadable cases are skipped then.
  const asRoot = process.getuid?.() === 0;

  type Kind = keyof typeof trace;
  const KINDS: readonly Kind[] = ['missing', 'directory', 'unreadable', 'empty', 'binary'];
  /** A command line with `{}` for the hostile file, and whether `-` there is refused too. */
  const INPUTS: readonly (readonly [string, typeof trace, boolean])[] = [
    ['replay {}', trace, true],
    ['replay {} --skip-bad-lines --json', trace, true],
    ['compare {} --workers 1', trace, true],
    ['compare {} --workers 1 --seeds 1 --length 100', spec, false],
    [`minimize {} -o ${out('repro.events')}`, trace, true],
    [`report {} -o ${out('page.html')}`, trace, true],
    [`report {} -o ${out('page.html')}`, spec, false],
    ['explain {}', trace, true],
    ['explain {} --length 100', spec, false],
    ['ops {}', trace, true],
    ['merge {}', trace, true],
    ['inspect {}', trace, false],
    ['ingest {}', trace, false],
    ['run {} --length 100', spec, true],
    ['fuzz {} --seeds 1 --length 100 --workers 1', spec, true],
    [`replay ${engine} --from {}`, trace, false],
  ];
  const cases: { readonly args: string[]; readonly file: string; readonly skip: boolean }[] = INPUTS.flatMap(([line, files, dash]) => [
    ...KINDS.map((kind) => ({ args: line.split(' ').map((a) => (a === '{}' ? files[kind] : a)), file: files[kind], skip: kind === 'unreadable' && asRoot })),
    ...(dash ? [{ args: line.split(' ').map((a) => (a === '{}' ? '-' : a)), file: '-', skip: false }] : []),
  ]);
  const OUTPUTS: readonly (readonly [string, string])[] = [
    ['run churn --length 100 -o {}', join(root, 'out')],
    ['run churn --length 100 -o {}', '-'],
    ['run churn --length 100 -o {}', join(root, 'nowhere', 'x.events')],
    ['run churn --length 100 -o {}', join(trace.empty, 'x.events')],
    ['report churn --length 100 -o {}', join(root, 'out')],
    ['report churn --length 100 -o {}', '-'],
    [`minimize ${engine} -o {}`, join(root, 'out')],
    [`minimize ${engine} -o {}`, '-'],
    ['fuzz churn --seeds 1 --length 100 --workers 1 --minimize --out-dir {}', trace.empty],
    ['fuzz churn --seeds 1 --length 100 --workers 1 --minimize --out-dir {}', join(trace.empty, 'sub')],
  ];
  for (const [line, file] of OUTPUTS) cases.push({ args: line.split(' ').map((a) => (a === '{}' ? file : a)), file, skip: false });
  // heaplab record: an empty script is a script that does nothing, so only the other inputs are refused.
  const script = inputs('py');
  for (const kind of KINDS.filter((k) => k !== 'empty'))
    cases.push({ args: ['record', script[kind], '-o', out('never.ndjson')], file: script[kind], skip: kind === 'unreadable' && asRoot });
  const py = join(root, 'fine.py');
  writeFileSync(py, 'print(1)\n');
  for (const file of [join(root, 'out'), '-', join(root, 'nowhere', 'x.ndjson'), join(trace.empty, 'x.ndjson')])
    cases.push({ args: ['record', py, '-o', file], file, skip: false });

  for (const { args, file, skip } of cases) {
    it.skipIf(skip)(args.join(' ').replaceAll(root, '…'), async () => {
      const { status, out: printed, err } = await run(...args);
      expect(status, err).toBe(2);
      expect(printed).toBe('');
      expect(err).toMatch(/^heaplab: [^\n]+\n$/);
      expect(err).toContain(file === '-' ? '-' : file);
      expect(err).not.toMatch(/internal error|\n\s+at /);
    });
  }
});
