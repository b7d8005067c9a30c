/** 64-bit masks held as two 32-bit words (bit i of word w is bit 32·w + i). */

/** Bits [a, b) of one word, 0 ≤ a ≤ b ≤ 32. */
export function bits(a: number, b: number): number {
  if (a >= b) return 0;
  return b - a === 32 ? -1 : (((1 << (b - a)) - 1) << a) | 0;
}

/** Bits [0, n) of a 64-bit mask: its low word. */
export function low(n: number): number {
  return bits(0, Math.min(n, 32));
}

/** Bits [0, n) of a 64-bit mask: its high word. */
export function high(n: number): number {
  return bits(0, Math.max(0, n - 32));
}

/** Index of the lowest set bit (x ≠ 0). */
function ctz(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** The first set bit at or after `pos` (0 ≤ pos < 64), or 64. */
export function nextSet(w0: number, w1: number, pos: number): number {
  if (pos >= 64) return 64;
  if (pos < 32) {
    const x = w0 & (-1 << pos);
    if (x !== 0) return ctz(x);
    pos = 32;
  }
  const y = w1 & (-1 << (pos - 32));
  return y !== 0 ? 32 + ctz(y) : 64;
}

/** Length of the run of set bits ending at bit len − 1 (1 ≤ len ≤ 64). */
export function runEndingAt(f0: number, f1: number, len: number): number {
  if (len > 32) {
    const highBits = len - 32;
    const ones = Math.min(Math.clz32(~(f1 << (32 - highBits))), highBits);
    return ones < highBits ? ones : highBits + Math.clz32(~f0);
  }
  return Math.min(Math.clz32(~(f0 << (32 - len))), len);
}
