/**
 * The heap maps of a capture's snapshot, as its `mem_info(1)` dump printed them: one a area, and
 * at a MemoryError the live objects in the way of the request (the cheapest window to clear,
 * the one `heaplab ingest` names) in red.
 */
import type { AreaMap, ExtractedCapture, IngestSnapshot } from '@heaplab/analysis';

/** The maps of `snapshot` (empty when its dump has none), read from `capture`, the capture it is in. */
export function snapshotMaps(capture: ExtractedCapture, snapshot: IngestSnapshot): AreaMap[] {
  // A snapshot of the series is known by its capture line (its start marker, or its dump's first line).
  const dump = capture.snapshots.find((s) => s.line === snapshot.line)?.dump;
  if (dump === undefined) return [];
  const best = snapshot.failure?.explanation?.blockers[0];
  return dump.areas.map((a, area) => {
    const marked = new Set<number>();
    if (best?.area === area) for (const o of best.objects) for (let b = o.block; b < o.block + o.blocks; b++) marked.add(b);
    return { area, address: a.address, blockBytes: snapshot.blockBytes, map: a.map, marked };
  });
}
