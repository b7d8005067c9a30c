/**
 * Ingesting a capture of the MicroPython probe (or plain `mem_info()` output): the snapshots as
 * a series over time with the script's marks among them, what changed between consecutive ones,
 * and at each MemoryError whether the request could fit, what stood in the way and the causes
 * the snapshots can show. The report is plain data, ready for JSON.
 */
import { HeapInputError } from '@heaplab/core';
import { diagnoseSnapshotFailure } from './causes/diagnose-snapshot-failure.js';
import type { SnapshotDiagnosis } from './causes/snapshot-causes.js';
import { extractSnapshots, type CaptureCut, type DamagedMark, type DamagedSnapshot } from './extract-snapshots.js';
import { freeRunChanges, type FreeRunChange } from './free-run-changes.js';
import { analyseFailure, requestBytes, type SnapshotFailure } from './memory-error-analysis.js';
import { readSeries, type SeriesMark, type SeriesPoint } from './snapshot-series.js';

/** A MemoryError a snapshot was taken at: what the snapshot shows of it, and its causes as far as the snapshots show them. */
export type IngestFailure = SnapshotFailure & SnapshotDiagnosis;

/** A snapshot of the series, with its MemoryError analysed when it was taken at one. */
export interface IngestSnapshot extends SeriesPoint {
  readonly failure: IngestFailure | null;
}

/** From one snapshot to the next (same session, both with a map). */
export interface SnapshotChange {
  /** The two snapshots' indices in the series. */
  readonly from: number;
  readonly to: number;
  /** Milliseconds between them; null without ticks. */
  readonly elapsedMs: number | null;
  /** Differences, later minus earlier: free bytes, longest free run (blocks), live objects. */
  readonly freeBytes: number;
  readonly largestFreeRun: number;
  readonly objects: number;
  /** An area was added or went (a heap that grows by areas). */
  readonly layoutChanged: boolean;
  /** How many runs of each kind changed. */
  readonly counts: Readonly<Record<FreeRunChange['kind'], number>>;
  readonly runs: readonly FreeRunChange[];
}

/**
 * Where a capture was cut short, and the MemoryError its cut-off snapshot was taken at (its start
 * marker's `error`): only the message and the request's size are known, not the heap at it.
 */
export interface IngestCut extends CaptureCut {
  /** The request's size, from "allocating N bytes" in `error`; null without an error or a size in it. */
  readonly bytes: number | null;
}

/**
 * A snapshot that could not be read. Taken at a MemoryError (its start marker's `error`), it is one
 * all the same: only the message and the request's size are known, not the heap at it.
 */
export interface IngestDamage extends DamagedSnapshot {
  /** The request's size, from "allocating N bytes" in `error`; null without an error or a size in it. */
  readonly bytes: number | null;
}

/** Everything a capture says. */
export interface IngestReport {
  readonly file: string | null;
  /** `probe`: framed by the probe's markers; `bare`: plain mem_info() output. */
  readonly capture: 'probe' | 'bare';
  readonly lines: number;
  readonly snapshots: readonly IngestSnapshot[];
  /** The probe's marks (`probe.mark(label)`), in order, each placed after a snapshot of the series. */
  readonly marks: readonly SeriesMark[];
  readonly changes: readonly SnapshotChange[];
  /** Snapshots that could not be read, and why; the others are in the series. The cut-off one is among them. */
  readonly damaged: readonly IngestDamage[];
  /** Mark lines that could not be read, and why. */
  readonly damagedMarks: readonly DamagedMark[];
  /**
   * Where the capture was cut short (it ends inside a snapshot), or null: the report covers the
   * lines up to `afterLine`, and nothing after them is known (a MemoryError may have come later).
   */
  readonly cutOff: IngestCut | null;
}

/**
 * Reads `text` (a serial capture or probe file; `file` names it in messages). Throws
 * `HeapInputError` when it holds no snapshot that can be read.
 */
export function ingestCapture(text: string, file?: string): IngestReport {
  const extracted = extractSnapshots(text, file);
  const { read, damaged, marks } = readSeries(extracted.snapshots, file, extracted.marks);
  const allDamaged = [...extracted.damaged, ...damaged].sort((a, b) => a.line - b.line);
  if (read.length === 0) {
    const [first] = allDamaged;
    if (first !== undefined) {
      const count = allDamaged.length;
      throw new HeapInputError(`none of the ${count} snapshot${count === 1 ? '' : 's'} can be read; the first: ${first.message}`, {
        file,
        line: first.line,
        ...(first.field === null ? {} : { field: first.field }),
      });
    }
    throw new HeapInputError('no snapshots: expected the heaplab probe\'s "#heaplab-snapshot" markers, or micropython.mem_info() output', { file, line: 1 });
  }
  const failures = read.map(({ point, state }) => (point.error === null ? null : analyseFailure(point.error, state, point.maxNewSplit)));
  const snapshots = read.map(({ point }, i): IngestSnapshot => {
    const failure = failures[i]!;
    return { ...point, failure: failure === null ? null : { ...failure, ...diagnoseSnapshotFailure(read, failures, marks, i) } };
  });
  const changes: SnapshotChange[] = [];
  for (let i = 1; i < read.length; i++) {
    const before = read[i - 1]!;
    const after = read[i]!;
    if (before.state === null || after.state === null || before.point.session !== after.point.session) continue;
    const runs = freeRunChanges(before.state, after.state);
    const counts = { appeared: 0, vanished: 0, grew: 0, shrank: 0, moved: 0 };
    for (const run of runs) counts[run.kind]++;
    const { point: a } = before;
    const { point: b } = after;
    changes.push({
      from: a.index,
      to: b.index,
      elapsedMs: a.elapsedMs === null || b.elapsedMs === null ? null : b.elapsedMs - a.elapsedMs,
      freeBytes: b.freeBytes - a.freeBytes,
      largestFreeRun: b.largestFreeRun - a.largestFreeRun,
      objects: b.objects! - a.objects!,
      layoutChanged: a.areas.length !== b.areas.length || a.areas.some((area, k) => area.address !== b.areas[k]?.address || area.blocks !== b.areas[k]?.blocks),
      counts,
      runs,
    });
  }
  return {
    file: file ?? null,
    capture: extracted.format,
    lines: extracted.lines,
    snapshots,
    marks,
    changes,
    // One order of fields for every kind of damage (their sources build them in several).
    damaged: allDamaged.map(({ seq, line, field, message, label, error }) => ({
      seq,
      line,
      field,
      message,
      label,
      error,
      bytes: error === null ? null : requestBytes(error),
    })),
    damagedMarks: extracted.damagedMarks,
    cutOff: extracted.cutOff === null ? null : { ...extracted.cutOff, bytes: extracted.cutOff.error === null ? null : requestBytes(extracted.cutOff.error) },
  };
}

/**
 * How many MemoryErrors the capture shows: the snapshots taken at one, read or damaged (the
 * cut-off one too). A damaged one is known by its start marker alone.
 */
export function memoryErrorCount(report: IngestReport): number {
  return report.snapshots.filter((s) => s.failure !== null).length + report.damaged.filter((d) => d.error !== null).length;
}
