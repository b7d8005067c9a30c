/**
 * The replays remedies are proven by: the figures a replay reports (headroom, peak, where it
 * failed), changed streams that start from the recorded run's prefix, and a device trace's
 * drops taken early where a changed run must collect before the device did.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig, type HeapEvent } from '@heaplab/core';
import { Replayer } from '../src/remedies/replayer.js';
import { editedEvents, StreamEdit } from '../src/remedies/stream-edit.js';

const config = resolveConfig({ areas: [{ blocks: 64 }] });
const blocks = (n: number): number => n * 16;

describe('a replay', () => {
  it('reports the smallest margin, the peak in use and the failure', () => {
    const events: HeapEvent[] = [
      { op: 'alloc', id: 1, bytes: blocks(10) },
      { op: 'alloc', id: 2, bytes: blocks(40) },
      { op: 'alloc', id: 3, bytes: blocks(20) },
    ];
    // Margins 64 − 10 and 54 − 40; the third finds 14 blocks and fails 6 short.
    expect(new Replayer(config, events).run(new StreamEdit()).check).toEqual({
      survives: false,
      eventsRun: 3,
      failedAt: 3,
      failedAtRecorded: 3,
      headroomBytes: blocks(-6),
      peakUsedBytes: blocks(50),
    });
    expect(new Replayer(config, events.slice(0, 2)).run(new StreamEdit()).check).toEqual({
      survives: true,
      eventsRun: 2,
      headroomBytes: blocks(14),
      peakUsedBytes: blocks(50),
    });
  });

  it('counts a request that ran a collection from the heap the collection left, and prefers those margins', () => {
    const events: HeapEvent[] = [
      { op: 'alloc', id: 1, bytes: blocks(30) },
      { op: 'alloc', id: 2, bytes: blocks(30) },
      { op: 'unroot', id: 1 },
      // 4 blocks free: collects, then finds runs of 30 and 4 and takes 20 (margin 10).
      { op: 'alloc', id: 3, bytes: blocks(20) },
      // Runs of 10 and 4 left, 6 taken: margin 4, but no collection ran.
      { op: 'alloc', id: 4, bytes: blocks(6) },
    ];
    expect(new Replayer(config, events).run(new StreamEdit()).check).toMatchObject({ survives: true, headroomBytes: blocks(10), peakUsedBytes: blocks(60) });
  });

  it('numbers a changed stream by its own events, and names the recorded event and line', () => {
    const events: HeapEvent[] = [
      { op: 'alloc', id: 1, bytes: blocks(10) },
      { op: 'alloc', id: 2, bytes: blocks(10) },
      { op: 'alloc', id: 3, bytes: blocks(10) },
    ];
    const lines = Int32Array.from([5, 7, 9]);
    const edit = new StreamEdit().insertBefore(1, { op: 'alloc', id: 9, bytes: blocks(40) }).replace(0, null);
    expect(editedEvents(events, edit).events.map((e) => (e as { id: number }).id)).toEqual([9, 2, 3]);
    // 40 + 10 fit, the third (recorded event 3, line 9) finds 14 and fails.
    expect(new Replayer(config, events, { lines }).run(edit.replace(2, { op: 'alloc', id: 3, bytes: blocks(20) })).check).toMatchObject({
      survives: false,
      eventsRun: 3,
      failedAt: 3,
      failedAtRecorded: 3,
      failedLine: 9,
    });
  });

  it('starts from the recorded run where a change begins, with the same figures as a replay from the start', () => {
    const events: HeapEvent[] = [];
    for (let i = 0; i < 3000; i++) events.push({ op: 'alloc', id: i, bytes: 16 + (i % 7) * 16 }, { op: 'free', id: i });
    const late = (): StreamEdit => new StreamEdit().insertBefore(5000, { op: 'alloc', id: 99_999, bytes: blocks(60) });
    const shared = new Replayer(config, events);
    const fromStart = new Replayer(config, events).run(late().insertBefore(0, { op: 'threshold', bytes: -1 })).check;
    expect(shared.run(late()).check).toEqual({ ...fromStart, eventsRun: fromStart.eventsRun - 1, failedAt: fromStart.failedAt! - 1 });
  });

  it('fails where the recorded run failed when the change comes after that, without running it', () => {
    const events: HeapEvent[] = [
      { op: 'alloc', id: 1, bytes: blocks(50) },
      { op: 'alloc', id: 2, bytes: blocks(50) },
      { op: 'alloc', id: 3, bytes: blocks(5) },
    ];
    const replayer = new Replayer(config, events);
    expect(replayer.run(new StreamEdit().replace(2, null)).check).toMatchObject({ survives: false, failedAt: 2, failedAtRecorded: 2 });
    expect(replayer.run(new StreamEdit().replace(1, null)).check).toMatchObject({ survives: true, eventsRun: 2 });
  });
});

describe("a device trace's drops, taken early", () => {
  // As a what-if stream has them: the device collected at event 5, its drops just before.
  const events: HeapEvent[] = [
    { op: 'alloc', id: 1, bytes: blocks(30) },
    { op: 'alloc', id: 2, bytes: blocks(20) },
    { op: 'alloc', id: 3, bytes: blocks(10) },
    { op: 'unroot', id: 1 },
    { op: 'alloc', id: 4, bytes: blocks(20) },
  ];
  // 10 more blocks from the start: the 10-block request at event 3 no longer fits.
  const early = (): StreamEdit => new StreamEdit().insertBefore(0, { op: 'alloc', id: 9, bytes: blocks(10) });

  it('free what the device swept at its next collection where the changed run must collect first, and say so', () => {
    expect(new Replayer(config, events).run(early()).check).toMatchObject({ survives: false, failedAt: 4, failedAtRecorded: 3 });
    // The 10 blocks go where object 1 was (its drop, taken early, counts as an event run there);
    // the collection left runs of 30 and 4 blocks.
    expect(new Replayer(config, events, { earlyDrops: true }).run(early()).check).toEqual({
      survives: true,
      eventsRun: 6,
      headroomBytes: blocks(20),
      peakUsedBytes: blocks(60),
      assumedGarbage: 1,
      // Without the drops taken early, the request at event 3 fails.
      firstAssumedAtRecorded: 3,
    });
  });

  it('are never taken at a request the device collected for', () => {
    // The request at event 5 ran the device's collection: what it did not sweep was reachable.
    const edit = new StreamEdit().replace(4, { op: 'alloc', id: 4, bytes: blocks(40) });
    expect(new Replayer(config, [...events, { op: 'unroot', id: 2 }], { earlyDrops: true }).run(edit).check).toMatchObject({
      survives: false,
      failedAtRecorded: 5,
    });
  });
});
