/** Writing one run of blocks (HEAD, TAIL or FREE), copying the nodes the writer does not own. */
import { writeLeafRange } from './leaf.js';
import { markWritten } from './summary.js';
import { type BlockKind, type BlockTable, copyNode, FREE, kidSpan, offsetInLeaf, type Owner, ownPathTo, sameLeaf, type TableNode } from './tree.js';

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
  const inOneLeaf = sameLeaf(start, start + n - 1);
  const root = inOneLeaf ? writeInLeaf(table, start, n) : write(table.root, table.height, 0, start, start + n);
  return root === table.root ? table : { root, height: table.height, blocks: table.blocks };
}

/** Path from the root to the leaf being written, reused by `writeInLeaf`. */
const path: TableNode[] = [];

/** `writeRun` for a run inside one leaf (the common case): no recursion, no range arithmetic. */
function writeInLeaf(table: BlockTable, start: number, n: number): TableNode {
  const leaf = ownPathTo(table, start, writeOwner, path);
  const from = offsetInLeaf(start);
  const free = leaf.free;
  writeLeafRange(leaf, from, from + n, writeKind, from);
  const delta = leaf.free - free;
  for (let level = 1; level <= table.height; level++) {
    const branch = path[level]!;
    branch.free += delta;
    branch.dirty = true;
  }
  return table.height > 0 ? path[table.height]! : leaf;
}

function write(node: TableNode, level: number, base: number, start: number, end: number): TableNode {
  const own = node.owner === writeOwner ? node : copyNode(node, writeOwner);
  if (level === 0) {
    const from = Math.max(start, base) - base;
    const to = Math.min(end, base + own.len) - base;
    writeLeafRange(own, from, to, writeKind, writeStart - base);
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
