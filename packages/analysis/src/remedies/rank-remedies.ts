/**
 * The order of remedies: fixes first (replays that survive), then what was tried and still fails,
 * then what could not be checked. Within each, by how small a change the remedy asks of the
 * user, in `REMEDY_KINDS` order (the program's own code first: preallocate, allocate-early,
 * cap-growth, bound-accumulation, collect-before, threshold; then a larger heap; firmware last:
 * layout, strategy), then by headroom, most first.
 */
import { REMEDY_KINDS, type Remedy } from './remedy.js';

export function rankRemedies(remedies: readonly Remedy[]): Remedy[] {
  const group = (r: Remedy): number => (r.verified === null ? 2 : r.verified.survives ? 0 : 1);
  const headroom = (r: Remedy): number => r.verified?.headroomBytes ?? 0;
  return [...remedies].sort((a, b) => group(a) - group(b) || REMEDY_KINDS.indexOf(a.kind) - REMEDY_KINDS.indexOf(b.kind) || headroom(b) - headroom(a));
}
