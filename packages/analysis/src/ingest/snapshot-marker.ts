/**
 * The marker lines that frame a snapshot of heaplab's MicroPython probe
 * (`recorder/micropython/heaplab_probe.py`), format version 1:
 *
 *     #heaplab-snapshot v1 seq=3 ticks=12345 label="after frame" error="memory allocation failed, allocating 2464 bytes"
 *     …the output of micropython.mem_info(1)…
 *     #heaplab-end v1 seq=3
 *
 * and the one line of a mark, a point of the script's run it named (`probe.mark(label)`):
 *
 *     #heaplab-mark v1 seq=4 ticks=12400 label="find_blobs"
 *
 * `seq` counts snapshots and marks together from 1 since the probe was imported, `ticks` is
 * `time.ticks_ms()`, `error` is there only for a snapshot taken at a MemoryError (its message).
 * In the quoted values `\\`, `\"`, `\n`, `\r` and `\t` stand for themselves, so no value can
 * break a line. A marker may follow other text on its line (a script's partial output).
 */

/** What a start marker says. */
export interface SnapshotMarker {
  readonly seq: number;
  /** `time.ticks_ms()` when the snapshot was taken. */
  readonly ticksMs: number;
  readonly label: string;
  /** The MemoryError's message; null for a snapshot not taken at a MemoryError. */
  readonly error: string | null;
}

/** What a mark line says. */
export interface MarkMarker {
  readonly seq: number;
  /** `time.ticks_ms()` when the mark was written. */
  readonly ticksMs: number;
  readonly label: string;
}

/** The text that starts a start marker, an end marker, and a mark. */
export const SNAPSHOT_START = '#heaplab-snapshot ';
export const SNAPSHOT_END = '#heaplab-end ';
export const MARK_START = '#heaplab-mark ';
/** The marker format version this reader reads. */
export const SNAPSHOT_FORMAT_VERSION = 1;

const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"';
const VERSION = /^v(\d{1,6})\s/;
const START = new RegExp(`^v1 seq=(\\d{1,15}) ticks=(\\d{1,15}) label=${QUOTED}(?: error=${QUOTED})?\\s*$`);
const END = /^v1 seq=(\d{1,15})\s*$/;
const MARK = new RegExp(`^v1 seq=(\\d{1,15}) ticks=(\\d{1,15}) label=${QUOTED}\\s*$`);

/**
 * Reads a start marker from `text` (the part of a line from `#heaplab-snapshot ` on). Returns
 * the marker, or a message saying what is wrong with it.
 */
export function readStartMarker(text: string): SnapshotMarker | { readonly problem: string } {
  const rest = text.slice(SNAPSHOT_START.length);
  const version = versionProblem(rest);
  if (version !== null) return { problem: version };
  const match = START.exec(rest);
  if (match === null) return { problem: 'expected `#heaplab-snapshot v1 seq=N ticks=N label="…"` and optionally ` error="…"`' };
  return {
    seq: Number(match[1]),
    ticksMs: Number(match[2]),
    label: unescapeQuoted(match[3]!),
    error: match[4] === undefined ? null : unescapeQuoted(match[4]),
  };
}

/** Reads an end marker (from `#heaplab-end ` on): its `seq`, or what is wrong with it. */
export function readEndMarker(text: string): { readonly seq: number } | { readonly problem: string } {
  const rest = text.slice(SNAPSHOT_END.length);
  const version = versionProblem(rest);
  if (version !== null) return { problem: version };
  const match = END.exec(rest);
  return match === null ? { problem: 'expected `#heaplab-end v1 seq=N`' } : { seq: Number(match[1]) };
}

/** Reads a mark (the part of a line from `#heaplab-mark ` on): the marker, or what is wrong with it (an empty label too). */
export function readMarkMarker(text: string): MarkMarker | { readonly problem: string } {
  const rest = text.slice(MARK_START.length);
  const version = versionProblem(rest);
  if (version !== null) return { problem: version };
  const match = MARK.exec(rest);
  if (match === null) return { problem: 'expected `#heaplab-mark v1 seq=N ticks=N label="…"`' };
  if (match[3] === '') return { problem: "a mark's label is empty (the probe never writes one)" };
  return { seq: Number(match[1]), ticksMs: Number(match[2]), label: unescapeQuoted(match[3]!) };
}

function versionProblem(rest: string): string | null {
  const version = VERSION.exec(rest);
  if (version === null || Number(version[1]) === SNAPSHOT_FORMAT_VERSION) return null;
  return `marker format v${version[1]}: this heaplab reads v${SNAPSHOT_FORMAT_VERSION} (a newer probe wrote it?)`;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t' };

function unescapeQuoted(quoted: string): string {
  return quoted.replace(/\\(.)/g, (_, ch: string) => ESCAPES[ch] ?? ch);
}
