import { describe, expect, it } from 'vitest';
import { applyAll, createHeap, strategyNames, type HeapEvent } from '@heaplab/core';
import { allWorkloads } from '../src/workloads/registry.js';
import { parseSeedList } from '../src/seed-list.js';
import { formatAreaList, parseAreaList } from '../src/area-list.js';

describe.each(allWorkloads().map((w) => [w.name, w] as const))('workload %s', (_name, workload) => {
  it('writes the same events for the same seed, other events for another', () => {
    const a = workload.generate('7', 3000).events;
    // At most the length asked for; a fixed program (seed-mem-free) writes fewer.
    expect(a.length).toBe(Math.min(3000, workload.generate('7', 1e6).events.length));
    expect(workload.generate('7', 3000).events).toEqual(a);
    expect(workload.generate('8', 3000).events).not.toEqual(a);
    expect(workload.generate('7', 1000).events).toEqual(a.slice(0, 1000));
  });

  it('is valid under every strategy: only events naming an object whose request failed are skipped', () => {
    const events = workload.generate('1', workload.defaultLength).events;
    for (const strategy of strategyNames()) {
      const { outcomes } = applyAll(createHeap({ ...workload.heap, strategy }), events);
      const failed = new Set<number>();
      outcomes.forEach((outcome, i) => {
        const event = events[i]!;
        if (outcome.kind === 'memory-error' && event.op === 'alloc') failed.add(event.id);
        if (outcome.kind === 'rejected') {
          expect(outcome.code, `${strategy} event ${i}: ${outcome.message}`).toBe('unknown-id');
          expect(failed.has(idOf(event)), `${strategy} event ${i} names ${idOf(event)}, which never failed`).toBe(true);
        }
      });
    }
  });
});

function idOf(event: HeapEvent): number {
  return 'id' in event ? event.id : -1;
}

describe('churn and camera-frames', () => {
  it('churn marks some objects long-lived and drops most of the dead for the collector', () => {
    const events = allWorkloads()
      .find((w) => w.name === 'churn')!
      .generate('1', 20000).events;
    const allocs = events.filter((e) => e.op === 'alloc');
    const longLived = allocs.filter((e) => e.op === 'alloc' && e.longLived === true).length;
    expect(longLived / allocs.length).toBeGreaterThan(0.05);
    expect(longLived / allocs.length).toBeLessThan(0.12);
    const drops = events.filter((e) => e.op === 'unroot').length;
    const frees = events.filter((e) => e.op === 'free').length;
    expect(drops).toBeGreaterThan(5 * frees);
  });

  it('camera-frames runs on the two areas of an OpenMV H7', () => {
    const camera = allWorkloads().find((w) => w.name === 'camera-frames')!;
    expect(createHeap(camera.heap).config.areas.map((a) => a.blocks)).toEqual([4000, 16692]);
  });
});

describe('seed and area lists', () => {
  it('read ranges, lists and names', () => {
    expect(parseSeedList('1..3,7,release-2')).toEqual(['1', '2', '3', '7', 'release-2']);
    expect(() => parseSeedList('1,,2')).toThrow(/--seeds: empty seed/);
    expect(() => parseSeedList('0..2000000')).toThrow(/--seeds: more than 1000000 seeds/);
  });

  it('read sizes with k and m suffixes, and block counts', () => {
    expect(parseAreaList('64k,4m,1000,4000blk')).toEqual([{ bytes: 65536 }, { bytes: 4194304 }, { bytes: 1000 }, { blocks: 4000 }]);
    expect(formatAreaList([{ bytes: 65536 }, { bytes: 4194304 }, { bytes: 1000 }, { blocks: 4000 }])).toBe('64k,4m,1000,4000blk');
    expect(() => parseAreaList('0')).toThrow(/--areas: "0" is not a whole, positive number of bytes/);
    expect(() => parseAreaList('1.5')).toThrow(/not a whole/);
  });
});
