/** Writing blocks of one kind into a leaf's masks. */
import { summarizeLeaf } from './summary.js';
import { type BlockKind, FREE, HEAD, type TableNode } from './tree.js';

/**
 * Makes the blocks selected by `m0`/`m1` `kind` (for HEAD, block `head` the head and the rest
 * tails; a `head` outside the leaf writes only tails) and summarises the leaf again.
 */
export function writeLeafMasks(leaf: TableNode, m0: number, m1: number, kind: BlockKind, head: number): void {
  leaf.head0 &= ~m0;
  leaf.head1 &= ~m1;
  if (kind === FREE) {
    leaf.free0 |= m0;
    leaf.free1 |= m1;
  } else {
    leaf.free0 &= ~m0;
    leaf.free1 &= ~m1;
    if (kind === HEAD && head >= 0 && head < leaf.len) {
      if (head < 32) leaf.head0 |= 1 << head;
      else leaf.head1 |= 1 << (head - 32);
    }
  }
  summarizeLeaf(leaf);
}
