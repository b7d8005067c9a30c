import { applyAll, createHeap, type CollectReport, type Outcome } from '@heaplab/core';
import { describe, expect, it } from 'vitest';
import { ENGINE_CHURN_HEAP, engineChurnEvents } from '@heaplab/workloads';
import { copyOutcomes } from '../src/outcome-copy.js';

/** Every object an outcome holds that the engine made for it (not the shared `ok`, not `refs`). */
function madeFor(o: Outcome): object[] {
  const report = (r: CollectReport | null): object[] => (r === null ? [] : [r, r.freed, ...r.freed]);
  switch (o.kind) {
    case 'placed':
      return [o, o.at, ...report(o.collection)];
    case 'freed':
      return [o, o.at];
    case 'realloc':
      return [o, o.from, o.to, ...report(o.collection)];
    case 'realloc-failed':
      return [o, o.from];
    case 'collected':
      return [o, ...report(o.report)];
    case 'memory-error':
      return [o, o.facts, o.facts.largestFreeRun, ...report(o.facts.collection)];
    case 'ok':
      return [];
    default:
      return [o];
  }
}

describe('copyOutcomes', () => {
  const { outcomes } = applyAll(createHeap(ENGINE_CHURN_HEAP), engineChurnEvents('heaplab', 30_000));

  it('gives outcomes equal to the engine’s, field order included', () => {
    const copies = copyOutcomes(outcomes);
    expect(copies).toEqual(outcomes);
    expect(JSON.stringify(copies)).toBe(JSON.stringify(outcomes));
  });

  it('makes every value anew, as the engine does, so its time is the cost of making them', () => {
    const copies = copyOutcomes(outcomes);
    const kinds = new Set(outcomes.map((o) => o.kind));
    expect([...kinds].sort()).toEqual(['collected', 'freed', 'memory-error', 'ok', 'placed', 'realloc', 'realloc-failed']);
    const original = new Set(outcomes.flatMap(madeFor));
    const made = new Set(copies.flatMap(madeFor));
    expect(made.size).toBe(original.size);
    expect([...made].filter((value) => original.has(value))).toEqual([]);
  });
});
