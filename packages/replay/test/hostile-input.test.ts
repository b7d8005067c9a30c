/**
 * Hostile trace input, fuzzed (fast-check): real trace lines with characters and fields
 * changed, and whole traces with lines dropped, repeated, swapped or cut. Whatever the input:
 * a result or one HeapInputError naming the file and line; and the fast decoder never accepts a
 * line the full parser would read differently.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcRuns, fcTimeout } from '../../../test-support/fast-check-runs.js';
import { HeapInputError } from '@heaplab/core';
import { decodeDeviceLine, decodeEngineEvent, replayTrace } from '@heaplab/replay';
import { decodeKnownLine } from '../src/trace/decode-known-line.js';

const traces = join(import.meta.dirname, 'fixtures', 'traces');
const TRACE = readFileSync(join(traces, 'b_lcg_frag_32k.ndjson'), 'utf8')
  .split('\n')
  .filter((l) => l !== '');
const LINES = [...TRACE.slice(0, 400), ...TRACE.filter((l) => l.includes('"info"') || l.includes('collect')).slice(0, 50)];

/** A line with one edit: a character replaced, inserted or removed, or a number swapped for junk. */
const editedLine = fc
  .tuple(
    fc.constantFrom(...LINES),
    fc.nat(),
    fc.constantFrom('replace', 'insert', 'delete', 'number'),
    fc.oneof(
      fc.constantFrom('-1', '1.5', '1e3', '007', '99999999999999999999', 'null', '"x"', '[]', '{}', '-0', 'é', '\\u0000', ' ', ','),
      fc.string({ maxLength: 4 }),
    ),
  )
  .map(([line, at, kind, junk]) => {
    const i = at % (line.length + 1);
    if (kind === 'replace') return line.slice(0, i) + junk + line.slice(i + 1);
    if (kind === 'insert') return line.slice(0, i) + junk + line.slice(i);
    if (kind === 'delete') return line.slice(0, i) + line.slice(i + 1);
    return line.replace(/\d+/, junk);
  });

function located(error: unknown, line: number): void {
  if (!(error instanceof HeapInputError)) throw error;
  expect(error.location.file).toBe('trace.ndjson');
  expect(error.location.line).toBe(line);
}

describe('hostile trace lines', () => {
  it('a device line decodes or gives one error naming its line; the fast path never disagrees', () => {
    fc.assert(
      fc.property(editedLine, fc.integer({ min: 1, max: 1e6 }), (text, line) => {
        let slow: unknown = null;
        try {
          slow = decodeDeviceLine(text, line, 'trace.ndjson');
        } catch (error) {
          located(error, line);
        }
        const bytes = Buffer.from(text, 'utf8');
        const fast = decodeKnownLine(bytes, 0, bytes.length);
        if (fast !== null) expect(fast).toEqual(slow);
      }),
      { numRuns: fcRuns(3000) },
    );
  });

  it('an engine trace line decodes or gives one located error', () => {
    const events = [
      '{"op":"alloc","id":3,"bytes":100}',
      '{"op":"realloc","id":3,"bytes":40,"move":true}',
      '{"op":"collect","freed":[1,2]}',
      '{"op":"free","id":2}',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...events), fc.nat(), fc.string({ maxLength: 5 }), (text, at, junk) => {
        const i = at % (text.length + 1);
        const edited = text.slice(0, i) + junk + text.slice(i + 1);
        try {
          decodeEngineEvent(edited, 7, 'trace.ndjson');
        } catch (error) {
          located(error, 7);
        }
      }),
      { numRuns: fcRuns(1000) },
    );
  });
});

describe('hostile traces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heaplab-hostile-'));
  it('a damaged trace replays or stops with one error naming its file and a line in it', { timeout: fcTimeout(120_000) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'repeat', 'swap', 'cut')), { minLength: 1, maxLength: 4 }), async (edits) => {
        const lines = TRACE.slice(0, 3000);
        for (const [at, kind] of edits) {
          const i = 1 + (at % (lines.length - 1));
          if (kind === 'drop') lines.splice(i, 1);
          else if (kind === 'repeat') lines.splice(i, 0, lines[i]!);
          else if (kind === 'swap') lines.splice(i, 2, lines[i + 1] ?? lines[i]!, lines[i]!);
          else lines[i] = lines[i]!.slice(0, Math.floor(lines[i]!.length / 2));
        }
        const file = join(dir, 'trace.ndjson');
        writeFileSync(file, `${lines.join('\n')}\n`);
        try {
          const report = await replayTrace(file);
          expect(report.lines).toBe(lines.length);
        } catch (error) {
          if (!(error instanceof HeapInputError)) throw error;
          expect(error.location.file).toBe(file);
          expect(error.location.line).toBeGreaterThanOrEqual(1);
          expect(error.location.line).toBeLessThanOrEqual(lines.length);
        }
      }),
      { numRuns: fcRuns(40) },
    );
  });
});
