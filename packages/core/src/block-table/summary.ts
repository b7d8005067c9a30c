/**
 * The free-run summaries every node keeps: how many blocks below it are free (`free`), the
 * longest run (`max`), and the runs touching its two ends (`pre`, `suf`). They give first fit
 * and the longest free run without scanning. A leaf's summary is recomputed from its masks
 * whenever it is written (`leaf.ts`); this file keeps the branches'.
 *
 * A write keeps every `free` count exact but only marks the branches above it `dirty`: their
 * runs (pre, suf, max) are brought up to date when a search passes a whole branch, or when a
 * reader asks (`refresh`). A clean branch has only clean branches below it. Refreshing a node
 * shared with an older state is safe: the runs are a function of the blocks, which never
 * change in a shared node.
 */
import type { TableNode } from './tree.js';

/** Recomputes a branch's summary from its children's (which must be up to date). */
export function summarizeBranch(node: TableNode): void {
  const kids = node.kids!;
  let free = 0;
  let pre = 0;
  let openPrefix = true;
  let run = 0;
  let max = 0;
  for (let k = 0; k < kids.length; k++) {
    const kid = kids[k]!;
    free += kid.free;
    const allFree = kid.pre === kid.len;
    if (openPrefix) {
      pre += kid.pre;
      openPrefix = allFree;
    }
    const joined = run + kid.pre;
    if (joined > max) max = joined;
    if (kid.max > max) max = kid.max;
    run = allFree ? run + kid.len : kid.suf;
  }
  node.free = free;
  node.pre = pre;
  node.suf = run;
  node.max = max;
}

/** Brings a node's runs up to date (and those of the dirty branches below it). */
export function refresh(node: TableNode): TableNode {
  if (node.dirty) {
    for (const kid of node.kids!) refresh(kid);
    summarizeBranch(node);
    node.dirty = false;
  }
  return node;
}

/** After children of a branch were written: its free count is recounted, its runs go stale. */
export function markWritten(node: TableNode): void {
  let free = 0;
  for (const kid of node.kids!) free += kid.free;
  node.free = free;
  node.dirty = true;
}
