import { describe, expect, it } from 'vitest';
import { extractSnapshots, ingestCapture } from '@heaplab/analysis';
import { snapshotMaps } from '../src/capture-maps.js';

/** docs/probe-snapshots.md's first example: the second snapshot is taken at a MemoryError, the list at block 10 in the way. */
const CAPTURE = `>>> import main
booting, sensors ready
#heaplab-snapshot v1 seq=1 ticks=1200 label="boot"
stack: 512 out of 8192
GC: total: 960, used: 224, free: 736
 No. of 1-blocks: 0, 2-blocks: 0, max blk sz: 7, max free sz: 46
GC memory layout; from 20000040:
00000000: h======S==L===..............................................
#heaplab-end v1 seq=1
uploading frame 2... #heaplab-snapshot v1 seq=2 ticks=1450 label="frame" error="memory allocation failed, allocating 320 bytes"
stack: 640 out of 8192
GC: total: 960, used: 592, free: 368
 No. of 1-blocks: 1, 2-blocks: 0, max blk sz: 25, max free sz: 13
GC memory layout; from 20000040:
00000000: h======...L===.............hA========================.......
#heaplab-end v1 seq=2
MemoryError: memory allocation failed, allocating 320 bytes
`;

describe("a capture's snapshot maps", () => {
  const capture = extractSnapshots(CAPTURE);
  const [boot, frame] = ingestCapture(CAPTURE).snapshots;
  it('are the maps its own dump printed', () => {
    expect(snapshotMaps(capture, boot!)).toEqual([
      { area: 0, address: 0x20000040, blockBytes: 16, map: 'h======S==L===..............................................', marked: new Set() },
    ]);
    expect(snapshotMaps(capture, frame!)[0]!.map).toBe('h======...L===.............hA========================.......');
  });
  it('at a MemoryError, mark the objects in the way', () => {
    expect(snapshotMaps(capture, frame!)[0]!.marked).toEqual(new Set([10, 11, 12, 13]));
  });
});
