/**
 * A failed request as text: what was needed, what was free, how it is cut up, and the live
 * objects that stand in the way. Shared by every command that reports a MemoryError, and the web page.
 */
import { percent, plural, type MemoryErrorFacts } from '@heaplab/core';
import type { FailureExplanation } from './explain-failure.js';

/** Indented lines on a failure's facts and, when there is one, its explanation. */
export function renderFailure(facts: MemoryErrorFacts | null, explanation: FailureExplanation | null, bpb: number): string[] {
  const lines: string[] = [];
  if (facts !== null) {
    const largest = Math.max(...facts.largestFreeRun);
    lines.push(`    needed       ${plural(facts.blocks, 'free block')} in a row (${plural(facts.blocks * bpb, 'byte')})`);
    lines.push(`    free         ${plural(facts.freeBytes, 'byte')} (${plural(facts.freeBytes / bpb, 'block')})`);
    lines.push(
      `    largest run  ${plural(largest, 'block')} (${plural(largest * bpb, 'byte')})${facts.largestFreeRun.length > 1 ? `; per area: ${facts.largestFreeRun.join(', ')}` : ''}`,
    );
    if (facts.collection !== null)
      lines.push(
        `    a collection ran first and freed ${plural(facts.collection.freed.length, 'object')} (${plural(facts.collection.freedBlocks * bpb, 'byte')})`,
      );
  }
  if (explanation === null) return lines;
  lines.push(`    fragmentation ${percent(explanation.fragmentation)} (1 − largest run / free)`);
  const best = explanation.blockers[0];
  if (best !== undefined) {
    const end = best.block + explanation.blocks - 1;
    const bytes = best.objects.reduce((sum, o) => sum + o.bytes, 0);
    lines.push('');
    lines.push(
      `  What stands in the way: in area ${best.area}, ${end === best.block ? `block ${end}` : `blocks ${best.block}–${end}`} hold ${plural(best.objects.length, 'live object')} (${plural(bytes, 'byte')}):`,
    );
    for (const o of best.objects.slice(0, 8)) {
      const born =
        o.bornEvent === 0
          ? 'in the dump the run started from'
          : `allocated at ${o.bornLine === null ? `event ${o.bornEvent}` : `line ${o.bornLine} (event ${o.bornEvent})`}`;
      lines.push(`    ${String(o.bytes).padStart(6)} ${o.bytes === 1 ? 'byte ' : 'bytes'} at block ${o.block} (${plural(o.blocks, 'block')}), ${born}`);
    }
    if (best.objects.length > 8) lines.push(`    … and ${best.objects.length - 8} more`);
    lines.push(
      `  Freeing ${best.objects.length === 1 ? 'it' : 'them'} (or allocating the buffer before ${best.objects.length === 1 ? 'it' : 'them'}) would have made the request fit.`,
    );
  }
  return lines;
}
