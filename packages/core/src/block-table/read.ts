/** Reading a table: one block's kind, the free blocks after a block, and whole-table facts. */
import { nextSet } from './masks.js';
import { refresh } from './summary.js';
import { type BlockKind, type BlockTable, BRANCH_SHIFT, FAN, FREE, HEAD, LEAF_BLOCKS, LEAF_SHIFT, TAIL, type TableNode } from './tree.js';

/** The leaf holding `block`. */
function leafAt(table: BlockTable, block: number): TableNode {
  let node = table.root;
  for (let level = table.height; level > 0; level--) node = node.kids![(block >> (LEAF_SHIFT + BRANCH_SHIFT * (level - 1))) & (FAN - 1)]!;
  return node;
}

/** The kind of block `i` of a leaf. */
export function leafKind(leaf: TableNode, i: number): BlockKind {
  const word = i < 32 ? 0 : 1;
  const bit = 1 << (i & 31);
  if (((word === 0 ? leaf.free0 : leaf.free1) & bit) !== 0) return FREE;
  return ((word === 0 ? leaf.head0 : leaf.head1) & bit) !== 0 ? HEAD : TAIL;
}

/** The kind of block `block` (0 ≤ block < blocks). */
export function kindAt(table: BlockTable, block: number): BlockKind {
  return leafKind(leafAt(table, block), block & (LEAF_BLOCKS - 1));
}

/** Free blocks in the table. O(1). */
export function freeBlocks(table: BlockTable): number {
  return table.root.free;
}

/** The longest run of free blocks: the largest object that fits. */
export function largestFreeRun(table: BlockTable): number {
  return refresh(table.root).max;
}

/** Number of consecutive FREE blocks from `block` on, counting at most `limit`. */
export function freeRunFrom(table: BlockTable, block: number, limit: number): number {
  let count = 0;
  let at = block;
  while (at < table.blocks && count < limit) {
    const leaf = leafAt(table, at);
    const offset = at & (LEAF_BLOCKS - 1);
    // Bits past the leaf's end are never set in its free mask, so the run stops there.
    const end = Math.min(nextSet(~leaf.free0, ~leaf.free1, offset), leaf.len);
    count += end - offset;
    if (end < leaf.len) break;
    at += end - offset;
  }
  return Math.min(count, limit);
}

/** The last block that is not FREE, or 0 when every block is free (as gc.c's sweep records it). */
export function lastUsedBlock(table: BlockTable): number {
  const root = refresh(table.root);
  return root.free === root.len ? 0 : root.len - root.suf - 1;
}
