/**
 * Delta debugging (Zeller and Hildebrandt's ddmin): the smallest subsequence of `items` for
 * which `fails` still holds, found by trying to keep only one of n chunks, or all but one, and
 * refining n. The result is 1-minimal (no single item can be dropped) unless the test budget
 * ran out first.
 *
 * After a chunk is dropped the search goes on with the next chunk rather than from the first
 * one again (the chunks before it were kept against a larger list), and a round that dropped
 * chunks goes on to finer chunks. Only a round of single items that drops none ends the search,
 * so the result is 1-minimal for any `fails`. `fails` is called on a list only after `fails`
 * held for every list the result descends from: each candidate is the current list with
 * something left out, and the current list is always the last candidate for which it held.
 */

export interface DdminResult<T> {
  readonly items: readonly T[];
  /** Tests run. */
  readonly tests: number;
  /** Whether the search finished (1-minimal) rather than running out of tests. */
  readonly complete: boolean;
}

export interface DdminOptions {
  /**
   * Try keeping one chunk alone before dropping chunks one at a time. Default true; turn it off
   * when the failure needs items from all over the list, so a single chunk never fails alone.
   */
  readonly subsets?: boolean;
}

/** `fails(items)` must hold for the input; `maxTests` bounds the work. */
export function ddmin<T>(items: readonly T[], fails: (candidate: readonly T[]) => boolean, maxTests = 10_000, options: DdminOptions = {}): DdminResult<T> {
  const subsets = options.subsets ?? true;
  let current = items;
  let n = 2;
  let tests = 0;
  const out = (): DdminResult<T> => ({ items: current, tests, complete: false });
  while (current.length >= 2) {
    const chunks = split(current, n);
    let subset: readonly T[] | null = null;
    for (let i = 0; subsets && i < chunks.length && subset === null; i++) {
      if (tests >= maxTests) return out();
      tests++;
      if (fails(chunks[i]!)) subset = chunks[i]!;
    }
    if (subset !== null) {
      current = subset;
      n = 2;
      continue;
    }
    // With two chunks, dropping one is keeping the other: tried above, unless subsets are off.
    let dropped = false;
    for (let i = 0; chunks.length > 1 && i < chunks.length && (n > 2 || !subsets); ) {
      if (tests >= maxTests) return out();
      tests++;
      const complement = chunks.filter((_, j) => j !== i).flat();
      if (fails(complement)) {
        current = complement;
        chunks.splice(i, 1);
        dropped = true;
      } else i++;
    }
    if (n >= current.length) {
      // Single items: done when none could be dropped; otherwise another round of them.
      if (!dropped) break;
      n = current.length;
    } else n = Math.min(current.length, 2 * chunks.length);
  }
  if (current.length === 1) {
    if (tests >= maxTests) return out();
    tests++;
    if (fails([])) current = [];
  }
  return { items: current, tests, complete: true };
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
