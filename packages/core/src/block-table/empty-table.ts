/** A new table with every block free. */
import { emptyLeaf } from './leaf.js';
import { type BlockTable, heightFor, kidSpan, TableNode } from './tree.js';

/** An all-free table of `blocks` blocks. Free subtrees are shared, so this costs O(depth) nodes. */
export function emptyTable(blocks: number): BlockTable {
  const height = heightFor(blocks);
  return { root: emptyNode(height, blocks), height, blocks };
}

function emptyNode(level: number, len: number): TableNode {
  if (level === 0) return emptyLeaf(len);
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
