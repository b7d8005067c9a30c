/**
 * Hostile command lines, fuzzed (fast-check): commands with flags and values drawn at random,
 * misspelt, repeated or missing. Whatever the arguments: exit 0, 1 or 2 — never an internal
 * error — and a refusal (2) is one short message (or the usage, when no command was named).
 */
import { mkdtempSync } from 'node:fs';
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
