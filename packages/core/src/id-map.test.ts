import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyIdMap, idMapDelete, idMapForEach, idMapGet, idMapSet, sizeDelta } from './id-map.js';

const key = fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(5, 5 + 2 ** 32, 5 + 2 ** 33, 5 + 2 ** 40));

describe('id map', () => {
  it('behaves like a Map, and its order depends only on the keys (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), key), { maxLength: 300 }), (ops) => {
        let root = emptyIdMap<number>();
        const model = new Map<number, number>();
        const owner = {};
        let size = 0;
        ops.forEach(([isSet, k], i) => {
          if (isSet) {
            root = idMapSet(root, k, i, i % 3 === 0 ? {} : owner);
            model.set(k, i);
          } else {
            root = idMapDelete(root, k, i % 3 === 0 ? {} : owner);
            model.delete(k);
          }
          size += sizeDelta;
        });
        expect(size).toBe(model.size);
        for (const [k, v] of model) expect(idMapGet(root, k)).toBe(v);
        const entries: [number, number][] = [];
        idMapForEach(root, (v, k) => entries.push([k, v]));
        expect(new Map(entries)).toEqual(model);
        // Rebuilding from the final keys in another order gives the same iteration order.
        let rebuilt = emptyIdMap<number>();
        for (const [k, v] of [...model].reverse()) rebuilt = idMapSet(rebuilt, k, v, {});
        const order: number[] = [];
        idMapForEach(rebuilt, (_v, k) => order.push(k));
        expect(order).toEqual(entries.map(([k]) => k));
      }),
      { numRuns: 200 },
    );
  });

  it('never changes a version it does not own', () => {
    const owner = {};
    let root = emptyIdMap<string>();
    for (let i = 0; i < 2000; i++) root = idMapSet(root, i * 7919, `v${i}`, owner);
    const frozen = root;
    const snapshot: [number, string][] = [];
    idMapForEach(frozen, (v, k) => snapshot.push([k, v]));
    let next = frozen;
    const other = {};
    for (let i = 0; i < 2000; i += 3) next = idMapDelete(next, i * 7919, other);
    for (let i = 0; i < 500; i++) next = idMapSet(next, i * 31, 'x', other);
    const after: [number, string][] = [];
    idMapForEach(frozen, (v, k) => after.push([k, v]));
    expect(after).toEqual(snapshot);
  });
});
