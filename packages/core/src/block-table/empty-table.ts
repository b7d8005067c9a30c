/** A new table with every block free. */
import { high, low } from './masks.js';
import { summarizeLeaf } from './summary.js';
import { type BlockTable, FAN, kidSpan, LEAF_BLOCKS, TableNode } from './tree.js';

/** An all-free table of `blocks` blocks. Free subtrees are shared, so this costs O(depth) nodes. */
export function emptyTable(blocks: number): BlockTable {
  let height = 0;
  while (LEAF_BLOCKS * FAN ** height < blocks) height++;
  return { root: emptyNode(height, blocks), height, blocks };
}

function emptyNode(level: number, len: number): TableNode {
  if (level === 0) {
    const leaf = new TableNode(null, null, low(len), high(len), 0, 0, len, 0, 0, 0, 0, false);
    summarizeLeaf(leaf);
    return leaf;
  }
  const span = kidSpan(level);
  const kids: TableNode[] = [];
  const full = Math.floor(len / span);
  if (full > 0) {
    const shared = emptyNode(level - 1, span);
    for (let i = 0; i < full; i++) kids.push(shared);
  }
  if (len % span !== 0) kids.push(emptyNode(level - 1, len % span));
  return new TableNode(null, kids, 0, 0, 0, 0, len, len, len, len, len, false);
}
