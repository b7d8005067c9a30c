/** Walking a table in block order: every leaf's kinds, or every long enough free run. */
import { freeRunEndInLeaf, leafKind, nextFreeInLeaf } from './leaf.js';
import { refresh } from './summary.js';
import { type BlockTable, kidSpan, LEAF_BLOCKS, type TableNode } from './tree.js';

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

// Run-walk state shared by `walkRuns` (avoids a closure per call).
let runStart = 0;
let runLength = 0;
let runMin = 1;
let runStopped = false;
let runVisit: RunVisitor = () => {};

/** Called with a free run; returning true (nothing else) stops the walk there. */
export type RunVisitor = (start: number, length: number) => unknown;

/**
 * Calls `visit(start, length)` for every maximal free run of at least `minLength` blocks, in
 * address order, until it returns true. Subtrees whose longest run is shorter are passed by their
 * end runs alone, so asking for long runs visits few nodes.
 */
export function forEachFreeRun(table: BlockTable, minLength: number, visit: RunVisitor): void {
  runStart = 0;
  runLength = 0;
  runMin = Math.max(1, minLength);
  runStopped = false;
  runVisit = visit;
  walkRuns(refresh(table.root), table.height, 0);
  closeRun();
}

function closeRun(): void {
  if (runLength >= runMin && !runStopped) runStopped = runVisit(runStart, runLength) === true;
  runLength = 0;
}

/** Adds the free blocks [start, start + n) that follow the current run, or opens a new one. */
function extendRun(start: number, n: number): void {
  if (n === 0 || runStopped) return;
  if (runLength > 0 && runStart + runLength === start) {
    runLength += n;
  } else {
    closeRun();
    runStart = start;
    runLength = n;
  }
}

function walkRuns(node: TableNode, level: number, base: number): void {
  if (runStopped) return;
  if (node.free === node.len) {
    extendRun(base, node.len);
  } else if (node.max < runMin) {
    // Only the runs at its two ends can join neighbours into a long enough run.
    extendRun(base, node.pre);
    extendRun(base + node.len - node.suf, node.suf);
  } else if (level === 0) {
    for (let pos = nextFreeInLeaf(node, 0); pos < node.len && !runStopped; ) {
      const end = freeRunEndInLeaf(node, pos);
      extendRun(base + pos, end - pos);
      pos = nextFreeInLeaf(node, end);
    }
  } else {
    const span = kidSpan(level);
    const kids = node.kids!;
    for (let k = 0; k < kids.length && !runStopped; k++) walkRuns(kids[k]!, level - 1, base + k * span);
  }
}
