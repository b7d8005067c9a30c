/** Integer logarithms for the power-of-two strategies. */

/** floor(log2 n) for a positive safe integer, exact where `Math.log2` rounds up near 2^k. */
export function floorLog2(n: number): number {
  // Below 2^31 the count of leading zeros of the 32-bit integer is exact, and cheap.
  if (n < 0x80000000) return 31 - Math.clz32(n);
  const guess = Math.floor(Math.log2(n));
  if (2 ** guess > n) return guess - 1;
  return 2 ** (guess + 1) <= n ? guess + 1 : guess;
}

/** 2^k, exact: a shift for 0 ≤ k ≤ 30, where `**` (a floating-point power) would cost most of a search. */
export function pow2(k: number): number {
  return k >= 0 && k <= 30 ? 1 << k : 2 ** k;
}
