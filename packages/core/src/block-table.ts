/**
 * One area's allocation table as a persistent tree.
 *
 * Leaves cover 64 blocks each, as bitmasks: a free mask and a head mask, each two 32-bit words
 * (bit i of word w is block 32·w + i). A block is FREE when its free bit is set, HEAD when its
 * head bit is set, and TAIL otherwise — the same information as 16 bytes of gc.c's ATB.
 * Branches hold up to 16 children. Every node keeps a summary of the free blocks below it (how
 * many, the longest run, and the runs touching its two ends), which gives first fit and the
 * longest free run without scanning, and lets a write copy only the path to its leaves.
 *
 * A write keeps every `free` count exact but only marks the branches above it `dirty`: their
 * runs (pre, suf, max) are brought up to date when a search passes a whole branch, or when a
 * reader asks (`refresh`). A clean branch has only clean branches below it. Refreshing a node
 * shared with an older state is safe: the runs are a function of the blocks, which never
 * change in a shared node.
 *
 * Ownership (immer's idea, done by hand): a node whose `owner` is the token of the draft being
 * edited may be changed in place; any other node is copied first. A draft drops its token when
 * it hands out a snapshot, so a state's nodes are never written again.
 */
import { popcount } from './popcount.js';

/** Block kinds, as in the ATB. MARK exists only inside a collection and is never stored. */
export const FREE = 0;
export const HEAD = 1;
export const TAIL = 2;
export type BlockKind = typeof FREE | typeof HEAD | typeof TAIL;

/** An edit token; see the module comment. */
export type Owner = object;

const LEAF_SHIFT = 6;
const LEAF_BLOCKS = 1 << LEAF_SHIFT;
const BRANCH_SHIFT = 4;
const FAN = 1 << BRANCH_SHIFT;

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
    /** A branch whose pre, suf and max may be out of date (see the module comment). */
    public dirty: boolean,
  ) {}
}

/** A persistent block table: a root, its height (0 = the root is a leaf) and the block count. */
export interface BlockTable {
  readonly root: TableNode;
  readonly height: number;
  readonly blocks: number;
}

/** Blocks covered by one child of a node at `level` (level 1 = parents of leaves). */
function kidSpan(level: number): number {
  return LEAF_BLOCKS << (BRANCH_SHIFT * (level - 1));
}

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

// ---- 64-bit masks as two 32-bit words -------------------------------------------------------

/** Bits [a, b) of one word, 0 ≤ a ≤ b ≤ 32. */
function bits(a: number, b: number): number {
  if (a >= b) return 0;
  return b - a === 32 ? -1 : (((1 << (b - a)) - 1) << a) | 0;
}

/** Bits [0, n) of a 64-bit mask: its low word and its high word. */
function low(n: number): number {
  return bits(0, Math.min(n, 32));
}
function high(n: number): number {
  return bits(0, Math.max(0, n - 32));
}

/** Index of the lowest set bit (x ≠ 0). */
function ctz(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** The first set bit at or after `pos` (0 ≤ pos < 64), or 64. */
function nextSet(w0: number, w1: number, pos: number): number {
  if (pos >= 64) return 64;
  if (pos < 32) {
    const x = w0 & (-1 << pos);
    if (x !== 0) return ctz(x);
    pos = 32;
  }
  const y = w1 & (-1 << (pos - 32));
  return y !== 0 ? 32 + ctz(y) : 64;
}

/**
 * Per 16-bit value: the run of set bits from bit 0 up (PRE), from bit 15 down (SUF), and the
 * longest run (MAX). Built once; 192 KiB.
 */
const QUARTER_PRE = new Uint8Array(1 << 16);
const QUARTER_SUF = new Uint8Array(1 << 16);
const QUARTER_MAX = new Uint8Array(1 << 16);
for (let v = 0; v < 1 << 16; v++) {
  let run = 0;
  let max = 0;
  let pre = -1;
  for (let i = 0; i < 16; i++) {
    if ((v >> i) & 1) {
      if (++run > max) max = run;
    } else {
      if (pre < 0) pre = i;
      run = 0;
    }
  }
  QUARTER_PRE[v] = pre < 0 ? 16 : pre;
  QUARTER_SUF[v] = run;
  QUARTER_MAX[v] = max;
}

// ---- reading ----------------------------------------------------------------------------------

/** The leaf holding `block`. */
function leafAt(table: BlockTable, block: number): TableNode {
  let node = table.root;
  for (let level = table.height; level > 0; level--) node = node.kids![(block >> (LEAF_SHIFT + BRANCH_SHIFT * (level - 1))) & (FAN - 1)]!;
  return node;
}

function leafKind(leaf: TableNode, i: number): BlockKind {
  const word = i < 32 ? 0 : 1;
  const bit = 1 << (i & 31);
  if (((word === 0 ? leaf.free0 : leaf.free1) & bit) !== 0) return FREE;
  return ((word === 0 ? leaf.head0 : leaf.head1) & bit) !== 0 ? HEAD : TAIL;
}

/** The kind of block `block` (0 ≤ block < blocks). */
export function kindAt(table: BlockTable, block: number): BlockKind {
  return leafKind(leafAt(table, block), block & (LEAF_BLOCKS - 1));
}

// Search state shared by the recursive helpers below (avoids allocating a result object).
let carry = 0;

/**
 * First fit: the first block of the lowest free run of at least `n` blocks, or -1. This is where
 * MicroPython's scan (`gc_alloc`, which stops when its count of consecutive free blocks reaches n)
 * places the object. `from` may name a block below which no block is free (gc.c's hint), so
 * the search can start there.
 */
export function firstFit(table: BlockTable, n: number, from = 0): number {
  carry = 0;
  return fitFrom(table.root, table.height, 0, n, from);
}

function fitFrom(node: TableNode, level: number, base: number, n: number, from: number): number {
  if (base + node.len <= from) return -1;
  if (level === 0 || (!node.dirty && base >= from)) return fit(node, level, base, n);
  const kids = node.kids!;
  const span = kidSpan(level);
  for (let k = firstKidFrom(from, base, span); k < kids.length; k++) {
    const at = fitFrom(kids[k]!, level - 1, base + k * span, n, from);
    if (at >= 0) return at;
  }
  // Passed the whole branch: make it skippable for the next search (its kids are clean now).
  if (node.dirty && base >= from) {
    summarizeBranch(node);
    node.dirty = false;
  }
  return -1;
}

/** The first child of a branch at `base` that can hold blocks at or after `from`. */
function firstKidFrom(from: number, base: number, span: number): number {
  return from <= base ? 0 : Math.floor((from - base) / span);
}

/** First fit inside a clean subtree, or a leaf. */
function fit(node: TableNode, level: number, base: number, n: number): number {
  if (carry + node.pre >= n) return base - carry;
  if (node.max < n) {
    carry = node.pre === node.len ? carry + node.len : node.suf;
    return -1;
  }
  if (level === 0) return base + firstRunInLeaf(node, n);
  const kids = node.kids!;
  const span = kidSpan(level);
  for (let k = 0; k < kids.length; k++) {
    const at = fit(kids[k]!, level - 1, base + k * span, n);
    if (at >= 0) return at;
  }
  return -1;
}

/**
 * First fit among the blocks from `from` on: the first block at or after `from` that starts `n`
 * free blocks, or -1. Unlike `firstFit`'s hint, `from` may have free blocks below it; they are
 * ignored (a run that starts below `from` counts from `from`).
 */
export function firstFitAfter(table: BlockTable, n: number, from: number): number {
  carry = 0;
  return fitAfter(table.root, table.height, 0, n, Math.max(0, from));
}

function fitAfter(node: TableNode, level: number, base: number, n: number, from: number): number {
  if (base + node.len <= from) return -1;
  if (base >= from && (level === 0 || !node.dirty)) return fit(node, level, base, n);
  if (level === 0) return fitInLeafAfter(node, base, n, from - base);
  const kids = node.kids!;
  const span = kidSpan(level);
  for (let k = firstKidFrom(from, base, span); k < kids.length; k++) {
    const at = fitAfter(kids[k]!, level - 1, base + k * span, n, from);
    if (at >= 0) return at;
  }
  return -1;
}

/** First fit in a leaf counting only blocks from `offset` on; leaves `carry` for the next leaf. */
function fitInLeafAfter(leaf: TableNode, base: number, n: number, offset: number): number {
  const f0 = leaf.free0 & (offset >= 32 ? 0 : -1 << offset);
  const f1 = leaf.free1 & (offset <= 32 ? -1 : -1 << (offset - 32));
  carry = 0;
  for (let pos = nextSet(f0, f1, 0); pos < leaf.len; ) {
    const end = Math.min(nextSet(~f0, ~f1, pos), leaf.len);
    if (end - pos >= n) return base + pos;
    if (end === leaf.len) carry = end - pos;
    pos = nextSet(f0, f1, end);
  }
  return -1;
}

/** Brings a node's runs up to date (and those of the dirty branches below it). */
function refresh(node: TableNode): TableNode {
  if (node.dirty) {
    for (const kid of node.kids!) refresh(kid);
    summarizeBranch(node);
    node.dirty = false;
  }
  return node;
}

/** Free blocks in the table. O(1). */
export function freeBlocks(table: BlockTable): number {
  return table.root.free;
}

/** The longest run of free blocks: the largest object that fits. */
export function largestFreeRun(table: BlockTable): number {
  return refresh(table.root).max;
}

/** Start of the first free run of at least n blocks inside a leaf (its `max` is at least n). */
function firstRunInLeaf(leaf: TableNode, n: number): number {
  const f0 = leaf.free0;
  const f1 = leaf.free1;
  let pos = 0;
  while (pos < leaf.len) {
    const start = nextSet(f0, f1, pos);
    const end = nextSet(~f0, ~f1, start);
    if (end - start >= n) return start;
    pos = end;
  }
  return -1;
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

// ---- writing ----------------------------------------------------------------------------------

// Write state shared by `write`.
let writeKind: BlockKind = FREE;
let writeStart = 0;
let writeOwner: Owner = {};

/**
 * Writes a run of `n` blocks from `start`: `HEAD` writes a head followed by tails, `TAIL` all
 * tails, `FREE` all free. Returns the new table (nodes owned by `owner` are changed in place,
 * others are copied).
 */
export function writeRun(table: BlockTable, start: number, n: number, kind: BlockKind, owner: Owner): BlockTable {
  writeKind = kind;
  writeStart = start;
  writeOwner = owner;
  const inOneLeaf = start >> LEAF_SHIFT === (start + n - 1) >> LEAF_SHIFT;
  const root = inOneLeaf ? writeInLeaf(table, start, n) : write(table.root, table.height, 0, start, start + n);
  return root === table.root ? table : { root, height: table.height, blocks: table.blocks };
}

/** Path from the root to the leaf being written, reused by `writeInLeaf`. */
const path: TableNode[] = [];

/** `writeRun` for a run inside one leaf (the common case): no recursion, no range arithmetic. */
function writeInLeaf(table: BlockTable, start: number, n: number): TableNode {
  let node = table.root.owner === writeOwner ? table.root : copyNode(table.root, writeOwner);
  const root = node;
  for (let level = table.height; level > 0; level--) {
    path[level] = node;
    const index = (start >> (LEAF_SHIFT + BRANCH_SHIFT * (level - 1))) & (FAN - 1);
    const kids = node.kids!;
    let kid = kids[index]!;
    if (kid.owner !== writeOwner) kids[index] = kid = copyNode(kid, writeOwner);
    node = kid;
  }
  const from = start & (LEAF_BLOCKS - 1);
  const to = from + n;
  const free = node.free;
  writeLeafMasks(node, from < 32 ? bits(from, Math.min(to, 32)) : 0, to > 32 ? bits(Math.max(from, 32) - 32, to - 32) : 0, from);
  const delta = node.free - free;
  for (let level = 1; level <= table.height; level++) {
    const branch = path[level]!;
    branch.free += delta;
    branch.dirty = true;
  }
  return root;
}

/** Applies the current write to a leaf's masks: `m0`/`m1` select the blocks, `head` is the head's index. */
function writeLeafMasks(leaf: TableNode, m0: number, m1: number, head: number): void {
  leaf.head0 &= ~m0;
  leaf.head1 &= ~m1;
  if (writeKind === FREE) {
    leaf.free0 |= m0;
    leaf.free1 |= m1;
  } else {
    leaf.free0 &= ~m0;
    leaf.free1 &= ~m1;
    if (writeKind === HEAD && head >= 0 && head < leaf.len) {
      if (head < 32) leaf.head0 |= 1 << head;
      else leaf.head1 |= 1 << (head - 32);
    }
  }
  summarizeLeaf(leaf);
}

function write(node: TableNode, level: number, base: number, start: number, end: number): TableNode {
  const own = node.owner === writeOwner ? node : copyNode(node, writeOwner);
  if (level === 0) {
    const from = Math.max(start, base) - base;
    const to = Math.min(end, base + own.len) - base;
    writeLeafMasks(own, bits(Math.min(from, 32), Math.min(to, 32)), bits(Math.max(from, 32) - 32, Math.max(to, 32) - 32), writeStart - base);
    return own;
  }
  const span = kidSpan(level);
  const kids = own.kids!;
  const firstKid = Math.floor((Math.max(start, base) - base) / span);
  const lastKid = Math.floor((Math.min(end, base + own.len) - 1 - base) / span);
  for (let k = firstKid; k <= lastKid; k++) kids[k] = write(kids[k]!, level - 1, base + k * span, start, end);
  markWritten(own);
  return own;
}

/**
 * Frees many runs in one pass (a collection's sweep): `runs` holds start, length pairs up to
 * index `end`, sorted by start and not overlapping. Each touched node is copied and summarised
 * once.
 */
export function freeRuns(table: BlockTable, runs: readonly number[], owner: Owner, end = runs.length): BlockTable {
  if (end === 0) return table;
  writeKind = FREE;
  writeStart = -1;
  writeOwner = owner;
  const root = freeIn(table.root, table.height, 0, runs, 0, end);
  return root === table.root ? table : { root, height: table.height, blocks: table.blocks };
}

/** Frees the runs runs[lo..hi) (pair indices, step 2), all of which meet this node. */
function freeIn(node: TableNode, level: number, base: number, runs: readonly number[], lo: number, hi: number): TableNode {
  const own = node.owner === writeOwner ? node : copyNode(node, writeOwner);
  if (level === 0) {
    let m0 = 0;
    let m1 = 0;
    for (let r = lo; r < hi; r += 2) {
      const from = Math.max(runs[r]!, base) - base;
      const to = Math.min(runs[r]! + runs[r + 1]!, base + own.len) - base;
      m0 |= bits(Math.min(from, 32), Math.min(to, 32));
      m1 |= bits(Math.max(from, 32) - 32, Math.max(to, 32) - 32);
    }
    writeLeafMasks(own, m0, m1, -1);
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

/** After children of a branch were written: its free count is recounted, its runs go stale. */
function markWritten(node: TableNode): void {
  let free = 0;
  for (const kid of node.kids!) free += kid.free;
  node.free = free;
  node.dirty = true;
}

function copyNode(node: TableNode, owner: Owner): TableNode {
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

function summarizeLeaf(leaf: TableNode): void {
  const f0 = leaf.free0;
  const f1 = leaf.free1;
  const len = leaf.len;
  leaf.free = popcount(f0) + popcount(f1);
  if (leaf.free === len) {
    leaf.pre = leaf.suf = leaf.max = len;
    return;
  }
  leaf.pre = nextSet(~f0, ~f1, 0);
  leaf.suf = runEndingAt(f0, f1, len);
  // Longest run: combine the four 16-bit quarters with the lookup tables.
  let run = 0;
  let max = 0;
  for (let q = 0; q < 4; q++) {
    const v = ((q < 2 ? f0 : f1) >>> ((q & 1) << 4)) & 0xffff;
    if (v === 0xffff) {
      run += 16;
      continue;
    }
    const joined = run + QUARTER_PRE[v]!;
    if (joined > max) max = joined;
    if (QUARTER_MAX[v]! > max) max = QUARTER_MAX[v]!;
    run = QUARTER_SUF[v]!;
  }
  if (run > max) max = run;
  leaf.max = max;
}

/** Length of the run of set bits ending at bit len − 1 (1 ≤ len ≤ 64). */
function runEndingAt(f0: number, f1: number, len: number): number {
  if (len > 32) {
    const highBits = len - 32;
    const ones = Math.min(Math.clz32(~(f1 << (32 - highBits))), highBits);
    return ones < highBits ? ones : highBits + Math.clz32(~f0);
  }
  return Math.min(Math.clz32(~(f0 << (32 - len))), len);
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

/**
 * Calls `visit` with each leaf's block kinds and the index of its first block, in block order.
 * The array is reused between calls: read it, don't keep it.
 */
export function forEachLeaf(table: BlockTable, visit: (kinds: Uint8Array, base: number) => void): void {
  const kinds = new Uint8Array(LEAF_BLOCKS);
  walkLeaves(table.root, table.height, 0, (leaf, base) => {
    for (let i = 0; i < leaf.len; i++) kinds[i] = leafKind(leaf, i);
    visit(kinds.subarray(0, leaf.len), base);
  });
}

function walkLeaves(node: TableNode, level: number, base: number, visit: (leaf: TableNode, base: number) => void): void {
  if (level === 0) {
    visit(node, base);
    return;
  }
  const span = kidSpan(level);
  const kids = node.kids!;
  for (let k = 0; k < kids.length; k++) walkLeaves(kids[k]!, level - 1, base + k * span, visit);
}

/** The last block that is not FREE, or 0 when every block is free (as gc.c's sweep records it). */
export function lastUsedBlock(table: BlockTable): number {
  const root = refresh(table.root);
  return root.free === root.len ? 0 : root.len - root.suf - 1;
}

// Run-walk state shared by `walkRuns` (avoids a closure per call).
let runStart = 0;
let runLength = 0;
let runMin = 1;
let runVisit: (start: number, length: number) => void = () => {};

/**
 * Calls `visit(start, length)` for every maximal free run of at least `minLength` blocks, in
 * address order. Subtrees whose longest run is shorter are passed by their end runs alone, so
 * asking for long runs visits few nodes.
 */
export function forEachFreeRun(table: BlockTable, minLength: number, visit: (start: number, length: number) => void): void {
  runStart = 0;
  runLength = 0;
  runMin = Math.max(1, minLength);
  runVisit = visit;
  walkRuns(refresh(table.root), table.height, 0);
  closeRun();
}

function closeRun(): void {
  if (runLength >= runMin) runVisit(runStart, runLength);
  runLength = 0;
}

/** Adds the free blocks [start, start + n) that follow the current run, or opens a new one. */
function extendRun(start: number, n: number): void {
  if (n === 0) return;
  if (runLength > 0 && runStart + runLength === start) {
    runLength += n;
  } else {
    closeRun();
    runStart = start;
    runLength = n;
  }
}

function walkRuns(node: TableNode, level: number, base: number): void {
  if (node.free === node.len) {
    extendRun(base, node.len);
  } else if (node.max < runMin) {
    // Only the runs at its two ends can join neighbours into a long enough run.
    extendRun(base, node.pre);
    extendRun(base + node.len - node.suf, node.suf);
  } else if (level === 0) {
    const f0 = node.free0;
    const f1 = node.free1;
    for (let pos = nextSet(f0, f1, 0); pos < node.len; ) {
      const end = Math.min(nextSet(~f0, ~f1, pos), node.len);
      extendRun(base + pos, end - pos);
      pos = nextSet(f0, f1, end);
    }
  } else {
    const span = kidSpan(level);
    const kids = node.kids!;
    for (let k = 0; k < kids.length; k++) walkRuns(kids[k]!, level - 1, base + k * span);
  }
}
