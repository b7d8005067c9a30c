/**
 * The replay report as text for people (its JSON is @heaplab/replay's `replayJson`).
 */
import { dumpAllocTable, gcDumpInfo } from '@heaplab/core';
import { memoryErrorLines, type MinimumHeap, type ReplayReport, type StateView } from '@heaplab/replay';
import { heapSize, renderFailure, visibleText } from '@heaplab/analysis';
import { renderCauses } from '../../render/render-causes.js';
import { versionText } from '../../render/version-text.js';
import type { Diagnosis } from '@heaplab/analysis';
import { plural } from '@heaplab/core';

/** Where the recorder lost events, and where the replay picked up again. */
function gapLines(report: ReplayReport): string[] {
  const { gaps } = report;
  if (gaps.length === 0) return [];
  const lost = gaps.reduce((sum, gap) => sum + gap.lost, 0);
  const lines = [
    `  LOST EVENTS: ${lost} in ${gaps.length} gap${gaps.length === 1 ? '' : 's'} (the recorder's buffer overflowed); figures cover the replayed stretches only`,
  ];
  for (const gap of gaps) {
    const resumed =
      gap.resyncLine === null
        ? 'no sync came after it: the rest of the trace is not replayed'
        : `resynchronised from the sync ending at line ${gap.resyncLine}`;
    lines.push(`    line ${gap.line}: ${gap.lost} event${gap.lost === 1 ? '' : 's'} lost; ${resumed}`);
    for (const error of gap.memoryErrors)
      lines.push(`      MemoryError at line ${error.line} (${plural(error.bytes, 'byte')}) while resynchronising: seen, not replayed`);
  }
  return lines;
}

/** How the `gc_info` checkpoints went, counting those after a gap that could not be checked. */
function checkpointLine(matched: number, checked: number, unchecked: number): string {
  const notChecked = `came after a gap, before the replay could resynchronise, and could not be checked`;
  if (unchecked === 0)
    return checked === 0 ? '  checkpoints (gc_info): none in the trace' : `  checkpoints (gc_info): ${matched} of ${checked} match the device`;
  if (checked === 0) return `  checkpoints (gc_info): ${unchecked} in the trace; ${unchecked === 1 ? 'it' : 'all'} ${notChecked}`;
  return `  checkpoints (gc_info): ${matched} of ${checked} checked match the device; ${unchecked} more ${notChecked}`;
}

/** The trace's marks, if it has any: how many, the first and the last. */
function markLines(report: ReplayReport): string[] {
  const { marks } = report;
  const named = (mark: (typeof marks)[number]): string => `"${visibleText(mark.label)}" (line ${mark.line})`;
  if (marks.length === 0) return [];
  if (marks.length === 1) return [`  marks: ${named(marks[0]!)}`];
  return [`  marks: ${marks.length}, from ${named(marks[0]!)} to ${named(marks.at(-1)!)}`];
}

/** Where the file was cut short, if it was. */
function cutLines(report: ReplayReport): string[] {
  const cut = report.truncated;
  if (cut === null) return [];
  return [`  CUT SHORT after line ${cut.afterLine} (${cut.reason}): figures cover the lines before the cut; the rest was not read`];
}

/** The human-readable report. */
export function renderReplay(
  report: ReplayReport,
  heap?: MinimumHeap | null,
  view?: StateView,
  map = false,
  why: { readonly diagnosis: Diagnosis | null; readonly explain: string; readonly skippedLine?: number } = { diagnosis: null, explain: '' },
): string {
  const { config } = report;
  const bpb = config.blockBytes;
  const lines: string[] = [];
  lines.push(`heaplab replay ${report.file ?? ''}`);
  lines.push(`  MicroPython ${versionText(config.profile)}, ${config.wordBytes * 8}-bit, heap ${heapSize(config)}`);
  lines.push(
    `  ${plural(report.lines, 'line')}, ${plural(report.events, 'engine event')} (${plural(report.allocs, 'allocation request')})${report.skipped > 0 ? `, ${plural(report.skipped, 'step')} not modelled` : ''}`,
  );
  const { matched, total: checkpoints } = report.checkpoints;
  lines.push(...markLines(report));
  lines.push(checkpointLine(matched, checkpoints, report.uncheckedCheckpoints));
  if (report.firstCheckpointMismatch !== null) {
    const { line, expected, actual } = report.firstCheckpointMismatch;
    lines.push(`    first mismatch at line ${line}: device ${JSON.stringify(expected)}, engine ${JSON.stringify(actual)}`);
  }
  if (report.maps.total > 0) {
    lines.push(`  full-map checkpoints (sync): ${report.maps.matched} of ${report.maps.total} match the device`);
    if (report.firstMapMismatch !== null) lines.push(`    first mismatch at line ${report.firstMapMismatch.line}: ${report.firstMapMismatch.detail}`);
  }
  lines.push(...gapLines(report));
  lines.push(...cutLines(report));
  if (report.checkedEvents === 0) lines.push('  placements: none recorded to check against (an engine trace is replayed, not verified)');
  else if (report.firstDivergence === null) lines.push('  placements: every one as the device recorded');
  else {
    const d = report.firstDivergence;
    lines.push(`  placements: ${plural(report.divergences, 'divergence')}; the first at line ${d.line} (event ${d.event}):`);
    lines.push(`    device: ${d.expected}`);
    lines.push(`    engine: ${d.actual}`);
  }
  const error = report.memoryError;
  if (error === null) lines.push('  no MemoryError');
  else {
    const { header, verdict } = memoryErrorLines(error, report.gaps);
    lines.push('');
    lines.push(`  ${header}`);
    lines.push(`    ${verdict}`);
    if (error.divergedLine !== null && why.skippedLine !== undefined)
      lines.push(`    (line ${why.skippedLine} was skipped as bad: fix it, or replay without --skip-bad-lines to stop there)`);
    lines.push(...renderFailure(error.facts, error.explanation, bpb));
    if (heap === null) lines.push('  No heap up to 64 times this one replays without a failed request.');
    else if (heap !== undefined) {
      lines.push(
        `  A heap of ${plural(heap.bytes, 'byte')} (${(heap.bytes / heap.deviceBytes).toFixed(3)} × the device's ${heap.deviceBytes} bytes) replays with no failed request;`,
      );
      lines.push(`  a slightly smaller one still fails (found by bisection over ${plural(heap.replays, 'replay')}).`);
      const unbounded = why.diagnosis?.causes.some((c) => c.kind === 'growing-request' && !c.evidence.bounded) === true;
      if (unbounded) lines.push('  That heap holds this recording only: the failing request grows without levelling off, so no heap size is safe.');
    }
    lines.push(...renderCauses(why.diagnosis, why.explain));
  }
  if (view !== undefined) {
    lines.push('');
    lines.push(`The heap after event ${view.event}${view.line > 0 ? ` (trace line ${view.line})` : ''}:`);
    const text = gcDumpInfo(view.state) + (map ? dumpAllocTable(view.state) : '');
    return `${lines.join('\n')}\n${text}`;
  }
  return `${lines.join('\n')}\n`;
}
