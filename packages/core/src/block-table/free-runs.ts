/** Freeing many runs in one pass, as a collection's sweep does. */
import { freeLeafRuns } from './leaf.js';
import { markWritten } from './summary.js';
import { type BlockTable, copyNode, kidSpan, type Owner, type TableNode } from './tree.js';

// The owner of the current `freeRuns`, shared by `freeIn`.
let freeOwner: Owner = {};

/**
 * Frees many runs in one pass (a collection's sweep): `runs` holds start, length pairs up to
 * index `end`, sorted by start and not overlapping. Each touched node is copied and summarised
 * once.
 */
export function freeRuns(table: BlockTable, runs: readonly number[], owner: Owner, end = runs.length): BlockTable {
  if (end === 0) return table;
  freeOwner = owner;
  const root = freeIn(table.root, table.height, 0, runs, 0, end);
  return root === table.root ? table : { root, height: table.height, blocks: table.blocks };
}

/** Frees the runs runs[lo..hi) (pair indices, step 2), all of which meet this node. */
function freeIn(node: TableNode, level: number, base: number, runs: readonly number[], lo: number, hi: number): TableNode {
  const own = node.owner === freeOwner ? node : copyNode(node, freeOwner);
  if (level === 0) {
    freeLeafRuns(own, base, runs, lo, hi);
    return own;
  }
  const span = kidSpan(level);
  const kids = own.kids!;
  let r = lo;
  for (let k = 0; k < kids.length && r < hi; k++) {
    const kidBase = base + k * span;
    const kidEnd = kidBase + span;
    while (r < hi && runs[r]! + runs[r + 1]! <= kidBase) r += 2;
    let end = r;
    while (end < hi && runs[end]! < kidEnd) end += 2;
    if (end > r) {
      kids[k] = freeIn(kids[k]!, level - 1, kidBase, runs, r, end);
      // A run that goes on into the next child is needed there too.
      const last = end - 2;
      r = runs[last]! + runs[last + 1]! > kidEnd ? last : end;
    }
  }
  markWritten(own);
  return own;
}
