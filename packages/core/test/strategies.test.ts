/**
 * Properties every registered strategy keeps, whatever it places where: objects stay inside
 * their area and never overlap, the tables hold exactly the live objects' blocks, a free gives
 * back exactly the object's blocks, a request takes at least the blocks it needs, and equal
 * inputs give equal states.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcRuns } from '../../../test-support/fast-check-runs.js';
import {
  apply,
  applyAll,
  collectionOf,
  createHeap,
  getObject,
  kindAt,
  objectsById,
  stateHash,
  strategyNames,
  FREE,
  HEAD,
  TAIL,
  type HeapConfigInput,
  type HeapEvent,
  type HeapState,
  type ObjectId,
} from '@heaplab/core';

/** A command picks its target among the live objects by index, so every sequence is valid. */
const command = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('alloc' as const),
      bytes: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 1200 })),
      longLived: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('free' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('realloc' as const), pick: fc.nat(), bytes: fc.integer({ min: 1, max: 900 }), move: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('collect' as const), picks: fc.array(fc.nat(), { maxLength: 6 }) }) },
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

const layouts: HeapConfigInput['areas'][] = [[{ blocks: 96 }], [{ blocks: 40 }, { blocks: 200 }], [{ blocks: 700 }]];

/**
 * Occupancy check: every live object's blocks read HEAD then TAILs, and nothing else is in use.
 * Problems are gathered and asserted once: an expect per block made millions of calls.
 */
function checkTables(state: HeapState): void {
  const problems: string[] = [];
  const owned = state.tables.map((table) => new Uint8Array(table.blocks));
  for (const o of objectsById(state)) {
    const table = state.tables[o.area]!;
    if (o.block + o.blocks > table.blocks) problems.push(`object ${o.id} leaves area ${o.area}`);
    if (o.blocks < Math.ceil(o.bytes / state.config.blockBytes)) problems.push(`object ${o.id} has ${o.blocks} blocks for ${o.bytes} bytes`);
    for (let i = 0; i < o.blocks && o.block + i < table.blocks; i++) {
      if (owned[o.area]![o.block + i] !== 0) problems.push(`objects overlap at ${o.area}:${o.block + i}`);
      owned[o.area]![o.block + i] = 1;
      if (kindAt(table, o.block + i) !== (i === 0 ? HEAD : TAIL))
        problems.push(`object ${o.id}: block ${o.area}:${o.block + i} is not its ${i === 0 ? 'head' : 'tail'}`);
    }
  }
  for (const [area, table] of state.tables.entries()) {
    for (let b = 0; b < table.blocks; b++) if (owned[area]![b] === 0 && kindAt(table, b) !== FREE) problems.push(`block ${area}:${b} is in use by no object`);
  }
  expect(problems).toEqual([]);
}

/** Runs commands on a heap, checking after each event; returns the events it made. */
function run(config: HeapConfigInput, commands: readonly Command[]): { events: HeapEvent[]; state: HeapState } {
  let state = createHeap(config);
  const live: ObjectId[] = [];
  const events: HeapEvent[] = [];
  let nextId = 1;
  const freeBlocksOf = (s: HeapState): number =>
    s.tables.reduce(
      (sum, t, area) =>
        sum +
        t.blocks -
        objectsById(s)
          .filter((o) => o.area === area)
          .reduce((n, o) => n + o.blocks, 0),
      0,
    );
  for (const c of commands) {
    let event: HeapEvent;
    if (c.op === 'alloc' || live.length === 0) {
      event = { op: 'alloc', id: nextId++, bytes: c.op === 'alloc' ? c.bytes : 32, root: true, longLived: c.op === 'alloc' && c.longLived };
    } else if (c.op === 'free') event = { op: 'free', id: live[c.pick % live.length]! };
    else if (c.op === 'realloc') event = { op: 'realloc', id: live[c.pick % live.length]!, bytes: c.bytes, move: c.move };
    else event = { op: 'collect', freed: [...new Set(c.picks.map((p) => live[p % live.length]!))] };
    const before = state;
    const { state: after, outcome } = apply(state, event);
    expect(outcome.kind, JSON.stringify(outcome)).not.toBe('rejected');
    if (outcome.kind === 'freed') {
      const object = getObject(before, outcome.id)!;
      expect(freeBlocksOf(after)).toBe(freeBlocksOf(before) + object.blocks);
      expect(outcome.at).toEqual({ area: object.area, block: object.block, blocks: object.blocks });
    }
    if (outcome.kind === 'placed') live.push(outcome.id);
    const gone = new Set([...(collectionOf(outcome)?.freed ?? []).map((o) => o.id), ...(outcome.kind === 'freed' ? [outcome.id] : [])]);
    for (let i = live.length - 1; i >= 0; i--) if (gone.has(live[i]!)) live.splice(i, 1);
    checkTables(after);
    state = after;
    events.push(event);
  }
  return { events, state };
}

describe.each(strategyNames())('strategy %s', (strategy) => {
  it('keeps objects apart, inside their areas, and frees exactly their blocks', () => {
    fc.assert(
      fc.property(fc.constantFrom(...layouts), fc.array(command, { maxLength: 60 }), (areas, commands) => {
        run({ strategy, areas }, commands);
      }),
      { numRuns: fcRuns(60) },
    );
  });

  it('gives the same state for the same events, one by one or in a batch', () => {
    fc.assert(
      fc.property(fc.constantFrom(...layouts), fc.array(command, { maxLength: 60 }), (areas, commands) => {
        const { events, state } = run({ strategy, areas }, commands);
        const again = applyAll(createHeap({ strategy, areas }), events).state;
        expect(stateHash(again)).toBe(stateHash(state));
      }),
      { numRuns: fcRuns(30) },
    );
  });

  it('takes at least the blocks a request needs, as its blocksFor says', () => {
    const state = createHeap({ strategy, areas: [{ blocks: 4096 }] });
    for (const bytes of [1, 16, 17, 100, 1000, 5000]) {
      const { outcome } = apply(state, { op: 'alloc', id: 1, bytes });
      expect(outcome.kind).toBe('placed');
      if (outcome.kind === 'placed') expect(outcome.at.blocks).toBeGreaterThanOrEqual(Math.ceil(bytes / 16));
    }
  });
});
