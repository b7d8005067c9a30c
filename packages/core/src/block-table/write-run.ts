/** Writing one run of blocks (HEAD, TAIL or FREE), copying the nodes the writer does not own. */
import { writeLeafMasks } from './leaf-write.js';
import { bits } from './masks.js';
import { markWritten } from './summary.js';
import { type BlockKind, type BlockTable, BRANCH_SHIFT, copyNode, FAN, FREE, kidSpan, LEAF_BLOCKS, LEAF_SHIFT, type Owner, type TableNode } from './tree.js';

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
  writeLeafMasks(node, from < 32 ? bits(from, Math.min(to, 32)) : 0, to > 32 ? bits(Math.max(from, 32) - 32, to - 32) : 0, writeKind, from);
  const delta = node.free - free;
  for (let level = 1; level <= table.height; level++) {
    const branch = path[level]!;
    branch.free += delta;
    branch.dirty = true;
  }
  return root;
}

function write(node: TableNode, level: number, base: number, start: number, end: number): TableNode {
  const own = node.owner === writeOwner ? node : copyNode(node, writeOwner);
  if (level === 0) {
    const from = Math.max(start, base) - base;
    const to = Math.min(end, base + own.len) - base;
    writeLeafMasks(own, bits(Math.min(from, 32), Math.min(to, 32)), bits(Math.max(from, 32) - 32, Math.max(to, 32) - 32), writeKind, writeStart - base);
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
