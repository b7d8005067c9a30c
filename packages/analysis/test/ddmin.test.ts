import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcRuns } from '../../../test-support/fast-check-runs.js';
import { ddmin } from '../src/index.js';

describe('ddmin', () => {
  it('ends 1-minimal for any predicate, with or without trying subsets (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.uniqueArray(fc.nat(119), { maxLength: 10 }),
        fc.integer({ min: 2, max: 5 }),
        fc.boolean(),
        (length, needed, modulus, subsets) => {
          const items = Array.from({ length }, (_, i) => i);
          const present = needed.filter((n) => n < length);
          // Not monotone: which lists fail also depends on their length.
          const fails = (candidate: readonly number[]): boolean => present.every((n) => candidate.includes(n)) && candidate.length % modulus !== 1;
          if (!fails(items)) return;
          const result = ddmin(items, fails, 100_000, { subsets });
          expect(result.complete).toBe(true);
          expect(fails(result.items)).toBe(true);
          for (const item of result.items) expect(fails(result.items.filter((other) => other !== item))).toBe(false);
        },
      ),
      { numRuns: fcRuns(200) },
    );
  });

  it('goes on after dropping a chunk instead of starting over, so scattered failures take few tests', () => {
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const needed = items.filter((i) => i % 5 === 0);
    const fails = (candidate: readonly number[]): boolean => needed.every((n) => candidate.includes(n));
    // Starting over from the first chunk after every drop took 178,258 tests here.
    const withSubsets = ddmin(items, fails, 1_000_000);
    expect(withSubsets).toMatchObject({ items: needed, complete: true });
    expect(withSubsets.tests).toBeLessThan(3100);
    const without = ddmin(items, fails, 1_000_000, { subsets: false });
    expect(without).toMatchObject({ items: needed, complete: true });
    expect(without.tests).toBeLessThan(1600);
  });
});
