import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcRuns } from '../../../test-support/fast-check-runs.js';
import { partitionPoint } from '../src/partition-point.js';

describe('partitionPoint', () => {
  it('is the first index whose value is not below the key, as a scan finds it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }), (unsorted, key) => {
        const values = [...unsorted].sort((a, b) => a - b);
        const scanned = values.findIndex((value) => value >= key);
        expect(partitionPoint(values.length, (i) => values[i]! < key)).toBe(scanned === -1 ? values.length : scanned);
      }),
      { numRuns: fcRuns(200) },
    );
  });
});
