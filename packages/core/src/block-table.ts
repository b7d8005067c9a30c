/**
 * One area's allocation table as a persistent tree of typed-array chunks.
 *
 * Leaves hold 64 cells (one byte a block: FREE, HEAD or TAIL); branches hold up to 64 children.
 * Every node keeps a summary of the free blocks below it: how many, the longest run, and the runs
 * touching its two ends. Those summaries give first fit in O(depth · 64) and the longest free run
 * in O(1), and let a write copy only the path to the leaves it touches.
 *
 * Ownership (immer's idea, done by hand): a node whose `owner` is the token of the draft being
 * edited may be changed in place; any other node is copied first. A token is dropped when its
 * draft is finished, so a finished state's nodes are never written again.
 */

/** Block kinds, as in the ATB. MARK exists only inside a collection and is never stored. */
export const FREE = 0;
export const HEAD = 1;
export const TAIL = 2;
export type BlockKind = typeof FREE | typeof HEAD | typeof TAIL;

/** An edit token; see the module comment. */
export type Owner = object;

const SHIFT = 6;
const FAN = 1 << SHIFT;
const LOW = FAN - 1;

/** A node of the table. Leaves have `cells`, branches `kids`; the summary fields are in blocks. */
export class TableNode {
  constructor(
    public owner: Owner | null,
    public cells: Uint8Array | null,
    public kids: TableNode[] | null,
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
  ) {}
}

/** A persistent block table: a root, its height (0 = the root is a leaf) and the block count. */
export interface BlockTable {
  readonly root: TableNode;
  readonly height: number;
  readonly blocks: number;
}

/** An all-free table of `blocks` blocks. Free subtrees are shared, so this costs O(depth) nodes. */
export function emptyTable(blocks: number): BlockTable {
  let height = 0;
  while (FAN ** (height + 1) < blocks) height++;
  return { root: emptyNode(height, blocks), height, blocks };
}

function emptyNode(level: number, len: number): TableNode {
  if (level === 0) return new TableNode(null, new Uint8Array(len), null, len, len, len, len, len);
  const span = 1 << (SHIFT * level);
  const kids: TableNode[] = [];
  const full = Math.floor(len / span);
  if (full > 0) {
    const shared = emptyNode(level - 1, span);
    for (let i = 0; i < full; i++) kids.push(shared);
  }
  if (len % span !== 0) kids.push(emptyNode(level - 1, len % span));
  return new TableNode(null, null, kids, len, len, len, len, len);
}

/** The kind of block `block` (0 ≤ block < blocks). */
export function kindAt(table: BlockTable, block: number): BlockKind {
  let node = table.root;
  for (let level = table.height; level > 0; level--) node = node.kids![(block >> (SHIFT * level)) & LOW]!;
  return node.cells![block & LOW] as BlockKind;
}

/** The leaf holding `block`. */
function leafAt(table: BlockTable, block: number): TableNode {
  let node = table.root;
  for (let level = table.height; level > 0; level--) node = node.kids![(block >> (SHIFT * level)) & LOW]!;
  return node;
}

// Search state shared by the recursive helpers below (avoids allocating a result object).
let carry = 0;

/**
 * First fit: the first block of the lowest free run of at least `n` blocks, or -1. This is where
 * MicroPython's scan (`gc_alloc`, which stops when its count of consecutive free blocks reaches n)
 * places the object.
 */
export function firstFit(table: BlockTable, n: number): number {
  if (table.root.max < n) return -1;
  carry = 0;
  return fit(table.root, table.height, 0, n);
}

function fit(node: TableNode, level: number, base: number, n: number): number {
  if (carry + node.pre >= n) return base - carry;
  if (node.max < n) {
    carry = node.pre === node.len ? carry + node.len : node.suf;
    return -1;
  }
  if (level === 0) {
    const cells = node.cells!;
    let run = carry;
    for (let i = 0; i < node.len; i++) {
      if (cells[i] === FREE) {
        if (++run >= n) return base + i - n + 1;
      } else run = 0;
    }
    return -1;
  }
  const kids = node.kids!;
  const span = 1 << (SHIFT * level);
  for (let k = 0; k < kids.length; k++) {
    const at = fit(kids[k]!, level - 1, base + k * span, n);
    if (at >= 0) return at;
  }
  return -1;
}

/** Number of consecutive FREE blocks from `block` on, counting at most `limit`. */
export function freeRunFrom(table: BlockTable, block: number, limit: number): number {
  return runFrom(table, block, FREE, limit);
}

/** Number of TAIL blocks right after `head` (so the object is 1 + that many blocks long). */
export function tailRunAfter(table: BlockTable, head: number): number {
  return runFrom(table, head + 1, TAIL, table.blocks);
}

function runFrom(table: BlockTable, block: number, kind: BlockKind, limit: number): number {
  let count = 0;
  let at = block;
  while (at < table.blocks) {
    const leaf = leafAt(table, at);
    let i = at & LOW;
    if (kind === FREE && i === 0 && leaf.free === leaf.len) {
      count += leaf.len;
    } else {
      const cells = leaf.cells!;
      while (i < leaf.len && cells[i] === kind) {
        i++;
        count++;
      }
      if (i < leaf.len) break;
    }
    if (count >= limit) break;
    at = (at & ~LOW) + leaf.len;
  }
  return Math.min(count, limit);
}

// Write state shared by `write`.
let writeFirst: BlockKind = FREE;
let writeRest: BlockKind = FREE;
let writeOwner: Owner = {};

/**
 * Writes a run: `first` at `start`, `rest` on the following `n - 1` blocks. Returns the new table
 * (nodes owned by `owner` are changed in place, others are copied).
 */
export function writeRun(table: BlockTable, start: number, n: number, first: BlockKind, rest: BlockKind, owner: Owner): BlockTable {
  writeFirst = first;
  writeRest = rest;
  writeOwner = owner;
  const root = write(table.root, table.height, 0, start, start + n);
  return root === table.root ? table : { root, height: table.height, blocks: table.blocks };
}

function write(node: TableNode, level: number, base: number, start: number, end: number): TableNode {
  const own = node.owner === writeOwner ? node : copyNode(node, writeOwner);
  if (level === 0) {
    const cells = own.cells!;
    const from = Math.max(start, base);
    const to = Math.min(end, base + own.len);
    for (let b = from; b < to; b++) cells[b - base] = b === start ? writeFirst : writeRest;
    summarizeLeaf(own);
    return own;
  }
  const span = 1 << (SHIFT * level);
  const kids = own.kids!;
  const firstKid = Math.floor((Math.max(start, base) - base) / span);
  const lastKid = Math.floor((Math.min(end, base + own.len) - 1 - base) / span);
  for (let k = firstKid; k <= lastKid; k++) kids[k] = write(kids[k]!, level - 1, base + k * span, start, end);
  summarizeBranch(own);
  return own;
}

function copyNode(node: TableNode, owner: Owner): TableNode {
  return new TableNode(
    owner,
    node.cells === null ? null : node.cells.slice(),
    node.kids === null ? null : node.kids.slice(),
    node.len,
    node.free,
    node.pre,
    node.suf,
    node.max,
  );
}

function summarizeLeaf(node: TableNode): void {
  const cells = node.cells!;
  const len = node.len;
  let free = 0;
  let run = 0;
  let max = 0;
  let pre = -1;
  for (let i = 0; i < len; i++) {
    if (cells[i] === FREE) {
      free++;
      if (++run > max) max = run;
    } else {
      if (pre < 0) pre = i;
      run = 0;
    }
  }
  node.free = free;
  node.pre = pre < 0 ? len : pre;
  node.suf = run;
  node.max = max;
}

function summarizeBranch(node: TableNode): void {
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

/** Calls `visit` with each leaf's cells and the block index of its first cell, in block order. */
export function forEachLeaf(table: BlockTable, visit: (cells: Uint8Array, base: number) => void): void {
  walkLeaves(table.root, table.height, 0, visit);
}

function walkLeaves(node: TableNode, level: number, base: number, visit: (cells: Uint8Array, base: number) => void): void {
  if (level === 0) {
    visit(node.cells!, base);
    return;
  }
  const span = 1 << (SHIFT * level);
  const kids = node.kids!;
  for (let k = 0; k < kids.length; k++) walkLeaves(kids[k]!, level - 1, base + k * span, visit);
}

/** The last block that is not FREE, or 0 when every block is free (as gc.c's sweep records it). */
export function lastUsedBlock(table: BlockTable): number {
  const root = table.root;
  return root.free === root.len ? 0 : root.len - root.suf - 1;
}
