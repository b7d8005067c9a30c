/**
 * The ids of the living objects, in order, with the n-th of them found in O(log n): a Fenwick
 * tree of counts over ids. A program makes ids in increasing order, so id order is the order
 * the objects were made in.
 */
export class LiveIds {
  /** tree[i] counts the living ids in (i - lowbit(i), i]; its length - 1 is a power of two. */
  private tree = new Int32Array(1025);
  private count = 0;

  /** How many ids are living. */
  get size(): number {
    return this.count;
  }

  /** Adds `id` (a whole number ≥ 1, not living now). */
  add(id: number): void {
    while (id >= this.tree.length) this.double();
    this.change(id, 1);
  }

  /** Removes `id`, which is living. */
  delete(id: number): void {
    this.change(id, -1);
  }

  /** The `n`-th living id (0 for the lowest), for n from 0 to size - 1. */
  nth(n: number): number {
    const { tree } = this;
    let at = 0;
    let before = n + 1;
    for (let step = (tree.length - 1) >> 1; step > 0; step >>= 1) {
      if (tree[at + step]! < before) {
        at += step;
        before -= tree[at]!;
      }
    }
    // The top node, left out above, holds every count: more than n, so the id is below it.
    return at + 1;
  }

  private change(id: number, by: number): void {
    const { tree } = this;
    for (let i = id; i < tree.length; i += i & -i) tree[i]! += by;
    this.count += by;
  }

  /** Doubles the ids the tree covers: the old nodes keep their ranges, and the new top holds every count. */
  private double(): void {
    const size = this.tree.length - 1;
    const tree = new Int32Array(2 * size + 1);
    tree.set(this.tree);
    tree[2 * size] = this.count;
    this.tree = tree;
  }
}
