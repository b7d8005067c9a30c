/** Reading a table: one block's kind, the free blocks after a block, and whole-table facts. */
import { freeRunEndInLeaf, leafKind } from './leaf.js';
import { refresh } from './summary.js';
import { type BlockKind, type BlockTable, leafAt, offsetInLeaf } from './tree.js';

/** The kind of block `block` (0 ≤ block < blocks). */
export function kindAt(table: BlockTable, block: number): BlockKind {
  return leafKind(leafAt(table, block), offsetInLeaf(block));
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
    const offset = offsetInLeaf(at);
    const end = freeRunEndInLeaf(leaf, offset);
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
