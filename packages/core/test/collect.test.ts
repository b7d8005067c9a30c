/**
 * Marking against a plain reachability search. A collection marks on per-block scratch when the
 * heap is small enough and on a set otherwise; both must free exactly the unreachable objects,
 * in address order.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcRuns } from '../../../test-support/fast-check-runs.js';
import { applyAll, createHeap, type CollectReport, type HeapEvent, type Outcome } from '@heaplab/core';

interface Graph {
  readonly sizes: number[];
  readonly rooted: boolean[];
  readonly edges: [number, number][];
}

const graphs = fc.integer({ min: 1, max: 60 }).chain((n) =>
  fc.record({
    sizes: fc.array(fc.integer({ min: 1, max: 200 }), { minLength: n, maxLength: n }),
    rooted: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    edges: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { maxLength: 2 * n }),
  }),
);

/** Allocates the objects (all rooted), adds the references, drops the roots, then collects. */
function events(g: Graph): HeapEvent[] {
  const out: HeapEvent[] = g.sizes.map((bytes, id) => ({ op: 'alloc', id, bytes }));
  for (const [from, to] of g.edges) out.push({ op: 'ref', from, to });
  g.rooted.forEach((rooted, id) => {
    if (!rooted) out.push({ op: 'unroot', id });
  });
  out.push({ op: 'collect' });
  return out;
}

/** The ids a collection must free: those no rooted object reaches. */
function unreachableIds(g: Graph): Set<number> {
  const reached = new Set<number>();
  const stack = g.rooted.flatMap((rooted, id) => (rooted ? [id] : []));
  for (const id of stack) reached.add(id);
  while (stack.length > 0) {
    const from = stack.pop()!;
    for (const [a, b] of g.edges) {
      if (a === from && !reached.has(b)) {
        reached.add(b);
        stack.push(b);
      }
    }
  }
  return new Set(g.sizes.map((_, id) => id).filter((id) => !reached.has(id)));
}

function report(outcomes: readonly Outcome[]): CollectReport {
  const last = outcomes[outcomes.length - 1]!;
  if (last.kind !== 'collected') throw new Error(`expected a collection, got ${last.kind}`);
  return last.report;
}

describe('collections', () => {
  // 64 KiB marks on scratch from four candidates on; 80 MiB (over 2^22 blocks) always on a set.
  const heaps = { small: { areas: [{ bytes: 65536 }] }, large: { areas: [{ bytes: 80 << 20 }] } };

  it('free exactly the unreachable objects, in address order, on either marking (property)', () => {
    fc.assert(
      fc.property(graphs, (g) => {
        const expected = unreachableIds(g);
        for (const config of Object.values(heaps)) {
          const { freed } = report(applyAll(createHeap(config), events(g)).outcomes);
          expect(new Set(freed.map((o) => o.id))).toEqual(expected);
          const addresses = freed.map((o) => o.block);
          expect(addresses).toEqual([...addresses].sort((a, b) => a - b));
        }
      }),
      { numRuns: fcRuns(150) },
    );
  });

  it('keep the old block of a moving realloc alive while its nested allocation collects', () => {
    // Object 1 is unrooted and reachable from nothing: only the pin keeps it through the
    // collection that its own move runs when the heap is full (on scratch, then on a set).
    for (const blocks of [64, 5_000_000]) {
      const { outcomes } = applyAll(createHeap({ areas: [{ blocks }] }), [
        { op: 'alloc', id: 1, bytes: 16 * 8 },
        { op: 'unroot', id: 1 },
        { op: 'alloc', id: 2, bytes: 16 * 48, root: false },
        { op: 'alloc', id: 3, bytes: 16 * (blocks - 56) },
        { op: 'realloc', id: 1, bytes: 16 * 40, move: true },
      ]);
      const moved = outcomes[4]!;
      expect(moved).toMatchObject({ kind: 'realloc', result: 'moved', to: { block: 8 } });
      if (moved.kind !== 'realloc') throw new Error('unreachable');
      expect(moved.collection?.freed.map((o) => o.id)).toEqual([2]);
    }
  });
});
