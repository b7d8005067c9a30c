/**
 * A MemoryError a snapshot was taken at, as text: where it was taken and its message, the
 * request, the free space, the verdict, and the live objects in the way. `heaplab ingest` prints
 * it, and the web page shows it in the same words.
 */
import { percent, plural } from '@heaplab/core';
import { visibleText } from '../output/visible-text.js';
import type { SnapshotFailure } from './memory-error-analysis.js';
import type { SeriesPoint } from './snapshot-series.js';

/** The lines on `snapshot`'s MemoryError (`failure`): where, the request, the verdict and what stood in the way. */
export function renderSnapshotFailure(snapshot: SeriesPoint, failure: SnapshotFailure): string[] {
  const who = snapshot.seq === null ? `snapshot ${snapshot.index + 1}` : `seq ${snapshot.seq}`;
  const lines = [
    `MemoryError at ${who}${snapshot.label === null ? '' : ` "${visibleText(snapshot.label)}"`} (line ${snapshot.line}): ${failure.message === '' ? '(no message)' : visibleText(failure.message)}`,
  ];
  const bpb = snapshot.blockBytes;
  if (failure.blocks !== null) lines.push(`  needed        ${plural(failure.blocks, 'free block')} in a row (${failure.blocks * bpb} bytes)`);
  const perArea = snapshot.areas.length > 1 ? `; per area: ${snapshot.areas.map((a) => a.largestFreeRun).join(', ')}` : '';
  lines.push(
    `  free          ${snapshot.freeBytes} bytes in all; the longest run ${plural(snapshot.largestFreeRun, 'block')} (${snapshot.largestFreeRunBytes} bytes)${perArea}`,
  );
  lines.push(`  verdict       ${verdictText(snapshot, failure)}`);
  if (failure.maxNewSplit !== null && failure.maxNewSplit > 0 && failure.bytes !== null && failure.verdict !== 'fits-now') {
    lines.push(`  this build can add heap areas (up to ${failure.maxNewSplit} bytes), and did not: the request needs more than that`);
  }
  const explanation = failure.explanation;
  if (explanation === null) return lines;
  lines.push(`  fragmentation ${percent(explanation.fragmentation)} (1 − longest run / free)`);
  const best = explanation.blockers[0];
  if (best === undefined || failure.blocks === null) return lines;
  const bytes = best.objects.reduce((sum, o) => sum + o.blocks * bpb, 0);
  lines.push(
    `  What stands in the way: in area ${best.area}, blocks ${best.block}–${best.block + failure.blocks - 1} hold ${plural(best.objects.length, 'live object')} (${bytes} bytes):`,
  );
  for (const o of best.objects.slice(0, 8))
    lines.push(`    ${o.kind} ${String(o.blocks * bpb).padStart(6)} bytes at block ${o.block} (address 0x${o.address.toString(16)})`);
  if (best.objects.length > 8) lines.push(`    … and ${best.objects.length - 8} more`);
  lines.push(
    `  Freeing ${best.objects.length === 1 ? 'it' : 'them'} (or allocating the buffer before ${best.objects.length === 1 ? 'it' : 'them'}) would have made the request fit.`,
  );
  return lines;
}

function verdictText(snapshot: SeriesPoint, failure: SnapshotFailure): string {
  switch (failure.verdict) {
    case 'fragmented': {
      const area = snapshot.areas[failure.areasWithEnoughFree[0]!]!;
      return `FRAGMENTED: area ${area.area} has ${area.freeBlocks} free blocks, enough for the request, but no ${failure.blocks} of them in a row`;
    }
    case 'too-small':
      return `TOO SMALL: no area has ${failure.blocks} free blocks at all, however they were arranged`;
    case 'fits-now':
      return 'fits now: the heap as snapshotted has room for it (something was freed between the failure and the snapshot, or Python code raised the error)';
    case 'locked':
      return 'the heap was locked (micropython.heap_lock(), or an interrupt handler): no allocation can succeed there';
    case 'unknown':
      return snapshot.areas.length === 0 ? 'unknown: this snapshot has no map (use micropython.mem_info(1))' : 'unknown: the message gives no size';
  }
}
