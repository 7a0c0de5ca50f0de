/** A growable list of Int32s, for building the index's tables without an array (and its garbage) per row. */
export class Int32Builder {
  values: Int32Array;
  length = 0;

  /** `capacity`: Int32s to hold before growing (each growth copies, and large buffers bring on a full GC). */
  constructor(capacity = 1024) {
    this.values = new Int32Array(Math.max(1, capacity));
  }

  push(value: number): void {
    if (this.length === this.values.length) this.grow();
    this.values[this.length++] = value;
  }

  private grow(): void {
    const grown = new Int32Array(2 * this.values.length);
    grown.set(this.values);
    this.values = grown;
  }

  /** The values pushed so far, in an array of their own. */
  toArray(): Int32Array {
    return this.values.slice(0, this.length);
  }
}
