/**
 * The lookup tables of a leaf's summary: per 16-bit value, the run of set bits from bit 0 up
 * (pre), the run from bit 15 down (suf) and the longest run (max). 3 × 64 KiB, built once when the
 * engine loads, so the build must be quick: from the same three runs of every byte, a whole
 * 256-value row at a time (the values that share their high byte), instead of 16 bit tests for
 * each of the 65,536 values, which took several milliseconds of every command's start-up.
 */

/** The pre, suf and max tables, in that order, indexed by the 16-bit value. */
export function quarterRuns(): [Uint8Array, Uint8Array, Uint8Array] {
  // The runs of each byte, each from a smaller value's: v's bits 1..7 are (v >> 1)'s bits 0..6,
  // and its bits 0..6 are ((v << 1) & 0xff)'s bits 1..7.
  const bytePre = new Uint8Array(256);
  const byteSuf = new Uint8Array(256);
  const byteMax = new Uint8Array(256);
  for (let v = 1; v < 256; v++) {
    bytePre[v] = v & 1 ? 1 + bytePre[v >> 1]! : 0;
    byteSuf[v] = v & 0x80 ? 1 + byteSuf[(v << 1) & 0xff]! : 0;
    byteMax[v] = Math.max(byteMax[v >> 1]!, bytePre[v]!);
  }
  const pre = new Uint8Array(1 << 16);
  const suf = new Uint8Array(1 << 16);
  const max = new Uint8Array(1 << 16);
  // The value hi·256 + lo: its pre is lo's, unless lo is all ones (then 8 + hi's); its suf is hi's,
  // unless hi is all ones (then 8 + lo's); its max is lo's, hi's or lo's suf + hi's pre (the run
  // across the middle), the same row for every hi with the same max and pre.
  const allOnesSuf = byteSuf.map((s) => 8 + s);
  const maxRows = new Map<number, Uint8Array>();
  for (let hi = 0; hi < 256; hi++) {
    const at = hi << 8;
    pre.set(bytePre, at);
    pre[at | 0xff] = 8 + bytePre[hi]!;
    if (hi === 0xff) suf.set(allOnesSuf, at);
    else suf.fill(byteSuf[hi]!, at, at + 256);
    const hiMax = byteMax[hi]!;
    const hiPre = bytePre[hi]!;
    let row = maxRows.get(hiMax * 16 + hiPre);
    if (row === undefined) {
      row = new Uint8Array(256);
      for (let lo = 0; lo < 256; lo++) row[lo] = Math.max(byteMax[lo]!, hiMax, byteSuf[lo]! + hiPre);
      maxRows.set(hiMax * 16 + hiPre, row);
    }
    max.set(row, at);
  }
  return [pre, suf, max];
}
