/**
 * The sentence `explain` opens with: what to change, from the most explanatory cause. Each one
 * names the change in the script's own terms and the numbers that call for it.
 */
import type { Cause } from '@heaplab/analysis';

/** One sentence the user can act on, for the cause ranked first. */
export function adviceFor(cause: Cause): string {
  switch (cause.kind) {
    case 'growing-request': {
      const e = cause.evidence;
      const growth = `${e.firstBytes} → ${e.lastBytes} bytes over ${e.occurrences} requests`;
      return e.bounded
        ? `A buffer that grows with use (${growth}) no longer found room: allocate it once, at its largest size (${e.lastBytes} bytes), at start-up and reuse it.`
        : `A buffer that grows with use and never levels off (${growth}) no longer found room: give it a fixed size, allocated once at start-up, or cap its growth; no heap is large enough for growth without a bound.`;
    }
    case 'accumulation': {
      const e = cause.evidence;
      return `The program keeps more and more data alive (${e.slopePerKiloEvent} bytes more after every 1000 events, ${e.firstLiveBytes} → ${e.lastLiveBytes} bytes after collections): find what holds it and keep only what is needed; at this rate the heap is full at event ${e.fullAtEvent}.`;
    }
    case 'pinning': {
      const e = cause.evidence;
      const bytes = e.pins.reduce((sum, p) => sum + p.bytes, 0);
      return `${e.pins.length === 1 ? 'One small long-lived object' : `${e.pins.length} small long-lived objects`} (${bytes} bytes) split the free space of area ${e.area}: allocate ${e.pins.length === 1 ? 'it' : 'them'} at start-up, before the large buffers, so the free space stays in one run.`;
    }
    case 'transient-peak': {
      const e = cause.evidence;
      return `${e.objects.length} large temporary objects (${e.bytes} bytes) were alive at the same moment: release each one (or reuse one buffer) before making the next.`;
    }
    case 'heap-too-small': {
      const e = cause.evidence;
      return `The program holds more than the heap can give (${e.liveBytes} bytes live + ${e.requestBytes} requested > ${e.heapBytes}): no placement helps; hold less, or give the GC ${e.shortByBytes} bytes more.`;
    }
  }
}
