import { describe, expect, it, vi } from 'vitest';
import { applyAll, createHeap, HeapInputError, strategyNames, type HeapEvent } from '@heaplab/core';
import { allWorkloads, ENGINE_CHURN_HEAP, engineChurnEvents, findWorkload, isWorkload, resolveWorkload } from '../src/index.js';

describe.each(allWorkloads().map((w) => [w.name, w] as const))('workload %s', (_name, workload) => {
  it('writes the same events for the same seed, other events for another', () => {
    const a = workload.generate('7', 3000).events;
    // At most the length asked for; a fixed program (seed-mem-free) writes fewer.
    expect(a.length).toBe(Math.min(3000, workload.generate('7', 3001).events.length));
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
          expect(
            idsOf(event).some((id) => failed.has(id)),
            `${strategy} event ${i} names ${idsOf(event).join(' and ')}, none of which failed`,
          ).toBe(true);
        }
      });
    }
  });
});

/** Ids named by an event: `id`, or both ends of a reference (engine-churn's dicts and lists). */
function idsOf(event: HeapEvent): number[] {
  if ('id' in event) return [event.id];
  return 'from' in event ? [event.from, event.to] : [];
}

describe('churn, engine-churn and camera-frames', () => {
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

  it("engine-churn is the benchmarks' stream, seed as given, on its 64 KiB heap", () => {
    const workload = findWorkload('engine-churn')!;
    expect(workload.heap).toBe(ENGINE_CHURN_HEAP);
    expect(workload.generate('heaplab', 3000)).toEqual({ events: engineChurnEvents('heaplab', 3000), marks: [] });
  });

  it('camera-frames runs on the two areas of an OpenMV H7', () => {
    const camera = allWorkloads().find((w) => w.name === 'camera-frames')!;
    expect(createHeap(camera.heap).config.areas.map((a) => a.blocks)).toEqual([4000, 16692]);
  });
});

describe('resolveWorkload', () => {
  const spec = 'name: tiny\nheap: {areas: [4k]}\nkinds: [{size: {fixed: 16}, lifetime: {fixed: 2}}]\n';

  it('finds a built-in workload by name, without reading anything', async () => {
    const read = vi.fn(async () => spec);
    expect(await resolveWorkload('growth', read)).toBe(findWorkload('growth'));
    expect(read).not.toHaveBeenCalled();
  });

  it("reads a spec file with the caller's reader, once per path", async () => {
    const read = vi.fn(async (_file: string) => spec);
    const workload = await resolveWorkload('dir/tiny-once.yaml', read);
    expect(workload.name).toBe('tiny');
    expect(workload.generate('1', 10).events).toHaveLength(10);
    expect(await resolveWorkload('dir/tiny-once.yaml', read)).toBe(workload);
    expect(read.mock.calls).toEqual([['dir/tiny-once.yaml']]);
  });

  it("passes on the reader's error, and names the spec file in the spec's errors", async () => {
    const unreadable = new HeapInputError('cannot read: no such file', { file: 'gone.yml' });
    await expect(resolveWorkload('gone.yml', () => Promise.reject(unreadable))).rejects.toBe(unreadable);
    await expect(resolveWorkload('bad.json', async () => '{"name": "t"}')).rejects.toThrow(/^bad\.json:1: .*heap/);
  });

  it('names the built-in workloads for a name that is neither', async () => {
    const names = allWorkloads().map((w) => w.name);
    expect(isWorkload('growth') && isWorkload('x.YAML') && !isWorkload('growth.txt')).toBe(true);
    await expect(resolveWorkload('grwoth', async () => spec)).rejects.toThrow(
      `WORKLOAD: unknown workload "grwoth"; known: ${names.join(', ')}, or a spec file`,
    );
  });
});
