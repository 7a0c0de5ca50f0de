/**
 * Finds the prefix patterns (`join*`) an article word starts with, by hash. A table of two bits per (length, hash)
 * of every start of every prefix pattern says whether a prefix pattern ends there and whether a longer one
 * continues, so the walk along the word stops at the first letters no prefix pattern continues; where one ends, its
 * id is found by the hash of the word's start. The walk reads the table from the `HEAD_UNITS`-th letter on: almost
 * every word's first letters start some pattern, so reading it earlier told nothing and cost a read per letter. The
 * rare shorter prefixes have a sparse table of their own holding only their full lengths ("a pattern ends here"),
 * read only at the lengths some short prefix has.
 */
import { HashSlots } from './hash-slots.js';
import { FNV_OFFSET, FNV_PRIME, hashWord, mixHash2, tableSize } from './word-hash.js';

/** Two-bit slots per start of a prefix pattern (about 1 in 8 slots in use). */
const SLOTS_PER_START = 8;
/**
 * The same for the short prefixes' table, which is tested at every word: it holds one slot per short prefix (a few
 * dozen), so it can be sparse enough that a word seldom finds a false "ends here" and pays for a needless id lookup.
 */
const SLOTS_PER_SHORT_START = 256;
/** In a slot of a table of starts: a prefix pattern ends here; a longer one continues. */
const ENDS = 1;
const CONTINUES = 2;
/** Prefixes are looked up from this many letters on; shorter ones are walked in their own small table. */
const HEAD_UNITS = 4;

/** A table of starts for this many starts, as Int32s of 16 two-bit slots. */
function startsTable(startCount: number, slotsPerStart: number): Int32Array {
  return new Int32Array(tableSize(2 * slotsPerStart * startCount) / 32);
}

/** The state of the slot of the start of length `i + 1` whose hash is `startHash`. */
function slotState(starts: Int32Array, startHash: number, i: number): number {
  const slot = mixHash2(startHash + i) & (starts.length * 16 - 1);
  return starts[slot >>> 4]! >>> ((slot & 15) << 1);
}

/** Records the starts of `text` from its `from + 1`-th letter on. */
function markStarts(starts: Int32Array, text: string, from: number): void {
  let startHash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    startHash = Math.imul(startHash ^ text.charCodeAt(i), FNV_PRIME);
    if (i < from) continue;
    const slot = mixHash2(startHash + i) & (starts.length * 16 - 1);
    starts[slot >>> 4]! |= (i === text.length - 1 ? ENDS : CONTINUES) << ((slot & 15) << 1);
  }
}

/** A prefix pattern: its text without the `*`, and its pattern id. */
export interface PrefixEntry {
  readonly text: string;
  readonly id: number;
}

export class PrefixTable {
  private readonly ids: HashSlots;
  private readonly starts: Int32Array;
  private readonly shortStarts: Int32Array;
  private readonly hasLong: boolean;
  /** Bit i set: some short prefix is i + 1 letters long (only those lengths are tested). */
  private readonly shortLengths: number;
  /** Most ids one `find` can write. */
  readonly maxPerWord: number;

  constructor(prefixes: readonly PrefixEntry[], maxId: number) {
    let longStarts = 0;
    let shortCount = 0;
    let shortLengths = 0;
    let longest = 0;
    for (const { text } of prefixes) {
      if (text.length >= HEAD_UNITS) longStarts += text.length - HEAD_UNITS + 1;
      else {
        shortCount++;
        shortLengths |= 1 << (text.length - 1);
      }
      longest = Math.max(longest, text.length);
    }
    this.hasLong = longStarts > 0;
    this.shortLengths = shortLengths;
    this.starts = startsTable(longStarts, SLOTS_PER_START);
    this.shortStarts = startsTable(shortCount, SLOTS_PER_SHORT_START);
    this.ids = new HashSlots(prefixes.length, maxId);
    for (const { text, id } of prefixes) {
      this.ids.insert(hashWord(text), id);
      if (text.length >= HEAD_UNITS) markStarts(this.starts, text, HEAD_UNITS - 1);
      else markStarts(this.shortStarts, text, text.length - 1);
    }
    this.maxPerWord = longest * this.ids.longestRun();
  }

  /**
   * Appends to `out` at `found` the ids of the prefix patterns whose hash one of the word's starts has; returns the
   * new count. The word is `units[start .. start + length)`, each mapped through `lower`.
   */
  find(units: Uint16Array, lower: Uint16Array, start: number, length: number, out: Int32Array, found: number): number {
    const { starts, shortStarts, shortLengths } = this;
    if (shortLengths === 0 && (!this.hasLong || length < HEAD_UNITS)) return found;
    let startHash = FNV_OFFSET;
    for (let i = 0; i < length; i++) {
      startHash = Math.imul(startHash ^ lower[units[start + i]!]!, FNV_PRIME);
      if (i < HEAD_UNITS - 1) {
        // Tested only where some short prefix ends: the test seldom passes, where a walk's stop was a coin toss.
        if (shortLengths & (1 << i) && slotState(shortStarts, startHash, i) & ENDS) found = this.ids.find(startHash, out, found);
        continue;
      }
      const state = slotState(starts, startHash, i);
      if (state & ENDS) found = this.ids.find(startHash, out, found);
      // No longer prefix pattern starts like this word.
      if ((state & CONTINUES) === 0) break;
    }
    return found;
  }
}
