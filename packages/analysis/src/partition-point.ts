/**
 * Binary search over a sorted sequence: the first index from 0 to `length` at which `before` is
 * false, given that `before` holds for a prefix of the indices and fails for the rest.
 */
export function partitionPoint(length: number, before: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(mid)) low = mid + 1;
    else high = mid;
  }
  return low;
}
