/**
 * Delta debugging (Zeller and Hildebrandt's ddmin): the smallest subsequence of `items` for
 * which `fails` still holds, found by trying to keep only one of n chunks, or all but one, and
 * refining n. The result is 1-minimal (no single item can be dropped) unless the test budget
 * ran out first.
 */

export interface DdminResult<T> {
  readonly items: readonly T[];
  /** Tests run. */
  readonly tests: number;
  /** Whether the search finished (1-minimal) rather than running out of tests. */
  readonly complete: boolean;
}

/** `fails(items)` must hold for the input; `maxTests` bounds the work. */
export function ddmin<T>(items: readonly T[], fails: (candidate: readonly T[]) => boolean, maxTests = 10_000): DdminResult<T> {
  let current = items;
  let n = 2;
  let tests = 0;
  const test = (candidate: readonly T[]): boolean => {
    tests++;
    return fails(candidate);
  };
  while (current.length >= 2) {
    const chunks = split(current, n);
    let reduced = false;
    for (let i = 0; i < chunks.length && !reduced; i++) {
      if (tests >= maxTests) return { items: current, tests, complete: false };
      if (test(chunks[i]!)) {
        current = chunks[i]!;
        n = 2;
        reduced = true;
      }
    }
    for (let i = 0; i < chunks.length && !reduced && n > 2; i++) {
      if (tests >= maxTests) return { items: current, tests, complete: false };
      const complement = chunks.filter((_, j) => j !== i).flat();
      if (test(complement)) {
        current = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(current.length, 2 * n);
    }
  }
  if (current.length === 1 && tests < maxTests && test([])) current = [];
  return { items: current, tests, complete: tests < maxTests };
}

function split<T>(items: readonly T[], n: number): T[][] {
  const chunks: T[][] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = start + Math.floor((items.length - start) / (n - i));
    chunks.push(items.slice(start, end));
    start = end;
  }
  return chunks.filter((chunk) => chunk.length > 0);
}
