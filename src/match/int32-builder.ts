/** A growable list of Int32s, for building the index's tables without an array (and its garbage) per row. */
export class Int32Builder {
  values = new Int32Array(1024);
  length = 0;

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
