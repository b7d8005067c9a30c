/**
 * Taking the marks out of the interpreter's output: bytes pass through to the script's output,
 * except a mark (`MARK_START`, the label, `MARK_END`), whose label is handed over instead. A
 * partial match of `MARK_START` that turns out to be output is passed on as it was.
 */
import { MARK_END, MARK_START } from './mark-module.js';

const START = Buffer.from(MARK_START, 'utf8');
const END = MARK_END.charCodeAt(0);

export class MarkFilter {
  /** Bytes of `MARK_START` matched so far. */
  private matched = 0;
  /** The label being read, or null outside a mark. */
  private label: number[] | null = null;

  constructor(
    /** Receives output bytes, one at a time. */
    private readonly output: (byte: number) => void,
    /** Receives each mark's label, as the script wrote it (UTF-8). */
    private readonly mark: (label: Uint8Array) => void,
  ) {}

  write(bytes: Uint8Array): void {
    for (const byte of bytes) this.byte(byte);
  }

  private byte(byte: number): void {
    if (this.label !== null) {
      if (byte === END) {
        this.mark(Uint8Array.from(this.label));
        this.label = null;
      } else this.label.push(byte);
      return;
    }
    if (byte === START[this.matched]) {
      this.matched++;
      if (this.matched === START.length) {
        this.matched = 0;
        this.label = [];
      }
      return;
    }
    // Not a mark after all: what was held back is output.
    for (let i = 0; i < this.matched; i++) this.output(START[i]!);
    this.matched = 0;
    if (byte === START[0]) this.matched = 1;
    else this.output(byte);
  }
}
