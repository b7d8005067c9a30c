/**
 * `heaplab inspect --json`'s object: what a dump shows, as scripts read it (docs/json-output.md).
 * The CLI and the web page both print it.
 */
import type { GcInfo } from '@heaplab/core';
import type { InspectReport } from './inspect-dump.js';

/** `gc_info` fields under their `--json` names (`maxFree` is `maxFreeBlocks`). */
function statsJson(info: GcInfo): object {
  return { total: info.total, used: info.used, free: info.free, n1: info.n1, n2: info.n2, maxBlock: info.maxBlock, maxFreeBlocks: info.maxFree };
}

/**
 * The `--json` object: the map's statistics (bytes for total/used/free, blocks for the rest),
 * fragmentation overall and per area, the printed statistics and the ones that disagree, the
 * lines pasted into the map, and `fits` with `--fits`.
 */
export function inspectJson(report: InspectReport): object {
  const { dump, state, stats, fragmentation, fits } = report;
  const bpb = state.config.blockBytes;
  return {
    file: report.file,
    lines: { first: dump.lines.first, last: dump.lines.last },
    blockBytes: bpb,
    blockBytesAssumed: dump.blockBytes === undefined,
    ...statsJson(stats),
    objects: state.objectCount,
    freeRuns: fragmentation.freeRuns,
    largestFreeRunArea: fragmentation.largestFreeRunArea,
    fragmentation: fragmentation.fragmentation,
    histogram: fragmentation.histogram,
    printed: dump.gc === undefined ? null : statsJson(dump.gc),
    mismatches: report.disagreements.map((d) => ({
      field: d.key === 'maxFree' ? 'maxFreeBlocks' : d.key,
      printedAs: d.field,
      printed: d.printed,
      computed: d.computed,
      line: d.line,
    })),
    strayLines: dump.strayLines,
    areas: fragmentation.areas.map((a) => ({
      area: a.area,
      address: state.config.areas[a.area]!.poolStart,
      blocks: a.blocks,
      total: a.blocks * bpb,
      used: (a.blocks - a.freeBlocks) * bpb,
      free: a.freeBlocks * bpb,
      freeBlocks: a.freeBlocks,
      largestFreeRun: a.largestFreeRun,
      largestFreeRunAt: a.largestFreeRunAt,
      freeRuns: a.freeRuns,
      fragmentation: a.fragmentation,
      histogram: a.histogram,
    })),
    ...(fits === null ? {} : { fits }),
  };
}
