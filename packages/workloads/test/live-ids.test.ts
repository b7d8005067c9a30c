import fc from 'fast-check';
import { fcRuns } from '../../../test-support/fast-check-runs.js';
import { describe, expect, it } from 'vitest';
import { LiveIds } from '../src/live-ids.js';

describe('LiveIds', () => {
  it('finds the n-th living id as a sorted list of them would, through growth past its first size', () => {
    // Ids are added in increasing order (as a program makes them), and any living one may go.
    const steps = fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 700 })), { maxLength: 400 });
    fc.assert(
      fc.property(steps, (ops) => {
        const live = new LiveIds();
        const model: number[] = [];
        let next = 1;
        for (const [add, pick, gap] of ops) {
          if (add || model.length === 0) {
            next += gap;
            live.add(next);
            model.push(next);
          } else {
            live.delete(model.splice(pick % model.length, 1)[0]!);
          }
          expect(live.size).toBe(model.length);
          for (const n of [0, model.length >> 1, model.length - 1]) if (n >= 0 && n < model.length) expect(live.nth(n)).toBe(model[n]);
        }
      }),
      { numRuns: fcRuns(60) },
    );
  });
});
