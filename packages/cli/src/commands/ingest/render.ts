/**
 * The ingest report as text for people: the series as a table (with a sparkline of free space),
 * what changed between snapshots, and each MemoryError with its verdict and what stood in the way.
 * `--json` prints the report itself.
 */
import {
  memoryErrorCount,
  renderSnapshotFailure,
  visibleText,
  type IngestCut,
  type IngestDamage,
  type IngestReport,
  type IngestSnapshot,
  type SeriesMark,
  type SnapshotChange,
} from '@heaplab/analysis';
import { percent, plural } from '@heaplab/core';
import { sparkline } from '../../render/sparkline.js';
import { renderWhy } from './render-why.js';

const signed = (n: number): string => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0');
/** A label as shown: as it is, its control characters made visible. */
const shown = (label: string | null): string => (label === null ? '' : visibleText(label));

/** The whole report (`explain`: the explain command as it can be typed here). */
export function renderIngest(report: IngestReport, explain = 'heaplab explain'): string {
  const lines = [...overview(report), '', ...table(report.snapshots, report.marks)];
  const changed = report.changes.filter((c) => c.runs.length > 0 || c.freeBytes !== 0);
  if (changed.length > 0)
    lines.push('', 'Changes between snapshots (free runs: appeared, vanished, grew, shrank, moved):', ...changed.map((c) => changeLine(report.snapshots, c)));
  // The MemoryErrors in capture order: of snapshots read and of damaged ones; the cut-off one (damaged too, at its start marker's line) last, as cutFailure tells it.
  const failures: { readonly line: number; readonly text: readonly string[] }[] = [];
  for (const snapshot of report.snapshots)
    if (snapshot.failure !== null)
      failures.push({ line: snapshot.line, text: [...renderSnapshotFailure(snapshot, snapshot.failure), ...renderWhy(snapshot.failure, explain)] });
  for (const damage of report.damaged)
    if (damage.error !== null && damage.line !== report.cutOff?.snapshotLine) failures.push({ line: damage.line, text: damagedFailure(damage, damage.error) });
  for (const { text } of failures.sort((a, b) => a.line - b.line)) lines.push('', ...text);
  if (report.cutOff !== null && report.cutOff.error !== null) lines.push('', ...cutFailure(report.cutOff, report.cutOff.error));
  return `${lines.join('\n')}\n`;
}

function overview(report: IngestReport): string[] {
  const { snapshots, damaged } = report;
  const last = snapshots.at(-1)!;
  const what = report.capture === 'probe' ? "the heaplab probe's snapshots" : 'mem_info() output (no probe markers)';
  const skipped = damaged.length === 0 ? '' : `, ${damaged.length} damaged (skipped)`;
  const areas = last.areas.length === 0 ? 'no map' : plural(last.areas.length, 'area');
  const grows = last.maxNewSplit !== null && last.maxNewSplit > 0 ? `; the build can add areas (max new split ${last.maxNewSplit} bytes)` : '';
  const cut = report.cutOff;
  const failures = memoryErrorCount(report);
  return [
    `heaplab ingest ${report.file ?? ''}`,
    `  ${what}: ${plural(snapshots.length, 'snapshot')}${report.marks.length === 0 ? '' : ` and ${plural(report.marks.length, 'mark')}`} read${skipped}, in ${plural(report.lines, 'line')}`,
    `  heap at the last snapshot: ${areas}, ${last.totalBytes} bytes of ${last.blockBytes}-byte blocks${grows}`,
    `  ${failures === 0 ? `no MemoryError${cut === null ? '' : ' in the part read'}` : `${plural(failures, 'snapshot')} taken at a MemoryError (explained below)`}`,
    ...(cut === null
      ? []
      : [
          `  CUT SHORT after line ${cut.afterLine}: the capture ends inside snapshot ${cut.seq ?? '(its marker unreadable)'} (line ${cut.snapshotLine}); nothing after it is known`,
        ]),
  ];
}

/** The MemoryError the cut-off snapshot's start marker states: its message and request; the heap at it is not known. */
function cutFailure(cut: IngestCut, error: string): string[] {
  return [
    `MemoryError at ${cut.seq === null ? 'the snapshot' : `seq ${cut.seq}`}${cut.label === null ? '' : ` "${shown(cut.label)}"`} (line ${cut.snapshotLine}), cut short: ${error === '' ? '(no message)' : visibleText(error)}`,
    ...(cut.bytes === null ? [] : [`  request       ${plural(cut.bytes, 'byte')}`]),
    `  verdict       not known: the capture ends inside this snapshot's dump (after line ${cut.afterLine}), so the heap at the MemoryError is not known`,
  ];
}

/** The MemoryError a damaged snapshot's start marker states: its message and request; the heap at it is not known. */
function damagedFailure(damage: IngestDamage, error: string): string[] {
  return [
    `MemoryError at ${damage.seq === null ? 'a snapshot' : `seq ${damage.seq}`}${damage.label === null ? '' : ` "${shown(damage.label)}"`}, damaged at line ${damage.line}: ${error === '' ? '(no message)' : visibleText(error)}`,
    ...(damage.bytes === null ? [] : [`  request       ${plural(damage.bytes, 'byte')}`]),
    '  verdict       not known: this snapshot is damaged (skipped), so the heap at the MemoryError is not known',
  ];
}

/** One row a snapshot, and one a mark where it came; a rule where the device restarted; sparklines under it. */
function table(snapshots: readonly IngestSnapshot[], marks: readonly SeriesMark[]): string[] {
  const rows = [
    `  ${'seq'.padStart(5)}  ${'ms'.padStart(8)}  ${'free B'.padStart(8)}  ${'longest run (blocks)'.padEnd(22)}  ${'frag'.padStart(6)}  ${'objects'.padStart(7)}  label`,
  ];
  let session = 0;
  let next = 0;
  /** The rows of the marks that come before snapshot `index` (all that are left, for the length of the series). */
  const marksBefore = (index: number): void => {
    for (; next < marks.length && (marks[next]!.after ?? -1) < index; next++) {
      const m = marks[next]!;
      if (m.session !== session) rows.push('  ── the device restarted (seq started again) ──');
      session = m.session;
      rows.push(`  ${String(m.seq).padStart(5)}  ${String(m.elapsedMs).padStart(8)}  ${' '.repeat(8 + 2 + 22 + 2 + 6 + 2 + 7)}  mark: ${shown(m.label)}`);
    }
  };
  for (const s of snapshots) {
    marksBefore(s.index);
    if (s.session !== session) rows.push('  ── the device restarted (seq started again) ──');
    session = s.session;
    const perArea = s.areas.length > 1 ? ` (${s.areas.map((a) => a.largestFreeRun).join(' | ')})` : '';
    const mark = s.failure === null ? '' : '  ← MemoryError';
    rows.push(
      `  ${String(s.seq ?? s.index + 1).padStart(5)}  ${(s.elapsedMs === null ? '-' : String(s.elapsedMs)).padStart(8)}  ${String(s.freeBytes).padStart(8)}  ${`${s.largestFreeRun}${perArea}`.padEnd(22)}  ${percent(s.fragmentation).padStart(6)}  ${(s.objects === null ? '-' : String(s.objects)).padStart(7)}  ${shown(s.label)}${mark}`,
    );
  }
  marksBefore(snapshots.length);
  if (snapshots.length < 2) return rows;
  const total = Math.max(...snapshots.map((s) => s.totalBytes));
  return [
    ...rows,
    '',
    `  free         ${sparkline(
      snapshots.map((s) => s.freeBytes),
      total,
    )}  (of ${total} bytes)`,
    `  longest run  ${sparkline(
      snapshots.map((s) => s.largestFreeRunBytes),
      total,
    )}`,
  ];
}

function changeLine(snapshots: readonly IngestSnapshot[], change: SnapshotChange): string {
  const name = (index: number): string => {
    const s = snapshots[index]!;
    return s.seq === null ? `#${index + 1}` : `seq ${s.seq}`;
  };
  const time = change.elapsedMs === null ? '' : ` (+${change.elapsedMs} ms)`;
  const counts = Object.entries(change.counts)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind}`);
  const runs = counts.length === 0 ? 'no free run changed' : counts.join(', ');
  const layout = change.layoutChanged ? '; the areas changed' : '';
  return `  ${name(change.from)} → ${name(change.to)}${time}: free ${signed(change.freeBytes)} B, longest run ${signed(change.largestFreeRun)} blocks, objects ${signed(change.objects)}; ${runs}${layout}`;
}
