import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcRuns, fcTimeout } from '../../../test-support/fast-check-runs.js';
import {
  emptyTable,
  firstFit,
  firstFitAfter,
  forEachFreeRun,
  forEachLeaf,
  freeBlocks,
  freeRuns,
  freeRunFrom,
  kindAt,
  largestFreeRun,
  lastUsedBlock,
  writeRun,
  FREE,
  HEAD,
  TAIL,
  type BlockKind,
  type BlockTable,
} from './block-table/index.js';

/** The plain-array meaning of the table. */
function naiveFirstFit(cells: BlockKind[], n: number): number {
  let run = 0;
  for (let i = 0; i < cells.length; i++) {
    run = cells[i] === FREE ? run + 1 : 0;
    if (run >= n) return i - n + 1;
  }
  return -1;
}

function longest(cells: BlockKind[]): number {
  let run = 0;
  let max = 0;
  for (const c of cells) {
    run = c === FREE ? run + 1 : 0;
    max = Math.max(max, run);
  }
  return max;
}

/** The maximal free runs of at least `min` blocks, as [start, length] pairs. */
function naiveRuns(cells: BlockKind[], min: number): [number, number][] {
  const runs: [number, number][] = [];
  for (let i = 0; i < cells.length; ) {
    if (cells[i] !== FREE) {
      i++;
      continue;
    }
    let end = i;
    while (end < cells.length && cells[end] === FREE) end++;
    if (end - i >= min) runs.push([i, end - i]);
    i = end;
  }
  return runs;
}

function contents(table: BlockTable): BlockKind[] {
  const out: BlockKind[] = [];
  forEachLeaf(table, (cells) => {
    for (const c of cells) out.push(c as BlockKind);
  });
  return out;
}

describe('block table', () => {
  it('agrees with a plain array under random writes, at every tree height (property)', { timeout: fcTimeout(120_000) }, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(4, 60, 64, 68, 4096, 4100, 20000, 70000),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 9000 }), fc.constantFrom<BlockKind>(FREE, HEAD, TAIL)), {
          maxLength: 40,
        }),
        fc.array(fc.oneof(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 12000 })), { minLength: 1, maxLength: 8 }),
        (blocks, writes, requests) => {
          let table = emptyTable(blocks);
          const model: BlockKind[] = new Array<BlockKind>(blocks).fill(FREE);
          const owner = {};
          for (const [where, length, kind] of writes) {
            const start = Math.floor(where * (blocks - 1));
            const n = Math.min(length, blocks - start);
            table = writeRun(table, start, n, kind, owner);
            for (let i = 0; i < n; i++) model[start + i] = i === 0 ? kind : kind === HEAD ? TAIL : kind;
          }
          expect(contents(table)).toEqual(model);
          expect(freeBlocks(table)).toBe(model.filter((c) => c === FREE).length);
          expect(largestFreeRun(table)).toBe(longest(model));
          const lastUsed = model.findLastIndex((c) => c !== FREE);
          expect(lastUsedBlock(table)).toBe(Math.max(0, lastUsed));
          for (const n of requests) {
            const runs: [number, number][] = [];
            forEachFreeRun(table, n, (start, length) => {
              runs.push([start, length]);
            });
            expect(runs).toEqual(naiveRuns(model, n));
            // A visitor that returns true has its answer: the walk stops there.
            const upToSecond: [number, number][] = [];
            forEachFreeRun(table, n, (start, length) => upToSecond.push([start, length]) === 2);
            expect(upToSecond).toEqual(naiveRuns(model, n).slice(0, 2));
            expect(firstFit(table, n)).toBe(naiveFirstFit(model, n));
            // Starting at the first free block (a valid hint) finds the same run.
            const firstFree = model.indexOf(FREE);
            if (firstFree >= 0) expect(firstFit(table, n, firstFree)).toBe(naiveFirstFit(model, n));
            // Any start: the first run inside blocks [from, end).
            for (const [where] of writes.slice(0, 3)) {
              const from = Math.floor(where * blocks);
              const after = naiveFirstFit(model.slice(from), n);
              expect(firstFitAfter(table, n, from)).toBe(after < 0 ? -1 : from + after);
            }
          }
          for (const [where] of writes.slice(0, 5)) {
            const b = Math.floor(where * (blocks - 1));
            expect(kindAt(table, b)).toBe(model[b]);
            let free = 0;
            while (b + free < blocks && model[b + free] === FREE && free < 5000) free++;
            expect(freeRunFrom(table, b, 5000)).toBe(free);
          }
        },
      ),
      { numRuns: fcRuns(150) },
    );
  });

  it('freeing many runs at once equals freeing them one by one (property)', { timeout: fcTimeout(120_000) }, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(64, 100, 4096, 20000, 70000),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 3000 })), { maxLength: 30 }),
        (blocks, gaps) => {
          let full = writeRun(emptyTable(blocks), 0, blocks, HEAD, {});
          full = writeRun(full, 1, blocks - 1, TAIL, {});
          const runs: number[] = [];
          let at = 0;
          for (const [gap, length] of gaps) {
            const start = at + gap;
            if (start >= blocks) break;
            const n = Math.min(length, blocks - start);
            runs.push(start, n);
            at = start + n;
          }
          let oneByOne = full;
          for (let i = 0; i < runs.length; i += 2) oneByOne = writeRun(oneByOne, runs[i]!, runs[i + 1]!, FREE, {});
          const bulk = freeRuns(full, runs, {});
          expect(contents(bulk)).toEqual(contents(oneByOne));
          expect([freeBlocks(bulk), largestFreeRun(bulk), lastUsedBlock(bulk)]).toEqual([
            freeBlocks(oneByOne),
            largestFreeRun(oneByOne),
            lastUsedBlock(oneByOne),
          ]);
        },
      ),
      { numRuns: fcRuns(80) },
    );
  });

  it('copies on write for a foreign owner and edits in place for its own', () => {
    const base = writeRun(emptyTable(10000), 100, 10, HEAD, {});
    const before = contents(base);
    const owner = {};
    const next = writeRun(base, 5000, 3, HEAD, owner);
    expect(contents(base)).toEqual(before);
    expect(next.root).not.toBe(base.root);
    const again = writeRun(next, 6000, 3, HEAD, owner);
    expect(again.root).toBe(next.root);
  });

  it('shares all-free subtrees of an empty table', () => {
    const table = emptyTable(64 * 16 * 16);
    expect(table.height).toBe(2);
    const kids = table.root.kids!;
    expect(new Set(kids).size).toBe(1);
  });
});
