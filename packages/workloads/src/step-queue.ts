/**
 * Objects due at a step (to die, to grow), in order: a binary min-heap of (step, id) pairs,
 * earliest step first, lower id first on a tie. Removals are lazy: the caller skips entries for
 * objects already gone.
 */
export class StepQueue {
  private readonly steps: number[] = [];
  private readonly ids: number[] = [];

  get size(): number {
    return this.ids.length;
  }

  push(step: number, id: number): void {
    this.steps.push(step);
    this.ids.push(id);
    let i = this.ids.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The earliest entry's step and id; undefined when empty. */
  peekStep(): number | undefined {
    return this.steps[0];
  }

  peekId(): number | undefined {
    return this.ids[0];
  }

  pop(): void {
    const last = this.ids.length - 1;
    this.swap(0, last);
    this.steps.pop();
    this.ids.pop();
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let first = i;
      if (left < this.ids.length && this.before(left, first)) first = left;
      if (right < this.ids.length && this.before(right, first)) first = right;
      if (first === i) return;
      this.swap(i, first);
      i = first;
    }
  }

  private before(a: number, b: number): boolean {
    return this.steps[a]! < this.steps[b]! || (this.steps[a] === this.steps[b] && this.ids[a]! < this.ids[b]!);
  }

  private swap(a: number, b: number): void {
    [this.steps[a], this.steps[b]] = [this.steps[b]!, this.steps[a]!];
    [this.ids[a], this.ids[b]] = [this.ids[b]!, this.ids[a]!];
  }
}
