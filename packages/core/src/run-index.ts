/**
 * A draft's free runs as flat sorted lists, one per area, for the strategies that choose among
 * all of them (best and worst fit, size classes, buddy, two-ended's top): they read a list of a
 * few hundred runs instead of walking the table's tree on every request.
 *
 * The lists belong to one draft and change in place with it: each of its writes (`taken`,
 * `freed`) splits, trims or merges at most two runs. A sweep frees many runs at once, so it only
 * marks the area stale (`sweptArea`), and the next read rebuilds that list from the table. A new
 * draft starts with every list stale: states hold no lists, and nothing here is shared. Its first
 * read walks the table, as it would without a list, and only the second builds the list, so a
 * draft that places one object (an `apply`) pays no more than the walk.
 */
import { forEachFreeRun, type BlockTable, type RunVisitor } from './block-table/index.js';
import type { FreeRuns } from './strategies/strategy.js';

/** One area's maximal free runs, in address order. */
class AreaRuns {
  starts = new Int32Array(16);
  lengths = new Int32Array(16);
  count = 0;
  /** The list no longer matches the table: rebuild it before reading it. */
  stale = true;
  /** Whether the next read of a stale list walks the table instead of building the list (a new draft's first read). */
  walkOnce = true;

  /** Index of the last run starting at or before `block`, or −1. */
  atOrBefore(block: number): number {
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.starts[mid]! <= block) low = mid + 1;
      else high = mid - 1;
    }
    return high;
  }

  insert(at: number, start: number, length: number): void {
    if (this.count === this.starts.length) {
      const starts = new Int32Array(2 * this.count);
      const lengths = new Int32Array(2 * this.count);
      starts.set(this.starts);
      lengths.set(this.lengths);
      this.starts = starts;
      this.lengths = lengths;
    }
    this.starts.copyWithin(at + 1, at, this.count);
    this.lengths.copyWithin(at + 1, at, this.count);
    this.starts[at] = start;
    this.lengths[at] = length;
    this.count++;
  }

  remove(at: number): void {
    this.starts.copyWithin(at, at + 1, this.count);
    this.lengths.copyWithin(at, at + 1, this.count);
    this.count--;
  }
}

/** The free runs of a draft's areas, read through `tables` (the draft's current tables) when a list is rebuilt. */
export class RunIndex implements FreeRuns {
  private readonly areas: AreaRuns[];

  constructor(private readonly tables: () => readonly BlockTable[]) {
    this.areas = tables().map(() => new AreaRuns());
  }

  forEachRun(area: number, minLength: number, visit: RunVisitor): void {
    const stale = this.areas[area]!;
    if (stale.stale && stale.walkOnce) {
      stale.walkOnce = false;
      forEachFreeRun(this.tables()[area]!, minLength, visit);
      return;
    }
    const runs = this.fresh(area);
    const { starts, lengths, count } = runs;
    for (let i = 0; i < count; i++) {
      const length = lengths[i]!;
      if (length >= minLength && visit(starts[i]!, length) === true) return;
    }
  }

  /** Blocks [block, block + n) of `area`, all free, are now in use. */
  taken(area: number, block: number, n: number): void {
    const runs = this.areas[area]!;
    if (runs.stale || n <= 0) return;
    const i = runs.atOrBefore(block);
    const start = i < 0 ? 0 : runs.starts[i]!;
    const end = i < 0 ? 0 : start + runs.lengths[i]!;
    if (i < 0 || block + n > end) {
      // Not within one known run: the caller wrote past free space; read the table again.
      runs.stale = true;
      return;
    }
    const after = block + n;
    if (block > start) {
      runs.lengths[i] = block - start;
      if (after < end) runs.insert(i + 1, after, end - after);
    } else if (after < end) {
      runs.starts[i] = after;
      runs.lengths[i] = end - after;
    } else runs.remove(i);
  }

  /** Blocks [block, block + n) of `area`, all in use, are now free. */
  freed(area: number, block: number, n: number): void {
    const runs = this.areas[area]!;
    if (runs.stale || n <= 0) return;
    const before = runs.atOrBefore(block);
    const next = before + 1;
    const joinsBefore = before >= 0 && runs.starts[before]! + runs.lengths[before]! === block;
    const joinsNext = next < runs.count && runs.starts[next] === block + n;
    if (joinsBefore && joinsNext) {
      runs.lengths[before] = runs.lengths[before]! + n + runs.lengths[next]!;
      runs.remove(next);
    } else if (joinsBefore) runs.lengths[before] = runs.lengths[before]! + n;
    else if (joinsNext) {
      runs.starts[next] = block;
      runs.lengths[next] = runs.lengths[next]! + n;
    } else runs.insert(next, block, n);
  }

  /** A sweep freed runs of `area`: its list is rebuilt when next read. */
  sweptArea(area: number): void {
    this.areas[area]!.stale = true;
  }

  private fresh(area: number): AreaRuns {
    const runs = this.areas[area]!;
    if (runs.stale) {
      runs.count = 0;
      forEachFreeRun(this.tables()[area]!, 1, (start, length) => {
        runs.insert(runs.count, start, length);
      });
      runs.stale = false;
    }
    return runs;
  }
}
