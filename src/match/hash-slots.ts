/**
 * An open-addressing table from 32-bit hashes to small numbers, one Int32 per slot: the number, and as many bits of
 * the hash as the number leaves free (its fingerprint). It stores no key, so `find` reports every number whose hash
 * may be the one asked for — the callers either verify or only choose candidates — and a slot costs a quarter of a
 * (hash, number) pair: at 100,000 topics that is the difference between fitting in cache and not.
 */
import { mixHash, tableSize } from './word-hash.js';

export class HashSlots {
  private readonly slots: Int32Array;
  private readonly valueBits: number;
  private readonly valueMask: number;

  /** A table for up to `capacity` numbers, each from 0 to `maxValue`. */
  constructor(capacity: number, maxValue: number) {
    // At most half full, so a miss usually ends within the slot's cache line.
    this.slots = new Int32Array(tableSize(2 * capacity));
    this.valueBits = Math.max(1, Math.ceil(Math.log2(maxValue + 2)));
    this.valueMask = 2 ** this.valueBits - 1;
  }

  /** Adds `value` under `hash` (a hash may hold several values). */
  insert(hash: number, value: number): void {
    const { slots } = this;
    const mask = slots.length - 1;
    let slot = mixHash(hash) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = ((hash >>> this.valueBits) << this.valueBits) | (value + 1);
  }

  /** Appends to `out` at `found` every value whose hash may be `hash`; returns the new count. */
  find(hash: number, out: Int32Array, found: number): number {
    const { slots, valueBits, valueMask } = this;
    const mask = slots.length - 1;
    const fingerprint = hash >>> valueBits;
    for (let slot = mixHash(hash) & mask; ; slot = (slot + 1) & mask) {
      const value = slots[slot]!;
      if (value === 0) return found;
      if (value >>> valueBits === fingerprint) out[found++] = (value & valueMask) - 1;
    }
  }

  /** The most values one `find` can report: the longest run of occupied slots. */
  longestRun(): number {
    const { slots } = this;
    let longest = 1;
    let run = 0;
    // Twice round, for a run that wraps past the end.
    for (let k = 0; k < 2 * slots.length; k++) {
      run = slots[k & (slots.length - 1)] === 0 ? 0 : run + 1;
      longest = Math.max(longest, Math.min(run, slots.length));
    }
    return longest;
  }
}
