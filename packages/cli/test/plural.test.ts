/** Counts in the text output take the singular for exactly one: "1 byte", never "1 bytes". */
import { describe, expect, it } from 'vitest';
import { explainFailure, renderFailure } from '@heaplab/analysis';
import { applyAll, createHeap, plural, type Outcome } from '@heaplab/core';

describe('plural', () => {
  it('uses the singular for 1 only', () => {
    expect([0, 1, 2].map((n) => plural(n, 'byte'))).toEqual(['0 bytes', '1 byte', '2 bytes']);
    expect(plural(1, 'seed ends', 'seeds end')).toBe('1 seed ends');
  });
});

describe('a failed request as text', () => {
  it('says "1 free block", "1 block", "1 live object" when there is one', () => {
    // Four 1-block objects fill a 4-block heap; the second is freed: 1 block free, a 2-block request fails.
    const events = [
      ...[0, 1, 2, 3].map((id) => ({ op: 'alloc' as const, id, bytes: 16 })),
      { op: 'free' as const, id: 1 },
      { op: 'alloc' as const, id: 9, bytes: 17 },
    ];
    const { state, outcomes } = applyAll(createHeap({ areas: [{ blocks: 4 }] }), events);
    const failed = outcomes.at(-1) as Extract<Outcome, { kind: 'memory-error' }>;
    expect(failed.kind).toBe('memory-error');
    const text = renderFailure(
      failed.facts,
      explainFailure(state, failed.facts, () => null),
      16,
    ).join('\n');
    expect(text).toContain('needed       2 free blocks in a row (32 bytes)');
    expect(text).toContain('free         16 bytes (1 block)');
    expect(text).toContain('largest run  1 block (16 bytes)');
    expect(text).toContain('a collection ran first and freed 0 objects (0 bytes)');
    expect(text).toMatch(/hold 1 live object \(16 bytes\):\n +16 bytes at block \d \(1 block\)/);
    expect(text).not.toMatch(/\b1 (bytes|blocks|objects|live objects)\b/);
  });
});

describe("the issue's own example", () => {
  it('inspect --fits 1: "an allocation of 1 byte (1 block)"', async () => {
    const { runCli } = await import('./support/run-cli.js');
    const dump = new URL('../../core/test/fixtures/oracle/full-heap.mcu20k.out.txt', import.meta.url).pathname;
    expect((await runCli('inspect', dump, '--fits', '1')).out).toContain('--fits 1: an allocation of 1 byte (1 block) would go to');
  });
});
