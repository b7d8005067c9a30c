/**
 * The inspect report as text for people (its JSON is @heaplab/analysis's `inspectJson`).
 */
import { percent, plural } from '@heaplab/core';
import { areaTrusted, type FitsProbe, heapSize, type InspectReport, lineRanges, type MapDoubt } from '@heaplab/analysis';
import type { AreaFragmentation, FreeRunBucket } from '@heaplab/core';
import { CELL_LEGEND, areaPicture } from './picture.js';

const hex = (n: number): string => `0x${n.toString(16)}`;

/** The human-readable report: the whole heap, then each area with its picture, then `--fits`. */
export function renderInspect(report: InspectReport): string {
  const lines = overallLines(report);
  for (const area of report.fragmentation.areas) lines.push('', ...areaLines(report, area));
  if (report.fits !== null) lines.push('', ...fitsLines(report.fits, report.dump.maxNewSplit));
  return `${lines.join('\n')}\n`;
}

/** What the input is, and the whole heap's figures (only what is known, on a map that cannot be trusted). */
function overallLines(report: InspectReport): string[] {
  const { dump, state, stats, fragmentation, doubt } = report;
  const bpb = state.config.blockBytes;
  const what = dump.gc === undefined ? "a heap map without the GC: lines (the statistics are the map's)" : 'micropython.mem_info(1) output';
  const assumed = dump.blockBytes === undefined ? ' (assumed: the dump does not show the block size)' : '';
  const head = [`heaplab inspect ${report.file}`, `  ${what}, lines ${dump.lines.first}-${dump.lines.last}`];
  if (doubt !== null && !report.forced) return [...head, ...doubtfulLines(report, doubt), ...strayWarning(report), ...printedCheck(report)];
  const forced = doubt === null ? [] : [`  --force: the figures below are of the map as read, which cannot be trusted: ${doubt.reason}`];
  const objects = `${plural(state.objectCount, 'object')}: ${stats.n1} of 1 block, ${stats.n2} of 2 blocks, the longest ${plural(stats.maxBlock, 'block')}`;
  const lines = [
    ...head,
    ...forced,
    `  heap ${heapSize(state.config)}${assumed}`,
    '',
    `  used           ${stats.used} bytes (${percent(stats.used / stats.total, 0)}) in ${objects}`,
  ];
  if (fragmentation.freeBlocks === 0) lines.push('  free           0 bytes: the heap is full');
  else {
    const largest = fragmentation.largestFreeRun;
    const area = fragmentation.largestFreeRunArea!;
    lines.push(`  free           ${stats.free} bytes (${percent(stats.free / stats.total, 0)}) in ${plural(fragmentation.freeRuns, 'run')}`);
    lines.push(
      `  largest run    ${plural(largest, 'block')} (${largest * bpb} bytes) in area ${area} at block ${fragmentation.areas[area]!.largestFreeRunAt}: the largest request that fits`,
    );
    lines.push(
      `  fragmentation  ${percent(fragmentation.fragmentation, 0)} (1 - largest run / free): one request can use ${largest * bpb} of the ${stats.free} free bytes`,
    );
  }
  return [...lines, ...strayWarning(report), ...printedCheck(report)];
}

/**
 * On a map that cannot be trusted: why, what was read, and the device's own figures; the whole
 * heap's figures from the map are left out, since they depend on what is missing or wrong.
 */
function doubtfulLines(report: InspectReport, doubt: MapDoubt): string[] {
  const { dump, state } = report;
  const warning =
    doubt.kind === 'cut-off'
      ? `  WARNING: the map is cut off after line ${dump.lines.last}: ${doubt.reason}`
      : `  WARNING: the map cannot be trusted: ${doubt.reason}`;
  const gc = dump.gc;
  const printed =
    gc === undefined
      ? []
      : [
          `  printed        GC: total ${gc.total}, used ${gc.used}, free ${gc.free} bytes; max free sz ${plural(gc.maxFree, 'block')}, max blk sz ${plural(gc.maxBlock, 'block')} (lines ${dump.lines.gc}-${dump.lines.blocks}: the device's figures)`,
        ];
  const missing = doubt.kind === 'cut-off' ? 'the part of the map that is missing' : 'a map that cannot be trusted';
  return [
    warning,
    '',
    `  map read       ${heapSize(state.config)}${dump.blockBytes === undefined ? ' (block size assumed)' : ''}, ${plural(state.objectCount, 'object')} in it`,
    ...printed,
    `  not given      the heap's used and free bytes, free runs, largest run and fragmentation: they depend on ${missing} (--force gives them for the map as read)`,
  ];
}

/** Lines pasted into the middle of the map, which were skipped. */
function strayWarning(report: InspectReport): string[] {
  const { strayLines } = report.dump;
  if (strayLines.length === 0) return [];
  const are = strayLines.length === 1 ? 'is' : 'are';
  return [`  WARNING: ${lineRanges(strayLines)} ${are} inside the map but not part of it (pasted into the dump?): skipped, and the map may be damaged`];
}

/** One area: where it is, its free space and free-run histogram (when they are known), and its picture. */
function areaLines(report: InspectReport, a: AreaFragmentation): string[] {
  const bpb = report.state.config.blockBytes;
  const where = `area ${a.area} at ${hex(report.state.config.areas[a.area]!.poolStart)}`;
  const { doubt } = report;
  const known = report.forced || areaTrusted(doubt, a.area, report.fragmentation.areas.length);
  const cut = doubt?.kind === 'cut-off' ? `, up to the cut after line ${report.dump.lines.last}` : '';
  const lines = known
    ? [`${where}: ${a.blocks} blocks (${a.blocks * bpb} bytes), ${(a.blocks - a.freeBlocks) * bpb} bytes used`, ...freeLines(a, bpb)]
    : [`${where}: ${a.blocks} blocks (${a.blocks * bpb} bytes) read${cut}; its free space is not given, as for the whole heap`];
  const picture = areaPicture(report.dump.areas[a.area]!.map);
  lines.push(
    picture.blocksPerChar === 1
      ? '  map as printed (. free, = tail, a letter is an object head); lines start at the block shown:'
      : `  map, ${picture.blocksPerChar} blocks a character (${CELL_LEGEND}):`,
  );
  return [...lines, ...picture.lines.map((line) => `    ${line}`)];
}

/** An area's free space and its free runs by length. */
function freeLines(a: AreaFragmentation, bpb: number): string[] {
  if (a.freeBlocks === 0) return ['  nothing free'];
  return [
    `  free ${a.freeBlocks * bpb} bytes (${plural(a.freeBlocks, 'block')}) in ${plural(a.freeRuns, 'run')}; the largest ${plural(a.largestFreeRun, 'block')} (${a.largestFreeRun * bpb} bytes) at block ${a.largestFreeRunAt}`,
    `  fragmentation ${percent(a.fragmentation, 0)}; free runs by length (in blocks):`,
    ...histogramLines(a.histogram, a.freeBlocks),
  ];
}

/** Whether the printed `GC:` lines agree with the map; every disagreement, one a line. */
function printedCheck(report: InspectReport): string[] {
  const { dump, disagreements } = report;
  if (dump.gc === undefined) return [];
  const where = `lines ${dump.lines.gc}-${dump.lines.blocks}`;
  if (disagreements.length === 0) return [`  the printed GC: statistics (${where}) agree with the map`];
  const cause = report.doubt?.kind === 'cut-off' ? 'part of the map is missing: a cut-off paste?' : 'a corrupt or mixed-up paste?';
  const given = report.doubt === null || report.forced ? "every figure here is the map's" : 'the map as read gives';
  return [
    `  WARNING: the printed GC: statistics (${where}) disagree with the map (${cause});`,
    `  ${given}:`,
    ...disagreements.map((d) => `    line ${d.line}, ${d.field}: ${d.detail}`),
  ];
}

/** A table of the buckets: their lengths, the runs and free blocks in them, their share of the free blocks. */
function histogramLines(histogram: readonly FreeRunBucket[], freeBlocks: number): string[] {
  const rows = histogram.map((b) => {
    const lengths = b.max === null ? `${b.min}+` : b.max === b.min ? `${b.min}` : `${b.min}-${b.max}`;
    if (b.runs === 0) return `    ${lengths.padStart(7)}  ${'0'.padStart(6)}`;
    const share = b.blocks / freeBlocks;
    return `    ${lengths.padStart(7)}  ${String(b.runs).padStart(6)}  ${String(b.blocks).padStart(11)}  ${percent(share, 0).padStart(5)}  ${'#'.repeat(Math.round(share * 20))}`.trimEnd();
  });
  return [`    ${'length'.padStart(7)}  ${'runs'.padStart(6)}  ${'free blocks'.padStart(11)}  share`, ...rows];
}

/** The `--fits` answer, first saying when it was forced on a map that cannot be trusted. */
function fitsLines(fits: FitsProbe, maxNewSplit: number | undefined): string[] {
  const lines: string[] = [];
  if (fits.doubt !== null) lines.push(`--force: the answer below is on the map as read, which cannot be trusted: ${fits.doubt.reason}`);
  // A number of bytes is one allocation, told in one line; a Python object lists its allocations.
  lines.push(...(/^\d+$/.test(fits.request) ? bytesLines(fits) : objectLines(fits)));
  if (!fits.ok && maxNewSplit !== undefined && maxNewSplit > 0) {
    lines.push(`  this build can grow its heap (max new split: ${maxNewSplit} bytes): the device may add an area instead of failing`);
  }
  lines.push("  (gc.c's first fit on the heap as dumped, with no collection: every object in the dump counts as live)");
  return lines;
}

/** `--fits BYTES`: where the allocation goes, or why it fails. */
function bytesLines(fits: FitsProbe): string[] {
  const request = `--fits ${fits.bytes}: an allocation of ${plural(fits.bytes, 'byte')} (${plural(fits.blocks, 'block')})`;
  if (fits.ok) return [`${request} would go to area ${fits.area} block ${fits.block} (address ${hex(fits.address!)})`];
  if (fits.largestFreeRunArea === null) return [`${request} would fail: nothing is free`];
  return [
    `${request} would fail: largest free run is ${plural(fits.largestFreeRun, 'block')} in area ${fits.largestFreeRunArea} (needs ${fits.blocks})`,
    `  ${fits.freeBytes} bytes are free in all, but not ${fits.blocks} blocks in a row`,
  ];
}

/** `--fits OBJECT`: its allocations in order, each where it goes, or the one that fails. */
function objectLines(fits: FitsProbe): string[] {
  const head = `--fits ${fits.request}`;
  const { allocations } = fits;
  if (allocations.length === 0) return [`${head}: makes no heap allocation`];
  const lines: string[] = [];
  if (fits.ok) lines.push(`${head}: ${plural(allocations.length, 'allocation')}, ${fits.bytes} bytes (${plural(fits.blocks, 'block')}) in all, would go to:`);
  else {
    const failed = allocations[fits.failed!]!;
    const why =
      fits.largestFreeRunArea === null
        ? 'nothing is free by then'
        : `largest free run is ${plural(fits.largestFreeRun, 'block')} in area ${fits.largestFreeRunArea} (needs ${failed.blocks})`;
    lines.push(
      `${head}: would fail at allocation ${fits.failed! + 1} of ${allocations.length}, the ${failed.what} of ${plural(failed.bytes, 'byte')} (${plural(failed.blocks, 'block')}): ${why}`,
    );
  }
  const whatWidth = Math.max(...allocations.map((a) => a.what.length));
  const bytesWidth = Math.max(...allocations.map((a) => String(a.bytes).length));
  const blocksWidth = Math.max(...allocations.map((a) => plural(a.blocks, 'block').length)) + 2;
  allocations.forEach((a, i) => {
    const where = a.outcome === 'placed' ? `area ${a.area} block ${a.block} (address ${hex(a.address)})` : a.outcome === 'failed' ? 'fails' : 'not tried';
    lines.push(
      `  ${i + 1}. ${a.what.padEnd(whatWidth)}  ${String(a.bytes).padStart(bytesWidth)} bytes ${`(${plural(a.blocks, 'block')})`.padEnd(blocksWidth)}  ${where}`,
    );
  });
  if (!fits.ok && fits.largestFreeRunArea !== null) {
    const needs = allocations[fits.failed!]!.blocks;
    lines.push(`  ${fits.freeBytes} bytes are free in all by then, but not ${needs} blocks in a row`);
  }
  lines.push("  (MicroPython's allocations for this object, in order: docs/python-objects.md)");
  return lines;
}
