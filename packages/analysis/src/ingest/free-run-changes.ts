/**
 * What changed in the free space between two snapshots of the same heap: which free runs
 * appeared, vanished, grew, shrank or moved. A run is matched with the earlier runs it overlaps:
 *
 * - none: it `appeared` (objects there were freed);
 * - exactly one, the same: unchanged (not listed);
 * - otherwise it `grew` when it is longer than the longest of them (freed neighbours joined it),
 *   `shrank` when shorter (an allocation took part of it, or cut it in two), and `moved` when
 *   as long but elsewhere.
 *
 * An earlier run that no later run overlaps `vanished` (it was filled). Areas are matched by
 * index when their address and size are the same; an area that is new, or gone, has all its
 * runs appear, or vanish.
 */
import { listFreeRuns, type FreeRun, type HeapState } from '@heaplab/core';

/** A run's place in its area. */
export interface RunPlace {
  readonly block: number;
  readonly blocks: number;
}

export interface FreeRunChange {
  readonly kind: 'appeared' | 'vanished' | 'grew' | 'shrank' | 'moved';
  readonly area: number;
  /** The run in the later snapshot; null when it vanished. */
  readonly now: RunPlace | null;
  /** The runs of the earlier snapshot it overlaps (for `vanished`: the run itself). */
  readonly before: readonly RunPlace[];
}

/** The changes from `before` to `after`, area by area, in block order. */
export function freeRunChanges(before: HeapState, after: HeapState): FreeRunChange[] {
  const changes: FreeRunChange[] = [];
  const beforeRuns = byArea(before);
  const afterRuns = byArea(after);
  const areas = Math.max(beforeRuns.length, afterRuns.length);
  for (let area = 0; area < areas; area++) {
    const same = area < beforeRuns.length && area < afterRuns.length && sameArea(before, after, area);
    const old = same ? beforeRuns[area]! : [];
    const now = same ? afterRuns[area]! : (afterRuns[area] ?? []);
    if (!same) for (const run of beforeRuns[area] ?? []) changes.push({ kind: 'vanished', area, now: null, before: [place(run)] });
    changes.push(...areaChanges(area, old, now));
  }
  return changes;
}

function byArea(state: HeapState): FreeRun[][] {
  const runs: FreeRun[][] = state.tables.map(() => []);
  for (const run of listFreeRuns(state)) runs[run.area]!.push(run);
  return runs;
}

function sameArea(before: HeapState, after: HeapState, area: number): boolean {
  const a = before.config.areas[area]!;
  const b = after.config.areas[area]!;
  return a.poolStart === b.poolStart && a.blocks === b.blocks;
}

/** Both lists are in block order, so one pass over each finds every overlap. */
function areaChanges(area: number, old: readonly FreeRun[], now: readonly FreeRun[]): FreeRunChange[] {
  const changes: FreeRunChange[] = [];
  const touched = new Array<boolean>(old.length).fill(false);
  let first = 0;
  for (const run of now) {
    const end = run.block + run.blocks;
    while (first < old.length && old[first]!.block + old[first]!.blocks <= run.block) first++;
    const overlaps: FreeRun[] = [];
    for (let i = first; i < old.length && old[i]!.block < end; i++) {
      overlaps.push(old[i]!);
      touched[i] = true;
    }
    if (overlaps.length === 1 && overlaps[0]!.block === run.block && overlaps[0]!.blocks === run.blocks) continue;
    const longest = Math.max(0, ...overlaps.map((o) => o.blocks));
    const kind = overlaps.length === 0 ? 'appeared' : run.blocks > longest ? 'grew' : run.blocks < longest ? 'shrank' : 'moved';
    changes.push({ kind, area, now: place(run), before: overlaps.map(place) });
  }
  old.forEach((run, i) => {
    if (!touched[i]) changes.push({ kind: 'vanished', area, now: null, before: [place(run)] });
  });
  return changes.sort((a, b) => firstBlock(a) - firstBlock(b));
}

function place(run: FreeRun): RunPlace {
  return { block: run.block, blocks: run.blocks };
}

function firstBlock(change: FreeRunChange): number {
  return change.now?.block ?? change.before[0]!.block;
}
