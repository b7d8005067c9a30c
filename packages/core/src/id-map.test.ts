import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcRuns } from '../../../test-support/fast-check-runs.js';
import { emptyIdMap, IdMapEdit, idMapDelete, idMapGet, idMapSet, idMapValues } from './id-map.js';

interface Entry {
  readonly id: number;
  readonly value: number | string;
}

const key = fc.oneof(
  fc.integer({ min: 0, max: 200 }),
  fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom(5, 5 + 2 ** 32, 5 + 2 ** 33, 5 + 2 ** 40),
);

/** The entries in iteration order; `count` only sizes the array, so a wrong one changes nothing. */
function entries(root: ReturnType<typeof emptyIdMap<Entry>>, count = 0): [number, number | string][] {
  return idMapValues(root, count).map((e) => [e.id, e.value]);
}

describe('id map', () => {
  it('behaves like a Map, and its order depends only on the keys (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), key), { maxLength: 300 }), (ops) => {
        let root = emptyIdMap<Entry>();
        const model = new Map<number, number>();
        const owner = new IdMapEdit();
        let size = 0;
        ops.forEach(([isSet, k], i) => {
          const edit = i % 3 === 0 ? new IdMapEdit() : owner;
          if (isSet) {
            root = idMapSet(root, { id: k, value: i }, edit);
            model.set(k, i);
          } else {
            root = idMapDelete(root, k, edit);
            model.delete(k);
          }
          size += edit.sizeDelta;
        });
        expect(size).toBe(model.size);
        for (const [k, v] of model) expect(idMapGet(root, k)?.value).toBe(v);
        const listed = entries(root, size);
        expect(new Map(listed)).toEqual(model);
        // Rebuilding from the final keys in another order gives the same iteration order.
        let rebuilt = emptyIdMap<Entry>();
        for (const [k, v] of [...model].reverse()) rebuilt = idMapSet(rebuilt, { id: k, value: v }, new IdMapEdit());
        expect(entries(rebuilt).map(([k]) => k)).toEqual(listed.map(([k]) => k));
      }),
      { numRuns: fcRuns(200) },
    );
  });

  it('never changes a version it does not own', () => {
    const owner = new IdMapEdit();
    let root = emptyIdMap<Entry>();
    for (let i = 0; i < 2000; i++) root = idMapSet(root, { id: i * 7919, value: `v${i}` }, owner);
    const frozen = root;
    const snapshot = entries(frozen, 2000);
    let next = frozen;
    const other = new IdMapEdit();
    for (let i = 0; i < 2000; i += 3) next = idMapDelete(next, i * 7919, other);
    for (let i = 0; i < 500; i++) next = idMapSet(next, { id: i * 31, value: 'x' }, other);
    expect(entries(frozen, 5)).toEqual(snapshot);
    // 1333 survivors of the deletes plus 500 new keys (only key 0 is in both series, and it was deleted).
    expect(entries(next)).toHaveLength(1833);
  });
});
