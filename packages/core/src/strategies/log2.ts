/** Integer logarithms for the power-of-two strategies. */

/** floor(log2 n) for a positive safe integer, exact where `Math.log2` rounds up near 2^k. */
export function floorLog2(n: number): number {
  const guess = Math.floor(Math.log2(n));
  if (2 ** guess > n) return guess - 1;
  return 2 ** (guess + 1) <= n ? guess + 1 : guess;
}
