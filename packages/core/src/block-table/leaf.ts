/**
 * One leaf's 64 blocks as bitmasks: a free mask and a head mask, each held as two 32-bit words
 * (bit i of word w is block 32·w + i). Reading a block's kind, finding free runs, writing blocks
 * of one kind, and the leaf's free-run summary are all bit work on these words, kept together.
 *
 * Only leaf operations are exported; the bit helpers stay private. That keeps the engine's most
 * frequent calls (first fit inside a leaf, a write and its summary) inside this module: V8 reaches
 * an exported or imported function through a module cell, which costs a little more per call.
 */
import { popcount } from '../popcount.js';
import { quarterRuns } from './quarter-runs.js';
import { type BlockKind, FREE, HEAD, TAIL, TableNode } from './tree.js';

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

/** Length of the run of set bits ending at bit len − 1 (1 ≤ len ≤ 64). */
function runEndingAt(f0: number, f1: number, len: number): number {
  if (len > 32) {
    const highBits = len - 32;
    const ones = Math.min(Math.clz32(~(f1 << (32 - highBits))), highBits);
    return ones < highBits ? ones : highBits + Math.clz32(~f0);
  }
  return Math.min(Math.clz32(~(f0 << (32 - len))), len);
}

// ---- the leaf's summary -------------------------------------------------------------------------

/**
 * Per 16-bit value: the run of set bits from bit 0 up (PRE), from bit 15 down (SUF), and the
 * longest run (MAX). Built once; 192 KiB. Module constants, so the summary reads them directly.
 */
const [QUARTER_PRE, QUARTER_SUF, QUARTER_MAX] = quarterRuns();

/** Recomputes a leaf's summary (free, pre, suf, max) from its free mask. */
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

/** A leaf of `len` blocks (1 ≤ len ≤ 64), all free. */
export function emptyLeaf(len: number): TableNode {
  const leaf = new TableNode(null, null, low(len), high(len), 0, 0, len, 0, 0, 0, 0, false);
  summarizeLeaf(leaf);
  return leaf;
}

// ---- reading ----------------------------------------------------------------------------------

/** The kind of block `i` of a leaf. */
export function leafKind(leaf: TableNode, i: number): BlockKind {
  const word = i < 32 ? 0 : 1;
  const bit = 1 << (i & 31);
  if (((word === 0 ? leaf.free0 : leaf.free1) & bit) !== 0) return FREE;
  return ((word === 0 ? leaf.head0 : leaf.head1) & bit) !== 0 ? HEAD : TAIL;
}

/** The first free block of a leaf at or after `pos` (0 ≤ pos ≤ 64), or 64 when there is none. */
export function nextFreeInLeaf(leaf: TableNode, pos: number): number {
  return nextSet(leaf.free0, leaf.free1, pos);
}

/** The end of a leaf's free run from `pos`: its first block at or after `pos` that is not free, or its length. */
export function freeRunEndInLeaf(leaf: TableNode, pos: number): number {
  return Math.min(nextSet(~leaf.free0, ~leaf.free1, pos), leaf.len);
}

/** Start of the first free run of at least n blocks inside a leaf (its `max` is at least n). */
export function firstRunInLeaf(leaf: TableNode, n: number): number {
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

// ---- writing ----------------------------------------------------------------------------------

/**
 * Makes the blocks selected by `m0`/`m1` `kind` (for HEAD, block `head` the head and the rest
 * tails; a `head` outside the leaf writes only tails) and summarises the leaf again.
 */
function writeLeafMasks(leaf: TableNode, m0: number, m1: number, kind: BlockKind, head: number): void {
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

/**
 * Makes the blocks [from, to) of a leaf `kind` (0 ≤ from ≤ to ≤ its length): for HEAD, block
 * `head` becomes the head and the rest tails (a `head` outside the leaf writes only tails).
 */
export function writeLeafRange(leaf: TableNode, from: number, to: number, kind: BlockKind, head: number): void {
  writeLeafMasks(leaf, from < 32 ? bits(from, Math.min(to, 32)) : 0, to > 32 ? bits(Math.max(from, 32) - 32, to - 32) : 0, kind, head);
}

/**
 * Frees the parts of the runs runs[lo..hi) (start, length pairs, step 2) that fall inside the
 * leaf whose first block is `base`, summarising the leaf once.
 */
export function freeLeafRuns(leaf: TableNode, base: number, runs: readonly number[], lo: number, hi: number): void {
  let m0 = 0;
  let m1 = 0;
  for (let r = lo; r < hi; r += 2) {
    const from = Math.max(runs[r]!, base) - base;
    const to = Math.min(runs[r]! + runs[r + 1]!, base + leaf.len) - base;
    m0 |= bits(Math.min(from, 32), Math.min(to, 32));
    m1 |= bits(Math.max(from, 32) - 32, Math.max(to, 32) - 32);
  }
  writeLeafMasks(leaf, m0, m1, FREE, -1);
}
