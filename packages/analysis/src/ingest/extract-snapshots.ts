/**
 * Finding the snapshots in a capture: a serial log or probe file in which the probe's framed
 * `mem_info(1)` blocks and its mark lines (see `snapshot-marker.ts`) are mixed with the script's
 * own output, line noise, CRLF line ends and a partial first line. A text without any probe marker is read as a
 * plain series: every `mem_info()` output in it (or bare table dump) is an unlabelled snapshot.
 *
 * Inside a snapshot, lines that cannot be part of `mem_info` output (a log line another task
 * printed in the middle of the dump) are left out; the printed statistics, checked against the
 * map, catch any dump line lost to noise. What counts as a `mem_info` line, mangled or not, is
 * core's `memInfoLineKind`, the grammar `parseMemInfo` reads by. A snapshot that cannot be read (cut off, a marker
 * mangled by noise, a dump whose statistics disagree with its map) is set aside as damaged,
 * with its line and the reason; the others are still read.
 */
import { HeapInputError, memInfoLineKind, parseMemInfo, type MemInfoDump, type MemInfoLineKind } from '@heaplab/core';
import { MARK_START, readEndMarker, readMarkMarker, readStartMarker, SNAPSHOT_END, SNAPSHOT_START, type SnapshotMarker } from './snapshot-marker.js';

/** One snapshot of a capture, its dump read. Line numbers are the capture's (1-based). */
export interface CapturedSnapshot {
  /** The probe's sequence number; null for a snapshot without markers. */
  readonly seq: number | null;
  readonly ticksMs: number | null;
  readonly label: string | null;
  /** The MemoryError message it was taken at; null when it was not taken at one. */
  readonly error: string | null;
  /** The start marker's line, or the dump's first line without markers. */
  readonly line: number;
  readonly dump: MemInfoDump;
}

/** A snapshot that could not be read. */
export interface DamagedSnapshot {
  /** Its sequence number, when its start marker (or, after a damaged start, its end marker) could be read. */
  readonly seq: number | null;
  readonly line: number;
  readonly field: string | null;
  readonly message: string;
  /** Its start marker's label; null without one, or when the marker could not be read. */
  readonly label: string | null;
  /**
   * The MemoryError message its start marker states (it was taken at one, whatever became of its
   * dump); null when it states none, or the marker could not be read.
   */
  readonly error: string | null;
}

/** A mark of the probe (`probe.mark(label)`): a point of the script's run it named. */
export interface CapturedMark {
  readonly seq: number;
  readonly ticksMs: number;
  readonly label: string;
  /** Its capture line. */
  readonly line: number;
}

/** A mark line that could not be read. */
export interface DamagedMark {
  readonly line: number;
  readonly message: string;
}

/** Every snapshot and mark of a capture, in order. */
export interface ExtractedCapture {
  /** `probe`: framed by the probe's markers; `bare`: plain mem_info() output without markers. */
  readonly format: 'probe' | 'bare';
  /** Lines in the capture. */
  readonly lines: number;
  readonly snapshots: readonly CapturedSnapshot[];
  readonly damaged: readonly DamagedSnapshot[];
  readonly marks: readonly CapturedMark[];
  readonly damagedMarks: readonly DamagedMark[];
  /** The capture ends inside a snapshot (its start marker read, its end marker never came): nothing after it is known. */
  readonly cutOff: CaptureCut | null;
}

/** Where a capture was cut short: inside the snapshot that starts at `snapshotLine`, after its last line. */
export interface CaptureCut {
  /** The cut-off snapshot's sequence number; null when its start marker could not be read. */
  readonly seq: number | null;
  /** Its start marker's line. */
  readonly snapshotLine: number;
  /** The capture's last line, the last one read. */
  readonly afterLine: number;
  /** Its start marker's label; null when the marker could not be read. */
  readonly label: string | null;
  /** The MemoryError message its start marker states (it was taken at one); null when it states none or could not be read. */
  readonly error: string | null;
}

/** Reads every snapshot and mark in `text` (`file` names it in messages). Never throws for bad input. */
export function extractSnapshots(text: string, file?: string): ExtractedCapture {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // A final line end ends the last line; it does not start another.
  const lines = (body.endsWith('\n') ? body.slice(0, -1) : body).split('\n').map((l) => l.replace(/\r+$/, ''));
  const framed = lines.some((l) => l.includes(SNAPSHOT_START));
  return { ...(framed ? framedSnapshots(lines, file) : bareSnapshots(lines, file)), ...marksOf(lines) };
}

/** The mark lines, wherever they are (a mark may follow other text on its line, like a start marker). */
function marksOf(lines: readonly string[]): Pick<ExtractedCapture, 'marks' | 'damagedMarks'> {
  const marks: CapturedMark[] = [];
  const damagedMarks: DamagedMark[] = [];
  lines.forEach((text, index) => {
    const at = text.indexOf(MARK_START);
    if (at < 0) return;
    const marker = readMarkMarker(text.slice(at));
    if ('problem' in marker) damagedMarks.push({ line: index + 1, message: marker.problem });
    else marks.push({ ...marker, line: index + 1 });
  });
  return { marks, damagedMarks };
}

/** A start marker whose end has not come yet, and its mem_info lines so far with their line numbers. */
interface Open {
  readonly marker: SnapshotMarker;
  readonly line: number;
  readonly body: string[];
  readonly bodyLines: number[];
}

/** A snapshot whose start marker could not be read: already counted as damaged, at `entry`. */
interface DamagedOpen {
  readonly entry: number;
}

function framedSnapshots(lines: readonly string[], file: string | undefined): Omit<ExtractedCapture, 'marks' | 'damagedMarks'> {
  const snapshots: CapturedSnapshot[] = [];
  const damaged: DamagedSnapshot[] = [];
  let open: Open | DamagedOpen | null = null;
  lines.forEach((text, index) => {
    const line = index + 1;
    const start = text.indexOf(SNAPSHOT_START);
    const end = start < 0 ? text.indexOf(SNAPSHOT_END) : -1;
    if (start >= 0) {
      if (open !== null && 'marker' in open)
        damaged.push({
          ...fromMarker(open.marker),
          line: open.line,
          field: null,
          message: `cut off: snapshot ${open.marker.seq} has no end marker before the next snapshot starts at line ${line}`,
        });
      const marker = readStartMarker(text.slice(start));
      if ('problem' in marker) {
        // One damaged snapshot: its end marker, when it comes, closes it without another entry.
        open = { entry: damaged.length };
        damaged.push({ seq: null, line, field: 'marker', message: marker.problem, label: null, error: null });
      } else open = { marker, line, body: [], bodyLines: [] };
    } else if (end >= 0) {
      const marker = readEndMarker(text.slice(end));
      if (open !== null && !('marker' in open)) {
        if (!('problem' in marker)) damaged[open.entry] = { ...damaged[open.entry]!, seq: marker.seq };
      } else if ('problem' in marker) {
        damaged.push({ ...(open === null ? NO_MARKER : fromMarker(open.marker)), line, field: 'marker', message: marker.problem });
      } else if (open === null) {
        damaged.push({
          ...NO_MARKER,
          seq: marker.seq,
          line,
          field: null,
          message: `the end of snapshot ${marker.seq} without its start (did the capture begin inside it?)`,
        });
      } else if (open.marker.seq !== marker.seq) {
        damaged.push({
          ...fromMarker(open.marker),
          line,
          field: 'seq',
          message: `snapshot ${open.marker.seq} ends with the end marker of snapshot ${marker.seq}`,
        });
      } else {
        const read = readDump(open.body, open.bodyLines, file, true);
        if ('dump' in read)
          snapshots.push({
            seq: open.marker.seq,
            ticksMs: open.marker.ticksMs,
            label: open.marker.label,
            error: open.marker.error,
            line: open.line,
            dump: read.dump,
          });
        else damaged.push({ ...fromMarker(open.marker), ...read.damage });
      }
      open = null;
    } else if (open !== null && 'marker' in open && memInfoLineKind(text) !== null) {
      // A mem_info line, mangled or not: anything else inside a snapshot is someone else's output.
      open.body.push(text);
      open.bodyLines.push(line);
    }
  });
  const last = open as Open | DamagedOpen | null;
  return { format: 'probe', lines: lines.length, snapshots, damaged, cutOff: last === null ? null : cutOff(last, damaged, lines.length) };
}

/** Where the capture was cut: inside `last`, the snapshot still open at its end (noted in `damaged` if it was not yet). */
function cutOff(last: Open | DamagedOpen, damaged: DamagedSnapshot[], afterLine: number): CaptureCut {
  if (!('marker' in last)) {
    const entry = damaged[last.entry]!;
    return { seq: entry.seq, snapshotLine: entry.line, afterLine, label: null, error: null };
  }
  const { seq, label, error } = last.marker;
  damaged.push({ seq, label, error, line: last.line, field: null, message: `cut off: the capture ends inside snapshot ${seq}` });
  return { seq, snapshotLine: last.line, afterLine, label, error };
}

/** What a damaged snapshot's readable start marker says of it. */
function fromMarker(marker: SnapshotMarker): Pick<DamagedSnapshot, 'seq' | 'label' | 'error'> {
  return { seq: marker.seq, label: marker.label, error: marker.error };
}

/** A damaged snapshot's fields when no start marker of it could be read. */
const NO_MARKER: Pick<DamagedSnapshot, 'seq' | 'label' | 'error'> = { seq: null, label: null, error: null };

/** Without markers: each `GC:` block, and each bare map, is one snapshot. */
function bareSnapshots(lines: readonly string[], file: string | undefined): Omit<ExtractedCapture, 'marks' | 'damagedMarks'> {
  const snapshots: CapturedSnapshot[] = [];
  const damaged: DamagedSnapshot[] = [];
  const gcLines = indicesOf(lines, 'gc');
  const headers = indicesOf(lines, 'header');
  let at = 0;
  let g = 0;
  let h = 0;
  for (;;) {
    while (g < gcLines.length && gcLines[g]! < at) g++;
    while (h < headers.length && headers[h]! < at) h++;
    const gc = gcLines[g];
    const header = headers[h];
    if (gc === undefined && header === undefined) break;
    // A header before the next block starts a bare map; otherwise the block is next.
    const bare = header !== undefined && (gc === undefined || header < blockStart(lines, gc));
    const from = bare ? header : Math.max(at, blockStart(lines, gc!));
    const next = gcLines[bare ? g : g + 1];
    const to = next === undefined ? lines.length : Math.max(from + 1, blockStart(lines, next));
    const read = readDump(
      lines.slice(from, to),
      Array.from({ length: to - from }, (_, i) => from + 1 + i),
      file,
      false,
    );
    if ('dump' in read) {
      snapshots.push({ seq: null, ticksMs: null, label: null, error: null, line: read.dump.lines.first, dump: read.dump });
      at = read.dump.lines.last;
    } else {
      damaged.push({ ...NO_MARKER, ...read.damage });
      // Go on after its own lines: none of its areas is a bare map.
      at = afterMapLines(lines, (bare ? header : gc!) + 1);
    }
  }
  return { format: 'bare', lines: lines.length, snapshots, damaged, cutOff: null };
}

/** Where the block of the `GC:` line at `gc` starts: its `stack:` line, and the `mem:` line before it. */
function blockStart(lines: readonly string[], gc: number): number {
  let start = gc;
  if (start > 0 && memInfoLineKind(lines[start - 1]!) === 'stack') start--;
  if (start > 0 && memInfoLineKind(lines[start - 1]!) === 'mem') start--;
  return start;
}

/** Kinds of line that go on a block after its `GC:` line, or a bare map after its first header. */
const MAP_LINES: ReadonlySet<MemInfoLineKind | null> = new Set(['blocks', 'header', 'dump', 'collapse']);

/** The index of the first line from `start` on that is not one of `MAP_LINES`. */
function afterMapLines(lines: readonly string[], start: number): number {
  let at = start;
  while (at < lines.length && MAP_LINES.has(memInfoLineKind(lines[at]!))) at++;
  return at;
}

/** The indices of the lines of this kind. */
function indicesOf(lines: readonly string[], kind: MemInfoLineKind): number[] {
  const found: number[] = [];
  lines.forEach((line, i) => {
    if (memInfoLineKind(line) === kind) found.push(i);
  });
  return found;
}

/**
 * The mem_info block in `lines`, whose capture line numbers are `numbers`: its dump with the
 * capture's line numbers, or why it cannot be read. With `whole` (a snapshot's body, mem_info
 * lines only) the dump must take every line to its end: the parser ends a dump at a line that
 * does not go on with it, and a dump line mangled into another kind would otherwise cut it short.
 */
function readDump(
  lines: readonly string[],
  numbers: readonly number[],
  file: string | undefined,
  whole: boolean,
): { readonly dump: MemInfoDump } | { readonly damage: Pick<DamagedSnapshot, 'line' | 'field' | 'message'> } {
  // A line number of the text read → the capture's (past the end: the line after the last).
  const at = (line: number): number => numbers[line - 1] ?? (numbers.at(-1) ?? 0) + 1;
  let dump: MemInfoDump;
  try {
    dump = parseMemInfo(lines.join('\n'), file);
  } catch (error) {
    if (!(error instanceof HeapInputError)) throw error;
    return { damage: { line: at(error.location.line ?? 1), field: error.location.field ?? null, message: error.detail } };
  }
  const { lines: parts } = dump;
  if (whole && parts.last < lines.length) {
    return {
      damage: { line: at(parts.last + 1), field: null, message: 'the dump ended at the line before, but the snapshot goes on (line noise in the dump?)' },
    };
  }
  return {
    dump: {
      ...dump,
      areas: dump.areas.map((area) => ({ ...area, line: at(area.line) })),
      lines: {
        first: at(parts.first),
        last: at(parts.last),
        ...(parts.gc === undefined ? {} : { gc: at(parts.gc) }),
        ...(parts.blocks === undefined ? {} : { blocks: at(parts.blocks) }),
      },
      strayLines: dump.strayLines.map(at),
    },
  };
}
