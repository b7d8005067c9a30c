/**
 * A column of numbers that grows as a run goes on: a typed array that doubles when full, so a
 * pass keeps one number per object or collection without an array of records.
 */

/** A growable Float64 column (exact for integers up to 2^53). */
export class GrowableColumn {
  private values = new Float64Array(256);
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(value: number): void {
    if (this.count === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.count++] = value;
  }

  get(index: number): number {
    return this.values[index]!;
  }

  set(index: number, value: number): void {
    this.values[index] = value;
  }

  /** The values as one array (a copy). */
  toArray(): Float64Array {
    return this.values.slice(0, this.count);
  }
}
