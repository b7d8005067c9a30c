/**
 * A spec workload's larger heap, as the command line tries it. A spec's percentages (`live.max`,
 * `collect.threshold`) are of its own `heap.areas`: run with `--areas`, the program stays the
 * same; with `heap.areas` edited, it is another program (a cap of 60% of a larger heap).
 */
import { formatAreaList, type Remedy } from '@heaplab/analysis';
import type { HeapConfig } from '@heaplab/core';

/** `remedy`, when it is a larger heap the program survives on, with the `--areas` that runs the spec on that heap; any other remedy as it is. */
export function withSpecAreas(remedy: Remedy, config: HeapConfig): Remedy {
  if (remedy.kind !== 'larger-heap' || remedy.verified?.survives !== true) return remedy;
  const areas = formatAreaList(config.areas.map((area) => ({ bytes: Math.round(area.regionBytes * remedy.change.scale) })));
  const tryIt = `To try it, run with --areas ${areas}: the spec's percentages stay those of its own heap, while editing its heap.areas would change the program.`;
  return { ...remedy, summary: `${remedy.summary} ${tryIt}` };
}
