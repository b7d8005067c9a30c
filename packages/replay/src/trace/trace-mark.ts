/** A mark: a point of the run the program named (a phase, a `file:line`), and where it stands. */
export interface TraceMark {
  /**
   * Engine events applied before it: the mark is in force from the heap after this many events
   * (0: from the empty heap), in the numbering of the stream it belongs to.
   */
  readonly event: number;
  /** The trace line it came from. */
  readonly line: number;
  readonly label: string;
}
