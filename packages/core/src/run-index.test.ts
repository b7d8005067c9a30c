import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcRuns } from '../../../test-support/fast-check-runs.js';
import { emptyTable } from './block-table/empty-table.js';
import { forEachFreeRun, freeRuns, writeRun, FREE, HEAD, type BlockTable } from './block-table/index.js';
import { RunIndex } from './run-index.js';

/** The free runs as [start, length] pairs, from the index and from walking the table. */
function runsOf(index: RunIndex, table: BlockTable, minLength: number): { index: number[][]; table: number[][] } {
  const fromIndex: number[][] = [];
  const fromTable: number[][] = [];
  index.forEachRun(0, minLength, (start, length) => void fromIndex.push([start, length]));
  forEachFreeRun(table, minLength, (start, length) => void fromTable.push([start, length]));
  return { index: fromIndex, table: fromTable };
}

/** A write: take or free the blocks of a stretch (clipped to what is free or used there), or sweep one; or a read. */
const write = fc.oneof(
  fc.record({ kind: fc.constant('take' as const), at: fc.nat(), blocks: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('free' as const), at: fc.nat(), blocks: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('sweep' as const), at: fc.nat(), blocks: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('read' as const), minLength: fc.integer({ min: 1, max: 30 }) }),
);

/** The longest stretch from `at` of at most `blocks` blocks that are all free (`free`) or all in use. */
function stretch(table: BlockTable, at: number, blocks: number, free: boolean): number {
  let n = 0;
  const kinds: number[] = [];
  forEachFreeRun(table, 1, (start, length) => {
    for (let b = start; b < start + length; b++) kinds[b] = FREE;
  });
  while (n < blocks && at + n < table.blocks && (kinds[at + n] === FREE) === free) n++;
  return n;
}

describe('run index', () => {
  it('lists the same free runs as the table after any takes, frees and sweeps (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 700 }), fc.array(write, { maxLength: 120 }), (blocks, writes) => {
        let table = emptyTable(blocks);
        const owner = {};
        const index = new RunIndex(() => [table]);
        for (const w of writes) {
          if (w.kind === 'take' || w.kind === 'free') {
            const at = w.at % blocks;
            const n = stretch(table, at, w.blocks, w.kind === 'take');
            if (n === 0) continue;
            table = writeRun(table, at, n, w.kind === 'take' ? HEAD : FREE, owner);
            if (w.kind === 'take') index.taken(0, at, n);
            else index.freed(0, at, n);
          } else if (w.kind === 'sweep') {
            const at = w.at % blocks;
            const n = stretch(table, at, w.blocks, false);
            if (n > 0) table = freeRuns(table, [at, n], owner, 2);
            index.sweptArea(0);
          } else {
            const { index: listed, table: walked } = runsOf(index, table, w.minLength);
            expect(listed).toEqual(walked);
          }
        }
        const { index: listed, table: walked } = runsOf(index, table, 1);
        expect(listed).toEqual(walked);
      }),
      { numRuns: fcRuns(300) },
    );
  });

  it('stops where the visitor returns true', () => {
    const table = writeRun(emptyTable(100), 10, 5, HEAD, {});
    const index = new RunIndex(() => [table]);
    const seen: number[] = [];
    index.forEachRun(0, 1, (start) => {
      seen.push(start);
      return true;
    });
    expect(seen).toEqual([0]);
  });
});
