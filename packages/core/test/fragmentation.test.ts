import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { fcRuns } from '../../../test-support/fast-check-runs.js';
import { describe, expect, it } from 'vitest';
import {
  areaFree,
  externalFragmentation,
  FREE,
  FREE_RUN_BUCKETS,
  gcInfo,
  heapFromMemInfo,
  heapFragmentation,
  kindAt,
  listFreeRuns,
  type FreeRun,
  type HeapState,
} from '@heaplab/core';
import { buildHeap } from './support/build-heap.js';

/** The free runs found by looking at every block. */
function scanRuns(state: HeapState): FreeRun[] {
  const runs: FreeRun[] = [];
  state.tables.forEach((table, area) => {
    for (let b = 0; b < table.blocks; b++) {
      if (kindAt(table, b) !== FREE) continue;
      const start = b;
      while (b < table.blocks && kindAt(table, b) === FREE) b++;
      runs.push({ area, block: start, blocks: b - start });
    }
  });
  return runs;
}

describe('externalFragmentation', () => {
  it('is 1 − largest / free, and 0 when nothing is free', () => {
    expect(externalFragmentation(25, 100)).toBe(0.75);
    expect(externalFragmentation(100, 100)).toBe(0);
    expect(externalFragmentation(0, 0)).toBe(0);
  });
});

describe('heapFragmentation', () => {
  // Area 0 (128 blocks): free 0–1 (2), 4 (1), 10–99 (90), 110–127 (18). Area 1 (64 blocks): free 8–63 (56).
  const state = buildHeap(
    [128, 64],
    [
      [
        [2, 2],
        [5, 5],
        [100, 10],
      ],
      [[0, 8]],
    ],
  );
  const figures = heapFragmentation(state);

  it('lists the runs in address order', () => {
    expect(listFreeRuns(state)).toEqual([
      { area: 0, block: 0, blocks: 2 },
      { area: 0, block: 4, blocks: 1 },
      { area: 0, block: 10, blocks: 90 },
      { area: 0, block: 110, blocks: 18 },
      { area: 1, block: 8, blocks: 56 },
    ]);
  });

  it('gives each area its free blocks, runs, largest run and where it starts', () => {
    expect(figures.areas.map(({ histogram: _, ...rest }) => rest)).toEqual([
      { area: 0, blocks: 128, freeBlocks: 111, largestFreeRun: 90, freeRuns: 4, largestFreeRunAt: 10, fragmentation: 1 - 90 / 111 },
      { area: 1, blocks: 64, freeBlocks: 56, largestFreeRun: 56, freeRuns: 1, largestFreeRunAt: 8, fragmentation: 0 },
    ]);
  });

  it('counts the runs into the length buckets', () => {
    expect(FREE_RUN_BUCKETS).toEqual([1, 2, 4, 8, 16, 64, 256]);
    expect(figures.areas[0]!.histogram).toEqual([
      { min: 1, max: 1, runs: 1, blocks: 1 },
      { min: 2, max: 3, runs: 1, blocks: 2 },
      { min: 4, max: 7, runs: 0, blocks: 0 },
      { min: 8, max: 15, runs: 0, blocks: 0 },
      { min: 16, max: 63, runs: 1, blocks: 18 },
      { min: 64, max: 255, runs: 1, blocks: 90 },
      { min: 256, max: null, runs: 0, blocks: 0 },
    ]);
    expect(figures.histogram.map((b) => b.runs)).toEqual([1, 1, 0, 0, 2, 1, 0]);
    expect(figures.histogram.map((b) => b.blocks)).toEqual([1, 2, 0, 0, 74, 90, 0]);
  });

  it('overall: the largest run of any area against all free blocks', () => {
    expect(figures).toMatchObject({ freeBlocks: 167, largestFreeRun: 90, largestFreeRunArea: 0, freeRuns: 5, fragmentation: 1 - 90 / 167 });
  });

  it('ties go to the first run and the first area', () => {
    const tied = heapFragmentation(
      buildHeap(
        [64, 64],
        [
          [
            [10, 1],
            [31, 1],
            [52, 12],
          ],
          [[0, 44]],
        ],
      ),
    );
    expect(tied.areas[0]).toMatchObject({ largestFreeRun: 20, largestFreeRunAt: 11 });
    expect(tied.largestFreeRunArea).toBe(0);
  });

  it('an empty heap is one run per area; a full one has none', () => {
    const empty = heapFragmentation(buildHeap([300, 64], [[], []]));
    expect(empty).toMatchObject({ freeBlocks: 364, largestFreeRun: 300, largestFreeRunArea: 0, freeRuns: 2, fragmentation: 1 - 300 / 364 });
    expect(empty.areas[0]).toMatchObject({ fragmentation: 0, largestFreeRunAt: 0 });
    expect(empty.areas[0]!.histogram.at(-1)).toEqual({ min: 256, max: null, runs: 1, blocks: 300 });
    const full = heapFragmentation(buildHeap([64], [[[0, 64]]]));
    expect(full).toMatchObject({ freeBlocks: 0, largestFreeRun: 0, largestFreeRunArea: null, freeRuns: 0, fragmentation: 0 });
    expect(full.areas[0]).toMatchObject({ largestFreeRunAt: null, fragmentation: 0 });
  });

  it('agrees with gc_info on a real device dump', () => {
    const text = readFileSync(new URL('./fixtures/oracle/b_fragmentation.mcu.out.txt', import.meta.url), 'utf8');
    const dumped = heapFromMemInfo(text);
    const real = heapFragmentation(dumped);
    expect(real.largestFreeRun).toBe(gcInfo(dumped).maxFree);
    expect(real.freeBlocks * 16).toBe(gcInfo(dumped).free);
    expect(real.fragmentation).toBeGreaterThan(0.9);
  });

  it("agrees with a block-by-block scan and the tables' summaries on random heaps", () => {
    const area = fc.record({
      blocks: fc.integer({ min: 1, max: 1500 }).map((n) => n * 4),
      objects: fc.array(fc.record({ gap: fc.integer({ min: 0, max: 300 }), blocks: fc.integer({ min: 1, max: 200 }) }), { maxLength: 30 }),
    });
    fc.assert(
      fc.property(fc.array(area, { minLength: 1, maxLength: 3 }), (areas) => {
        const layout = areas.map((a) => {
          const objects: [number, number][] = [];
          let at = 0;
          for (const o of a.objects) {
            if (at + o.gap + o.blocks > a.blocks) break;
            objects.push([at + o.gap, o.blocks]);
            at += o.gap + o.blocks;
          }
          return objects;
        });
        const state = buildHeap(
          areas.map((a) => a.blocks),
          layout,
        );
        const runs = listFreeRuns(state);
        expect(runs).toEqual(scanRuns(state));
        const figures = heapFragmentation(state);
        expect(figures.areas.map((a) => ({ area: a.area, blocks: a.blocks, freeBlocks: a.freeBlocks, largestFreeRun: a.largestFreeRun }))).toEqual(
          areaFree(state),
        );
        expect(figures.largestFreeRun).toBe(gcInfo(state).maxFree);
        expect(figures.freeBlocks * 16).toBe(gcInfo(state).free);
        for (const a of figures.areas) {
          expect(a.histogram.reduce((sum, b) => sum + b.blocks, 0)).toBe(a.freeBlocks);
          expect(a.histogram.reduce((sum, b) => sum + b.runs, 0)).toBe(a.freeRuns);
        }
      }),
      { numRuns: fcRuns(200) },
    );
  });
});
