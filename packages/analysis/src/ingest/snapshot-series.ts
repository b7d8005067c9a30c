/**
 * A capture's snapshots as a series over time: for each snapshot the heap's free bytes, its
 * longest free run and how the free space is cut up, overall and per area. Every figure comes
 * from the snapshot's map (the printed `GC:` statistics are checked against it); a snapshot of
 * plain `mem_info()` without the map has only the printed totals.
 */
import { externalFragmentation, gcInfo, heapFragmentation, heapFromMemInfo, HeapInputError, type HeapState } from '@heaplab/core';
import type { CapturedMark, CapturedSnapshot, DamagedSnapshot } from './extract-snapshots.js';

/** One area at one snapshot. Blocks unless named bytes. */
export interface SeriesArea {
  readonly area: number;
  /** Pool start, as printed. */
  readonly address: number;
  readonly blocks: number;
  readonly freeBytes: number;
  readonly freeBlocks: number;
  readonly largestFreeRun: number;
  /** First block of the longest free run; null when nothing is free. */
  readonly largestFreeRunAt: number | null;
  readonly freeRuns: number;
  /** 1 − largest free run / free blocks (0 when nothing is free). */
  readonly fragmentation: number;
}

/** One snapshot in the series. */
export interface SeriesPoint {
  /** Its place in the series (0-based). */
  readonly index: number;
  readonly seq: number | null;
  readonly label: string | null;
  readonly ticksMs: number | null;
  /** Milliseconds since the first snapshot or mark of its session (ticks_ms wrap-around undone); null without ticks. */
  readonly elapsedMs: number | null;
  /** Sessions start where `seq` stops rising: the device restarted (or the probe was reloaded). */
  readonly session: number;
  /** Capture line of the snapshot (its start marker, or its dump's first line). */
  readonly line: number;
  readonly blockBytes: number;
  readonly totalBytes: number;
  readonly usedBytes: number;
  readonly freeBytes: number;
  /** Longest free run in any area, in blocks: the largest request that fits. */
  readonly largestFreeRun: number;
  readonly largestFreeRunBytes: number;
  /** Over the whole heap: 1 − largest free run / free blocks. */
  readonly fragmentation: number;
  /** Free runs and live objects in the map; null without a map. */
  readonly freeRuns: number | null;
  readonly objects: number | null;
  /** `max new split` (a build that can grow its heap); null when not printed. */
  readonly maxNewSplit: number | null;
  /** Per area; empty without a map. */
  readonly areas: readonly SeriesArea[];
  /** The MemoryError message the snapshot was taken at; null otherwise. */
  readonly error: string | null;
}

/** A mark in the series: a point of the script's run it named, placed among the snapshots. */
export interface SeriesMark {
  readonly seq: number;
  readonly label: string;
  readonly ticksMs: number;
  /** Milliseconds since the first snapshot or mark of its session (ticks_ms wrap-around undone). */
  readonly elapsedMs: number;
  /** Its session, counted as the snapshots' are. */
  readonly session: number;
  /** Its capture line. */
  readonly line: number;
  /** The index of the last snapshot before it in the series; null when none came before. */
  readonly after: number | null;
}

/** A snapshot read: its point, and the heap its map shows (null without a map). */
export interface ReadSnapshot {
  readonly point: SeriesPoint;
  readonly state: HeapState | null;
}

/** `time.ticks_ms()` wraps at 2^30 on 32-bit ports (MicroPython's small-int range). */
const TICKS_PERIOD = 2 ** 30;

/**
 * Reads each snapshot into a point; a snapshot whose printed statistics disagree with its map
 * goes to `damaged` instead. `file` names the capture in messages. The marks, in capture order
 * among the snapshots, share their clock: `seq` and ticks of both tell sessions and time.
 */
export function readSeries(
  snapshots: readonly CapturedSnapshot[],
  file: string | undefined,
  marks: readonly CapturedMark[] = [],
): { readonly read: ReadSnapshot[]; readonly damaged: DamagedSnapshot[]; readonly marks: SeriesMark[] } {
  const read: ReadSnapshot[] = [];
  const damaged: DamagedSnapshot[] = [];
  const placed: SeriesMark[] = [];
  const clock: Clock = { session: 0, seq: -1, ticks: 0, elapsed: 0 };
  let next = 0;
  /** The marks before capture line `line`, each after the snapshots read so far. */
  const marksBefore = (line: number): void => {
    for (; next < marks.length && marks[next]!.line < line; next++) {
      const mark = marks[next]!;
      const elapsedMs = tick(clock, mark.seq, mark.ticksMs);
      placed.push({ ...mark, elapsedMs, session: clock.session, after: read.length === 0 ? null : read.length - 1 });
    }
  };
  for (const snapshot of snapshots) {
    marksBefore(snapshot.line);
    let state: HeapState | null;
    try {
      state = snapshot.dump.areas.length === 0 ? null : heapFromMemInfo(snapshot.dump, { file });
    } catch (error) {
      if (!(error instanceof HeapInputError)) throw error;
      const { seq, label, error: memoryError } = snapshot;
      damaged.push({ seq, label, error: memoryError, line: error.location.line ?? snapshot.line, field: error.location.field ?? null, message: error.detail });
      continue;
    }
    if (state === null && snapshot.dump.gc === undefined) continue;
    read.push({ point: point(snapshot, state, read.length, clock), state });
  }
  marksBefore(Number.POSITIVE_INFINITY);
  return { read, damaged, marks: placed };
}

/** The series' clock: the session, the last `seq` and ticks seen, and the time since the session began. */
interface Clock {
  session: number;
  seq: number;
  ticks: number;
  elapsed: number;
}

/** Moves the clock to a snapshot or mark with this `seq` and ticks; returns its time in its session. */
function tick(clock: Clock, seq: number, ticksMs: number): number {
  if (clock.seq >= 0 && seq <= clock.seq) clock.session++;
  if (clock.seq < 0 || seq <= clock.seq) clock.elapsed = 0;
  else {
    // Ticks that went down wrapped around (less than 2^30 ms, 12 days, apart).
    const delta = ticksMs - clock.ticks;
    clock.elapsed += delta < 0 ? delta + TICKS_PERIOD : delta;
  }
  clock.ticks = ticksMs;
  clock.seq = seq;
  return clock.elapsed;
}

function point(snapshot: CapturedSnapshot, state: HeapState | null, index: number, clock: Clock): SeriesPoint {
  const elapsedMs = snapshot.seq !== null && snapshot.ticksMs !== null ? tick(clock, snapshot.seq, snapshot.ticksMs) : null;
  const common = {
    index,
    seq: snapshot.seq,
    label: snapshot.label,
    ticksMs: snapshot.ticksMs,
    elapsedMs,
    session: clock.session,
    line: snapshot.line,
    maxNewSplit: snapshot.dump.maxNewSplit ?? null,
    error: snapshot.error,
  };
  if (state === null) {
    // Plain mem_info(): the printed totals are all there is; 16-byte blocks unless it says otherwise.
    const gc = snapshot.dump.gc!;
    const blockBytes = snapshot.dump.blockBytes ?? 16;
    return {
      ...common,
      blockBytes,
      totalBytes: gc.total,
      usedBytes: gc.used,
      freeBytes: gc.free,
      largestFreeRun: gc.maxFree,
      largestFreeRunBytes: gc.maxFree * blockBytes,
      fragmentation: externalFragmentation(gc.maxFree, gc.free / blockBytes),
      freeRuns: null,
      objects: null,
      areas: [],
    };
  }
  const blockBytes = state.config.blockBytes;
  const info = gcInfo(state);
  const fragmentation = heapFragmentation(state);
  return {
    ...common,
    blockBytes,
    totalBytes: info.total,
    usedBytes: info.used,
    freeBytes: info.free,
    largestFreeRun: fragmentation.largestFreeRun,
    largestFreeRunBytes: fragmentation.largestFreeRun * blockBytes,
    fragmentation: fragmentation.fragmentation,
    freeRuns: fragmentation.freeRuns,
    objects: state.objectCount,
    areas: fragmentation.areas.map((a) => ({
      area: a.area,
      address: state.config.areas[a.area]!.poolStart,
      blocks: a.blocks,
      freeBytes: a.freeBlocks * blockBytes,
      freeBlocks: a.freeBlocks,
      largestFreeRun: a.largestFreeRun,
      largestFreeRunAt: a.largestFreeRunAt,
      freeRuns: a.freeRuns,
      fragmentation: a.fragmentation,
    })),
  };
}
