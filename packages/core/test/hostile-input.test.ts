/**
 * Hostile input to core's parsers and engine, fuzzed (fast-check): real scripts and dumps with
 * lines dropped, repeated, cut short, or tokens replaced by junk, and events with any fields at
 * all. Whatever the input: a result, or one HeapInputError that names the line — never another
 * exception, and never a changed state for a rejected event.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcRuns } from '../../../test-support/fast-check-runs.js';
import { apply, createHeap, heapFromMemInfo, HeapInputError, parseMemInfo, parseOps, runOps, stateHash, type HeapEvent } from '@heaplab/core';

const fixtures = join(import.meta.dirname, 'fixtures');
const OPS = ['v02_firstfit_hole.ops', 'fuzz_split_seed3.ops', 'fuzz_single_seed1.ops'].map((f) => readFileSync(join(fixtures, 'conformance', f), 'utf8'));
const DUMPS = ['b_fragmentation.mcu.out.txt', 'fragmented.stock16k.out.txt', 'unix_e_frames_48k_split2.stdout.txt'].map((f) =>
  readFileSync(join(fixtures, 'oracle', f), 'utf8'),
);

/** Junk a token may become. */
const junk = fc.oneof(
  fc.constantFrom(
    '',
    '-1',
    '-0',
    '1e309',
    'NaN',
    'Infinity',
    '0x10',
    '9007199254740993',
    '99999999999999999999',
    '1.5',
    '\u0000',
    '\uFEFF',
    '\r',
    'é',
    '=',
    '|',
  ),
  fc.string({ maxLength: 12 }),
  fc.integer().map(String),
);

/** A text with some of its lines dropped, repeated, cut or with a token replaced. */
function mutated(texts: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...texts),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'repeat', 'cut', 'token', 'swap'), fc.nat(), junk), { minLength: 1, maxLength: 6 }),
    )
    .map(([text, edits]) => {
      const lines = text.split('\n');
      for (const [at, kind, where, value] of edits) {
        const i = at % lines.length;
        const line = lines[i]!;
        if (kind === 'drop') lines.splice(i, 1);
        else if (kind === 'repeat') lines.splice(i, 0, line);
        else if (kind === 'cut') lines[i] = line.slice(0, where % (line.length + 1));
        else if (kind === 'swap') lines.splice(i, 1, lines[(i + 1) % lines.length]!, line);
        else {
          const tokens = line.split(' ');
          tokens[where % tokens.length] = value;
          lines[i] = tokens.join(' ');
        }
        if (lines.length === 0) lines.push('');
      }
      return lines.join('\n');
    });
}

/** Runs `parse`; an error must be a HeapInputError that names a line of the text. */
function resultOrLocatedError(text: string, parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof HeapInputError)) throw error;
    expect(error.location.file).toBe('input.txt');
    const lines = text.split('\n').length;
    if (error.location.line !== undefined) {
      expect(error.location.line).toBeGreaterThanOrEqual(1);
      expect(error.location.line).toBeLessThanOrEqual(lines);
    }
    expect(error.message.startsWith('input.txt')).toBe(true);
  }
}

describe('hostile input', () => {
  it('.ops scripts: a transcript or one located error', () => {
    fc.assert(
      fc.property(mutated(OPS), (text) => {
        resultOrLocatedError(text, () => runOps(parseOps(text, 'input.txt')));
      }),
      { numRuns: fcRuns(400) },
    );
  });

  it('.ops errors name their line', () => {
    fc.assert(
      fc.property(mutated(OPS), (text) => {
        try {
          parseOps(text, 'input.txt');
        } catch (error) {
          expect(error).toBeInstanceOf(HeapInputError);
          expect((error as HeapInputError).location.line).toBeDefined();
        }
      }),
      { numRuns: fcRuns(200) },
    );
  });

  it('mem_info(1) dumps: a heap or one located error', () => {
    fc.assert(
      fc.property(mutated(DUMPS), (text) => {
        resultOrLocatedError(text, () => heapFromMemInfo(text, { file: 'input.txt' }));
      }),
      { numRuns: fcRuns(300) },
    );
  });

  it('random text is never mistaken for a dump or a script without a located error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        resultOrLocatedError(text, () => parseMemInfo(text, 'input.txt'));
        resultOrLocatedError(text, () => parseOps(text, 'input.txt'));
      }),
      { numRuns: fcRuns(300) },
    );
  });

  it('an event whose version is an object that cannot be printed is rejected, not thrown (found by pnpm test:fuzz, seed 37944475)', () => {
    const event = { op: '', v: { toString: [] } } as unknown as HeapEvent;
    const { outcome } = apply(createHeap({ areas: [{ bytes: 1024 }] }), event);
    expect(outcome).toMatchObject({ kind: 'rejected', message: 'event format version of type object is not supported (this engine reads 1)' });
  });

  it('events with any fields: an outcome, never an exception; a rejected one changes nothing', () => {
    const value = fc.oneof(fc.anything(), junk, fc.constantFrom(-1, 0.5, Number.NaN, Infinity, 2 ** 53, 2 ** 60, -(2 ** 31), 1e300, 0));
    const event = fc.record(
      {
        op: fc.oneof(
          fc.constantFrom('alloc', 'free', 'realloc', 'root', 'unroot', 'ref', 'unref', 'collect', 'threshold', 'enable', 'disable', 'lock', 'unlock'),
          fc.string(),
        ),
        id: value,
        bytes: value,
        from: value,
        to: value,
        move: value,
        freed: fc.oneof(value, fc.array(value, { maxLength: 3 })),
        sweep: fc.oneof(value, fc.array(value, { maxLength: 3 })),
        at: fc.oneof(value, fc.record({ area: value, block: value })),
        v: value,
      },
      { requiredKeys: ['op'] },
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(event, fc.record({ op: fc.constant('alloc'), id: fc.nat(20), bytes: fc.nat(3000) })), { maxLength: 30 }), (events) => {
        let state = createHeap({ areas: [{ bytes: 8192 }] });
        for (const e of events) {
          const before = stateHash(state);
          const { state: after, outcome } = apply(state, e as unknown as HeapEvent);
          if (outcome.kind === 'rejected') {
            expect(after).toBe(state);
            expect(stateHash(state)).toBe(before);
            expect(outcome.message.length).toBeGreaterThan(0);
          }
          state = after;
        }
      }),
      { numRuns: fcRuns(300) },
    );
  });
});
