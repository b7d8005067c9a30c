/**
 * A persistent map from object ids (non-negative safe integers) to values: a hash array mapped
 * trie on the id's low 32 bits, five bits a level, with a bucket for ids that share all 32.
 *
 * Writes copy the path from the root (O(log32 n) nodes) unless the nodes belong to the caller's
 * edit token, as in `block-table.ts`. Deletions collapse single-leaf nodes, so the trie's shape
 * depends only on the set of keys, never on the order they were inserted.
 */
import type { Owner } from './block-table.js';

const BITS = 5;
const MASK = (1 << BITS) - 1;
/** Shift at which all 32 hash bits are used up: deeper keys live in a bucket. */
const LAST_SHIFT = 35;

class Leaf<V> {
  constructor(
    readonly key: number,
    readonly value: V,
  ) {}
}

class Bucket<V> {
  constructor(
    public owner: Owner | null,
    public leaves: Leaf<V>[],
  ) {}
}

class Node<V> {
  constructor(
    public owner: Owner | null,
    public bitmap: number,
    public slots: Slot<V>[],
  ) {}
}

type Slot<V> = Leaf<V> | Bucket<V> | Node<V>;

/** The root of a trie. An empty map is an empty node. */
export type IdMapRoot<V> = Node<V>;

/** A fresh empty root. */
export function emptyIdMap<V>(): IdMapRoot<V> {
  return new Node<V>(null, 0, []);
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** The value stored under `key`, or undefined. */
export function idMapGet<V>(root: IdMapRoot<V>, key: number): V | undefined {
  const hash = key >>> 0;
  let node: Node<V> = root;
  for (let shift = 0; ; shift += BITS) {
    const bit = 1 << ((hash >>> shift) & MASK);
    if ((node.bitmap & bit) === 0) return undefined;
    const slot = node.slots[popcount(node.bitmap & (bit - 1))]!;
    if (slot instanceof Leaf) return slot.key === key ? slot.value : undefined;
    if (slot instanceof Bucket) return slot.leaves.find((leaf) => leaf.key === key)?.value;
    node = slot;
  }
}

/** Set by `idMapSet`/`idMapDelete`: how the entry count changed (+1, 0 or -1). */
export let sizeDelta = 0;

/** Stores `value` under `key`; returns the new root (the old one is unchanged unless owned). */
export function idMapSet<V>(root: IdMapRoot<V>, key: number, value: V, owner: Owner): IdMapRoot<V> {
  sizeDelta = 0;
  return setIn(root, 0, key >>> 0, new Leaf(key, value), owner);
}

function setIn<V>(node: Node<V>, shift: number, hash: number, leaf: Leaf<V>, owner: Owner): Node<V> {
  const bit = 1 << ((hash >>> shift) & MASK);
  const index = popcount(node.bitmap & (bit - 1));
  const own = node.owner === owner ? node : new Node(owner, node.bitmap, node.slots.slice());
  if ((own.bitmap & bit) === 0) {
    own.slots.splice(index, 0, leaf);
    own.bitmap |= bit;
    sizeDelta = 1;
    return own;
  }
  const slot = own.slots[index]!;
  if (slot instanceof Leaf) {
    if (slot.key === leaf.key) {
      own.slots[index] = leaf;
    } else {
      own.slots[index] = split(slot, leaf, shift + BITS, owner);
      sizeDelta = 1;
    }
  } else if (slot instanceof Bucket) {
    const bucket = slot.owner === owner ? slot : new Bucket(owner, slot.leaves.slice());
    const at = bucket.leaves.findIndex((l) => l.key === leaf.key);
    if (at >= 0) bucket.leaves[at] = leaf;
    else {
      bucket.leaves.push(leaf);
      bucket.leaves.sort((a, b) => a.key - b.key);
      sizeDelta = 1;
    }
    own.slots[index] = bucket;
  } else {
    own.slots[index] = setIn(slot, shift + BITS, hash, leaf, owner);
  }
  return own;
}

/** A node (or bucket) holding two leaves whose hashes agree below `shift`. */
function split<V>(a: Leaf<V>, b: Leaf<V>, shift: number, owner: Owner): Slot<V> {
  if (shift >= LAST_SHIFT) return new Bucket(owner, [a, b].sort((x, y) => x.key - y.key));
  const ha = ((a.key >>> 0) >>> shift) & MASK;
  const hb = ((b.key >>> 0) >>> shift) & MASK;
  if (ha === hb) return new Node(owner, 1 << ha, [split(a, b, shift + BITS, owner)]);
  const slots = ha < hb ? [a, b] : [b, a];
  return new Node(owner, (1 << ha) | (1 << hb), slots);
}

/** Removes `key`; returns the new root. */
export function idMapDelete<V>(root: IdMapRoot<V>, key: number, owner: Owner): IdMapRoot<V> {
  sizeDelta = 0;
  const result = deleteIn(root, 0, key >>> 0, key, owner);
  if (result === root) return root;
  if (result === null) return emptyIdMap();
  if (result instanceof Node) return result;
  // The root stays a node even when a single leaf is left.
  const leaf = result as Leaf<V>;
  return new Node(owner, 1 << ((leaf.key >>> 0) & MASK), [leaf]);
}

/** Returns the node unchanged, a replacement slot, or null when it became empty. */
function deleteIn<V>(node: Node<V>, shift: number, hash: number, key: number, owner: Owner): Slot<V> | null {
  const bit = 1 << ((hash >>> shift) & MASK);
  if ((node.bitmap & bit) === 0) return node;
  const index = popcount(node.bitmap & (bit - 1));
  const slot = node.slots[index]!;
  let replacement: Slot<V> | null;
  if (slot instanceof Leaf) {
    if (slot.key !== key) return node;
    replacement = null;
  } else if (slot instanceof Bucket) {
    const at = slot.leaves.findIndex((l) => l.key === key);
    if (at < 0) return node;
    const leaves = slot.leaves.filter((_, i) => i !== at);
    replacement = leaves.length === 1 ? leaves[0]! : new Bucket(owner, leaves);
  } else {
    replacement = deleteIn(slot, shift + BITS, hash, key, owner);
    if (replacement === slot) return node;
  }
  sizeDelta = -1;
  const own = node.owner === owner ? node : new Node(owner, node.bitmap, node.slots.slice());
  if (replacement === null) {
    own.slots.splice(index, 1);
    own.bitmap &= ~bit;
  } else {
    own.slots[index] = replacement;
  }
  if (own.slots.length === 0) return null;
  // A node left with a single leaf is replaced by it, which keeps the shape canonical. Buckets
  // stay at the bottom level, where `setIn` expects them.
  if (own.slots.length === 1 && own.slots[0] instanceof Leaf) return own.slots[0];
  return own;
}

/** Calls `visit` for every entry, in an order fixed by the set of keys. */
export function idMapForEach<V>(root: IdMapRoot<V>, visit: (value: V, key: number) => void): void {
  walk(root, visit);
}

function walk<V>(slot: Slot<V>, visit: (value: V, key: number) => void): void {
  if (slot instanceof Leaf) visit(slot.value, slot.key);
  else if (slot instanceof Bucket) for (const leaf of slot.leaves) visit(leaf.value, leaf.key);
  else for (const child of slot.slots) walk(child, visit);
}
