/* The gap log: where the recorder lost events, what the device raised meanwhile, and where the replay picked up again. */

/** Where the recorder lost events (a `gap` line), and where the replay picked up again. */
export interface ReplayGap {
  /** The gap line. */
  readonly line: number;
  /** Events lost there. */
  readonly lost: number;
  /** The line ending the sync the replay resynchronised from; null when none came. */
  readonly resyncLine: number | null;
  /** MemoryErrors the device raised between the gap and the sync: seen, but not replayed. */
  readonly memoryErrors: readonly { readonly line: number; readonly bytes: number }[];
}

interface OpenGap {
  readonly line: number;
  readonly lost: number;
  resyncLine: number | null;
  readonly memoryErrors: { line: number; bytes: number }[];
}

export class GapLog {
  private readonly gaps: OpenGap[] = [];

  /** A gap line: `lost` events are missing here. */
  gap(line: number, lost: number): void {
    this.gaps.push({ line, lost, resyncLine: null, memoryErrors: [] });
  }

  /** A MemoryError the device raised after the last gap, seen but not replayed. */
  unreplayedMemoryError(line: number, bytes: number): void {
    this.gaps.at(-1)?.memoryErrors.push({ line, bytes });
  }

  /** The replay resynchronised at `line`: every gap since the last resync ends here. */
  resynced(line: number): void {
    for (let i = this.gaps.length - 1; i >= 0 && this.gaps[i]!.resyncLine === null; i--) this.gaps[i]!.resyncLine = line;
  }

  /** The gaps so far, as copies. */
  list(): ReplayGap[] {
    return this.gaps.map((gap) => ({ ...gap, memoryErrors: [...gap.memoryErrors] }));
  }
}
