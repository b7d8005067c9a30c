/**
 * One area's allocation table as a persistent tree: its nodes, its shape, and ownership (copying
 * the nodes on the way to a leaf that the writer does not own).
 *
 * Leaves cover 64 blocks each, as bitmasks: a free mask and a head mask, each two 32-bit words
 * (bit i of word w is block 32·w + i). A block is FREE when its free bit is set, HEAD when its
 * head bit is set, and TAIL otherwise — the same information as 16 bytes of gc.c's ATB.
 * Branches hold up to 16 children. Every node keeps a summary of the free blocks below it (see
 * `summary.ts`), which lets a write copy only the path to its leaves.
 *
 * Ownership (immer's idea, done by hand): a node whose `owner` is the token of the draft being
 * edited may be changed in place; any other node is copied first. A draft drops its token when
 * it hands out a snapshot, so a state's nodes are never written again.
 */

/** Block kinds, as in the ATB. MARK exists only inside a collection and is never stored. */
export const FREE = 0;
export const HEAD = 1;
export const TAIL = 2;
export type BlockKind = typeof FREE | typeof HEAD | typeof TAIL;

/** An edit token; see the module comment. */
export type Owner = object;

// The tree's shape. The shifts stay private: other modules ask the functions below, because a
// hot loop that read imported constants would load each through a module cell on every use.
/** log2 of the blocks in a leaf. */
const LEAF_SHIFT = 6;
/** log2 of a branch's children. */
const BRANCH_SHIFT = 4;
const FAN = 1 << BRANCH_SHIFT;

/** Blocks in a full leaf. */
export const LEAF_BLOCKS = 1 << LEAF_SHIFT;

/** A node of the table. Leaves have `kids` = null; the summary fields count blocks. */
export class TableNode {
  constructor(
    public owner: Owner | null,
    public kids: TableNode[] | null,
    /** Free mask, blocks 0–31 and 32–63 of a leaf. */
    public free0: number,
    public free1: number,
    /** Head mask, likewise. */
    public head0: number,
    public head1: number,
    /** Blocks below this node. */
    public len: number,
    /** Free blocks below this node. */
    public free: number,
    /** Length of the free run starting at the node's first block. */
    public pre: number,
    /** Length of the free run ending at the node's last block. */
    public suf: number,
    /** Longest free run inside the node. */
    public max: number,
    /** A branch whose pre, suf and max may be out of date (see `summary.ts`). */
    public dirty: boolean,
  ) {}
}

/** A persistent block table: a root, its height (0 = the root is a leaf) and the block count. */
export interface BlockTable {
  readonly root: TableNode;
  readonly height: number;
  readonly blocks: number;
}

/** The height of a table of `blocks` blocks: 0 when its root is a leaf. */
export function heightFor(blocks: number): number {
  let height = 0;
  while (LEAF_BLOCKS * FAN ** height < blocks) height++;
  return height;
}

/** Blocks covered by one child of a node at `level` (level 1 = parents of leaves). */
export function kidSpan(level: number): number {
  return 1 << (LEAF_SHIFT + BRANCH_SHIFT * (level - 1));
}

/** Whether blocks `a` and `b` lie in the same leaf. */
export function sameLeaf(a: number, b: number): boolean {
  return a >> LEAF_SHIFT === b >> LEAF_SHIFT;
}

/** The position of `block` inside its leaf. */
export function offsetInLeaf(block: number): number {
  return block & (LEAF_BLOCKS - 1);
}

/** The leaf holding `block`. */
export function leafAt(table: BlockTable, block: number): TableNode {
  let node = table.root;
  for (let level = table.height; level > 0; level--) node = node.kids![(block >> (LEAF_SHIFT + BRANCH_SHIFT * (level - 1))) & (FAN - 1)]!;
  return node;
}

/**
 * Makes the path from the root to the leaf holding `block` writable by `owner`: each node on it
 * that `owner` does not own is replaced by a copy. Returns the leaf, and sets `path[level]` to the
 * path's branch at each level from 1 to the height (`path[height]` is the root).
 */
export function ownPathTo(table: BlockTable, block: number, owner: Owner, path: TableNode[]): TableNode {
  let node = table.root.owner === owner ? table.root : copyNode(table.root, owner);
  for (let level = table.height; level > 0; level--) {
    path[level] = node;
    const index = (block >> (LEAF_SHIFT + BRANCH_SHIFT * (level - 1))) & (FAN - 1);
    const kids = node.kids!;
    let kid = kids[index]!;
    if (kid.owner !== owner) kids[index] = kid = copyNode(kid, owner);
    node = kid;
  }
  return node;
}

/** A copy of `node` owned by `owner`, with its own array of children. */
export function copyNode(node: TableNode, owner: Owner): TableNode {
  return new TableNode(
    owner,
    node.kids === null ? null : node.kids.slice(),
    node.free0,
    node.free1,
    node.head0,
    node.head1,
    node.len,
    node.free,
    node.pre,
    node.suf,
    node.max,
    node.dirty,
  );
}
