/**
 * The free-run summaries every node keeps: how many blocks below it are free (`free`), the
 * longest run (`max`), and the runs touching its two ends (`pre`, `suf`). They give first fit
 * and the longest free run without scanning.
 *
 * A write keeps every `free` count exact but only marks the branches above it `dirty`: their
 * runs (pre, suf, max) are brought up to date when a search passes a whole branch, or when a
 * reader asks (`refresh`). A clean branch has only clean branches below it. Refreshing a node
 * shared with an older state is safe: the runs are a function of the blocks, which never
 * change in a shared node.
 */
import { popcount } from '../popcount.js';
import { nextSet, runEndingAt } from './masks.js';
import type { TableNode } from './tree.js';

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

/** Recomputes a leaf's summary from its free mask. */
export function summarizeLeaf(leaf: TableNode): void {
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

/** Recomputes a branch's summary from its children's (which must be up to date). */
export function summarizeBranch(node: TableNode): void {
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

/** Brings a node's runs up to date (and those of the dirty branches below it). */
export function refresh(node: TableNode): TableNode {
  if (node.dirty) {
    for (const kid of node.kids!) refresh(kid);
    summarizeBranch(node);
    node.dirty = false;
  }
  return node;
}

/** After children of a branch were written: its free count is recounted, its runs go stale. */
export function markWritten(node: TableNode): void {
  let free = 0;
  for (const kid of node.kids!) free += kid.free;
  node.free = free;
  node.dirty = true;
}
