/**
 * Wilson's finding on the `churn` workload, whose frees come in batches at collections as a
 * garbage collector's do: next fit fragments far worse than best fit and address-ordered first
 * fit, and needs a much larger heap to survive. The committed figures are in
 * benchmarks/results/strategy-comparison.md.
 */
import { describe, expect, it } from 'vitest';
import { measureRun, smallestSafeHeap } from '@heaplab/core';
import { findWorkload } from '@heaplab/workloads';

const churn = findWorkload('churn')!;
const SEEDS = ['1', '2', '3'];

function figures(strategy: string): { meanFragmentation: number; safeHeap: number } {
  let fragmentation = 0;
  let safeHeap = 0;
  for (const seed of SEEDS) {
    const events = churn.generate(seed, 20000).events;
    const config = { ...churn.heap, strategy };
    fragmentation += measureRun(config, events).metrics.meanFragmentation / SEEDS.length;
    safeHeap = Math.max(safeHeap, smallestSafeHeap(config, events)!.bytes);
  }
  return { meanFragmentation: fragmentation, safeHeap };
}

describe('fit policies under collector-batched frees (Wilson 1996)', () => {
  it('next fit fragments far worse than best fit and first fit, and needs over twice the heap', () => {
    const next = figures('next-fit');
    for (const good of [figures('best-fit'), figures('first-fit')]) {
      expect(next.meanFragmentation).toBeGreaterThan(good.meanFragmentation + 0.15);
      expect(next.safeHeap).toBeGreaterThan(2 * good.safeHeap);
    }
  }, 120_000);
});
