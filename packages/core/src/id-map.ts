/**
 * A persistent map of values keyed by their `id` (a non-negative safe integer): a hash array
 * mapped trie on the id's low 32 bits, five bits a level, with a bucket for ids that share all
 * 32. Values sit in the trie directly, so a write allocates no entry objects.
 *
 * Each node has two bitmaps over the 32 hash digits of its level: `bitmap` says which digits
 * are present (their slots are packed in digit order), `sub` which of those hold a child node
 * (or, at the last level, a bucket) rather than a value. Type tests are bit tests.
 *
 * Writes copy the path from the root (O(log32 n) nodes) unless the nodes belong to the caller's
 * edit token, as in `block-table/tree.ts`. Deletions collapse nodes left with a single value, so
 * the trie's shape depends only on the set of keys, never on the order they were inserted.
 */
import type { Owner } from './block-table/index.js';
import { popcount } from './popcount.js';

const BITS = 5;
const MASK = (1 << BITS) - 1;
/** Shift at which all 32 hash bits are used up: deeper keys live in a bucket. */
const LAST_SHIFT = 35;

/** What the map can hold: anything with a numeric id. */
export interface Keyed {
  readonly id: number;
}

class Bucket<V> {
  constructor(
    public owner: Owner | null,
    public values: V[],
  ) {}
}

class Node<V> {
  constructor(
    public owner: Owner | null,
    public bitmap: number,
    public sub: number,
    public slots: Slot<V>[],
  ) {}
}

type Slot<V> = V | Bucket<V> | Node<V>;

/** The root of a trie. An empty map is an empty node. */
export type IdMapRoot<V extends Keyed> = Node<V>;

/** A fresh empty root. */
export function emptyIdMap<V extends Keyed>(): IdMapRoot<V> {
  return new Node<V>(null, 0, 0, []);
}

/** `slots.splice(index, 0, value)`, without splice's overhead on these short arrays. */
function insertAt<T>(slots: T[], index: number, value: T): void {
  slots.push(value);
  for (let i = slots.length - 1; i > index; i--) slots[i] = slots[i - 1]!;
  slots[index] = value;
}

/** `slots.splice(index, 1)`, likewise. */
function removeAt<T>(slots: T[], index: number): void {
  for (let i = index; i < slots.length - 1; i++) slots[i] = slots[i + 1]!;
  slots.pop();
}

/** Whether the children of a node at `shift` are buckets (the hash is used up below it). */
function bucketsBelow(shift: number): boolean {
  return shift + BITS >= LAST_SHIFT;
}

/** The value stored under `key`, or undefined. */
export function idMapGet<V extends Keyed>(root: IdMapRoot<V>, key: number): V | undefined {
  const hash = key >>> 0;
  let node: Node<V> = root;
  for (let shift = 0; ; shift += BITS) {
    const bit = 1 << ((hash >>> shift) & MASK);
    if ((node.bitmap & bit) === 0) return undefined;
    const slot = node.slots[popcount(node.bitmap & (bit - 1))]!;
    if ((node.sub & bit) === 0) return (slot as V).id === key ? (slot as V) : undefined;
    if (bucketsBelow(shift)) return (slot as Bucket<V>).values.find((v) => v.id === key);
    node = slot as Node<V>;
  }
}

/**
 * The edit token of a draft's id-map writes: nodes it made are changed in place, and each
 * `idMapSet`/`idMapDelete` leaves in `sizeDelta` how the entry count changed (+1, 0 or -1), so
 * a write returns only the new root and allocates no result object.
 */
export class IdMapEdit {
  sizeDelta = 0;
}

/** Stores `value` under `value.id`; returns the new root (the old one is unchanged unless owned). */
export function idMapSet<V extends Keyed>(root: IdMapRoot<V>, value: V, edit: IdMapEdit): IdMapRoot<V> {
  edit.sizeDelta = 0;
  return setIn(root, 0, value.id >>> 0, value, edit);
}

function setIn<V extends Keyed>(node: Node<V>, shift: number, hash: number, value: V, owner: IdMapEdit): Node<V> {
  const bit = 1 << ((hash >>> shift) & MASK);
  const index = popcount(node.bitmap & (bit - 1));
  const own = node.owner === owner ? node : new Node(owner, node.bitmap, node.sub, node.slots.slice());
  if ((own.bitmap & bit) === 0) {
    insertAt(own.slots, index, value);
    own.bitmap |= bit;
    owner.sizeDelta = 1;
    return own;
  }
  const slot = own.slots[index]!;
  if ((own.sub & bit) === 0) {
    const present = slot as V;
    if (present.id === value.id) own.slots[index] = value;
    else {
      own.slots[index] = split(present, value, shift + BITS, owner);
      own.sub |= bit;
      owner.sizeDelta = 1;
    }
  } else if (bucketsBelow(shift)) {
    const old = slot as Bucket<V>;
    const bucket = old.owner === owner ? old : new Bucket(owner, old.values.slice());
    const at = bucket.values.findIndex((v) => v.id === value.id);
    if (at >= 0) bucket.values[at] = value;
    else {
      bucket.values.push(value);
      bucket.values.sort((a, b) => a.id - b.id);
      owner.sizeDelta = 1;
    }
    own.slots[index] = bucket;
  } else {
    own.slots[index] = setIn(slot as Node<V>, shift + BITS, hash, value, owner);
  }
  return own;
}

/** A node (or bucket) holding two values whose hashes agree below `shift`. */
function split<V extends Keyed>(a: V, b: V, shift: number, owner: Owner): Node<V> | Bucket<V> {
  if (shift >= LAST_SHIFT)
    return new Bucket(
      owner,
      [a, b].sort((x, y) => x.id - y.id),
    );
  const ha = ((a.id >>> 0) >>> shift) & MASK;
  const hb = ((b.id >>> 0) >>> shift) & MASK;
  if (ha === hb) return new Node<V>(owner, 1 << ha, 1 << ha, [split(a, b, shift + BITS, owner)]);
  const slots = ha < hb ? [a, b] : [b, a];
  return new Node<V>(owner, (1 << ha) | (1 << hb), 0, slots);
}

/** Removes `key`; returns the new root. */
export function idMapDelete<V extends Keyed>(root: IdMapRoot<V>, key: number, owner: IdMapEdit): IdMapRoot<V> {
  owner.sizeDelta = 0;
  const result = deleteIn(root, 0, key >>> 0, key, owner);
  if (result === root) return root;
  if (result === null) return emptyIdMap();
  if (result instanceof Node) return result;
  // The root stays a node even when a single value is left.
  const value = result as V;
  const bit = 1 << ((value.id >>> 0) & MASK);
  return new Node<V>(owner, bit, 0, [value]);
}

/** Returns the node unchanged, a replacement slot, or null when it became empty. */
function deleteIn<V extends Keyed>(node: Node<V>, shift: number, hash: number, key: number, owner: IdMapEdit): Slot<V> | null {
  const bit = 1 << ((hash >>> shift) & MASK);
  if ((node.bitmap & bit) === 0) return node;
  const index = popcount(node.bitmap & (bit - 1));
  const slot = node.slots[index]!;
  let replacement: Slot<V> | null;
  let replacementIsValue = false;
  if ((node.sub & bit) === 0) {
    if ((slot as V).id !== key) return node;
    replacement = null;
  } else if (bucketsBelow(shift)) {
    const bucket = slot as Bucket<V>;
    const at = bucket.values.findIndex((v) => v.id === key);
    if (at < 0) return node;
    const values = bucket.values.filter((_, i) => i !== at);
    replacementIsValue = values.length === 1;
    replacement = replacementIsValue ? values[0]! : new Bucket(owner, values);
  } else {
    replacement = deleteIn(slot as Node<V>, shift + BITS, hash, key, owner);
    if (replacement === slot) return node;
    replacementIsValue = replacement !== null && !(replacement instanceof Node);
  }
  owner.sizeDelta = -1;
  const own = node.owner === owner ? node : new Node(owner, node.bitmap, node.sub, node.slots.slice());
  if (replacement === null) {
    removeAt(own.slots, index);
    own.bitmap &= ~bit;
    own.sub &= ~bit;
  } else {
    own.slots[index] = replacement;
    if (replacementIsValue) own.sub &= ~bit;
  }
  if (own.slots.length === 0) return null;
  // A node left with a single value is replaced by it, which keeps the shape canonical. Buckets
  // stay at the bottom level, where `setIn` expects them.
  if (own.slots.length === 1 && own.sub === 0) return own.slots[0]!;
  return own;
}

/**
 * Every value, in an order fixed by the set of keys. `count` is how many there are (a state's
 * `objectCount`): the array is made at that size rather than grown.
 */
export function idMapValues<V extends Keyed>(root: IdMapRoot<V>, count: number): V[] {
  const out = new Array<V>(count);
  out.length = collectValues(root, 0, out, 0);
  return out;
}

/**
 * Writes every value to `out` from index 0, in `idMapValues`' order, and returns how many. Entries
 * of `out` past that are left as they were: a caller can reuse one array for many walks.
 */
export function idMapValuesInto<V extends Keyed>(root: IdMapRoot<V>, out: V[]): number {
  return collectValues(root, 0, out, 0);
}

/** Writes the values under `node` to `out` from index `at`; returns the index after the last. */
function collectValues<V extends Keyed>(node: Node<V>, shift: number, out: V[], at: number): number {
  const slots = node.slots;
  const sub = node.sub;
  if (sub === 0) {
    for (let i = 0; i < slots.length; i++) out[at++] = slots[i] as V;
    return at;
  }
  // Slots are in digit order: walk the present digits to know which slots are children.
  let bits = node.bitmap;
  for (let i = 0; bits !== 0; i++) {
    const bit = bits & -bits;
    bits ^= bit;
    if ((sub & bit) === 0) out[at++] = slots[i] as V;
    else if (bucketsBelow(shift)) for (const value of (slots[i] as Bucket<V>).values) out[at++] = value;
    else at = collectValues(slots[i] as Node<V>, shift + BITS, out, at);
  }
  return at;
}
