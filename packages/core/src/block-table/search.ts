/** Searching a table for free runs: first fit from gc.c's hint, and first fit after a block. */
import { firstRunInLeaf, freeRunEndInLeaf, nextFreeInLeaf } from './leaf.js';
import { summarizeBranch } from './summary.js';
import { type BlockTable, kidSpan, type TableNode } from './tree.js';

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
  carry = 0;
  for (let pos = nextFreeInLeaf(leaf, offset); pos < leaf.len; ) {
    const end = freeRunEndInLeaf(leaf, pos);
    if (end - pos >= n) return base + pos;
    if (end === leaf.len) carry = end - pos;
    pos = nextFreeInLeaf(leaf, end);
  }
  return -1;
}
