/**
 * Whether a dump's map can be taken for the heap the device had. It cannot when text was pasted
 * into the middle of it (the map may have lost or gained lines), or when the printed `GC:`
 * statistics disagree with it (a paste cut off, or mixed up from two dumps). `--fits` then
 * cannot say yes or no, and the whole heap's figures cannot be given as facts, unless `--force`
 * asks for them on the map as read.
 */
import { plural } from '@heaplab/core';
import type { GcInfo, MemInfoDump, StatDisagreement } from '@heaplab/core';
import { lineRanges } from './line-ranges.js';

/**
 * What is wrong with a map: lines pasted into it, part of it missing (the paste was cut off), a
 * map larger than the printed total (not one heap), or another printed figure that disagrees.
 */
export type MapDoubtKind = 'pasted-lines' | 'cut-off' | 'not-one-heap' | 'disagrees';

/** Why the map cannot be trusted (a sentence that names its lines), and the line that shows it. */
export interface MapDoubt {
  readonly kind: MapDoubtKind;
  /** 1-based line of the dump. */
  readonly line: number;
  readonly reason: string;
}

/**
 * Whether area `area` of the `areas` read can be taken whole despite `doubt`: every area can
 * without a doubt; on a cut-off map, every area but the last read (the cut came after them).
 */
export function areaTrusted(doubt: MapDoubt | null, area: number, areas: number): boolean {
  return doubt === null || (doubt.kind === 'cut-off' && area < areas - 1);
}

/**
 * The first reason not to trust the map of `dump`, whose map gives `fromMap` with
 * `blockBytes`-byte blocks; null when there is none. Lines pasted into the map come first, then
 * a total that disagrees (part of the map missing), then any other disagreement.
 */
export function mapDoubt(dump: MemInfoDump, fromMap: GcInfo, blockBytes: number, disagreements: readonly StatDisagreement[]): MapDoubt | null {
  const { strayLines } = dump;
  if (strayLines.length > 0) {
    const are = strayLines.length === 1 ? 'is' : 'are';
    return { kind: 'pasted-lines', line: strayLines[0]!, reason: `${lineRanges(strayLines)} inside the map ${are} not part of it, so the map may be damaged` };
  }
  const total = disagreements.find((d) => d.key === 'total');
  if (total !== undefined) {
    const map = `${plural(fromMap.total / blockBytes, 'block')} (${fromMap.total} bytes)`;
    if (total.computed < total.printed) {
      return {
        kind: 'cut-off',
        line: dump.lines.last,
        reason: `the map ends at line ${dump.lines.last} after ${map}, but the GC: total on line ${total.line} is ${total.printed} bytes: part of the map is missing (a cut-off paste?)`,
      };
    }
    return {
      kind: 'not-one-heap',
      line: total.line,
      reason: `the map has ${map}, more than the GC: total of ${total.printed} bytes on line ${total.line}: the map and the statistics are not of one heap`,
    };
  }
  const [first] = disagreements;
  if (first === undefined) return null;
  return {
    kind: 'disagrees',
    line: first.line,
    reason: `the printed GC: statistics disagree with the map (line ${first.line}, ${first.field}: ${first.detail})`,
  };
}
