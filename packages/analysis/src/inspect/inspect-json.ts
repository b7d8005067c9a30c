/**
 * `heaplab inspect --json`'s object: what a dump shows, as scripts read it (docs/json-output.md).
 * The CLI and the web page both print it.
 */
import type { GcInfo } from '@heaplab/core';
import type { InspectReport } from './inspect-dump.js';
import { areaTrusted } from './trust.js';

/** `figures` with every value null: not known on a map that cannot be trusted. */
function nulls<T extends object>(figures: T): { [K in keyof T]: null } {
  return Object.fromEntries(Object.keys(figures).map((k) => [k, null])) as { [K in keyof T]: null };
}

/** `gc_info` fields under their `--json` names (`maxFree` is `maxFreeBlocks`). */
function statsJson(info: GcInfo): object {
  return { total: info.total, used: info.used, free: info.free, n1: info.n1, n2: info.n2, maxBlock: info.maxBlock, maxFreeBlocks: info.maxFree };
}

/**
 * The `--json` object: the map's statistics (bytes for total/used/free, blocks for the rest),
 * fragmentation overall and per area, the printed statistics and the ones that disagree, the
 * lines pasted into the map, and `fits` with `--fits`. On a map that cannot be trusted (`doubt`)
 * the whole heap's figures, and those of each area not `trusted`, are null unless `forced`.
 */
export function inspectJson(report: InspectReport): object {
  const { dump, state, stats, fragmentation, fits, doubt, forced } = report;
  const bpb = state.config.blockBytes;
  // On a map that cannot be trusted, figures that depend on what is missing are null unless forced.
  const known = doubt === null || forced;
  const whole = {
    ...statsJson(stats),
    objects: state.objectCount,
    freeRuns: fragmentation.freeRuns,
    largestFreeRunArea: fragmentation.largestFreeRunArea,
    fragmentation: fragmentation.fragmentation,
    histogram: fragmentation.histogram,
  };
  return {
    file: report.file,
    lines: { first: dump.lines.first, last: dump.lines.last },
    blockBytes: bpb,
    blockBytesAssumed: dump.blockBytes === undefined,
    doubt,
    forced,
    ...(known ? whole : nulls(whole)),
    printed: dump.gc === undefined ? null : statsJson(dump.gc),
    mismatches: report.disagreements.map((d) => ({
      field: d.key === 'maxFree' ? 'maxFreeBlocks' : d.key,
      printedAs: d.field,
      printed: d.printed,
      computed: d.computed,
      line: d.line,
    })),
    strayLines: dump.strayLines,
    areas: fragmentation.areas.map((a) => {
      const figures = {
        total: a.blocks * bpb,
        used: (a.blocks - a.freeBlocks) * bpb,
        free: a.freeBlocks * bpb,
        freeBlocks: a.freeBlocks,
        largestFreeRun: a.largestFreeRun,
        largestFreeRunAt: a.largestFreeRunAt,
        freeRuns: a.freeRuns,
        fragmentation: a.fragmentation,
        histogram: a.histogram,
      };
      const trusted = areaTrusted(doubt, a.area, fragmentation.areas.length);
      return { area: a.area, address: state.config.areas[a.area]!.poolStart, blocks: a.blocks, trusted, ...(trusted || forced ? figures : nulls(figures)) };
    }),
    ...(fits === null ? {} : { fits }),
  };
}
