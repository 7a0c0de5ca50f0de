/**
 * Word patterns (exact words and prefixes) and the lookup from an article word to the patterns it may satisfy,
 * built for the hot loop of the topic index. Patterns are numbered 0, 1, … and found by their 32-bit hash only
 * (`hashWord` of the text, salted for prefixes): the lookup reads no pattern text, so what it touches per word is a
 * small bit set and, for the ~1 in 6 words that are topic words, a compact table of hashes — both stay in cache
 * where per-pattern records with their text did not. A hash shared by an article word and a pattern it is not is
 * therefore reported too (about one word in 10^5 at 30,000 patterns): the lookup feeds the presearch, which only
 * chooses candidates, and the index checks the words themselves before it says a leaf is present.
 *
 * The word's hash comes from the tokeniser; prefixes are hashed as the word is read, one load per letter: a table
 * of two bits per (length, hash) of every start of every prefix pattern says whether a prefix pattern ends there and
 * whether a longer one continues, so the walk stops at the first letters no prefix pattern continues. Lookups
 * create no string and touch no object.
 */
import type { WordPattern } from './query-ast.js';
import { LOWER } from './tokenize.js';
import { FNV_OFFSET, FNV_PRIME, hashWord } from './word-hash.js';

/** Prefix hashes are salted so that one table serves both kinds. */
const PREFIX_SALT = 0x5bd1e995;
/** Bits per exact word in the bit set of hashes, two bits set per word: about 1 in 60 absent hashes gets past it. */
const BITS_PER_PATTERN = 24;
/** Two-bit slots per start of a prefix pattern in the table of starts (about 1 in 8 slots in use). */
const SLOTS_PER_START = 8;
/** In a slot of the table of starts: a prefix pattern ends here; a longer one continues. */
const ENDS = 1;
const CONTINUES = 2;

function mix(hash: number): number {
  return Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) ^ (hash >>> 13);
}

/** The second bit of a hash in the bit set. */
function mix2(hash: number): number {
  return Math.imul(hash ^ (hash >>> 16), 0x297a2d39) ^ (hash >>> 11);
}

function setBit(bits: Int32Array, bit: number): void {
  bits[bit >>> 5]! |= 1 << (bit & 31);
}

function hasBit(bits: Int32Array, bit: number): boolean {
  return (bits[bit >>> 5]! & (1 << (bit & 31))) !== 0;
}

function bitSet(entries: number, bitsPerEntry: number): Int32Array<ArrayBuffer> {
  let bits = 1024;
  while (bits < entries * bitsPerEntry) bits *= 2;
  return new Int32Array(bits / 32);
}

/** The table key of a pattern: its text's hash, salted when it is a prefix. */
function patternHash(pattern: WordPattern): number {
  return pattern.prefix ? hashWord(pattern.text) ^ PREFIX_SALT : hashWord(pattern.text);
}

/** Numbers word patterns, then finds the ones an article word may satisfy. */
export class PatternTable {
  /** Ids by text, of the exact words and of the prefixes. */
  private readonly exactIds = new Map<string, number>();
  private readonly prefixIds = new Map<string, number>();
  private readonly list: WordPattern[] = [];
  /**
   * Open addressing by hash, two Int32s per slot (one cache line read per probe): the hash, then 1 + pattern id, or
   * -(1 + group) when patterns share the hash (0: a free slot).
   */
  private table = new Int32Array(0);
  private mask = 0;
  private groups: Int32Array[] = [];
  private bits = new Int32Array(1);
  private bitMask = 0;
  /** Two bits (ENDS, CONTINUES) per slot, a slot per (length, hash) of every start of every prefix pattern. */
  private starts = new Int32Array(1);
  private slotMask = 0;
  private hasPrefixes = false;
  /** The longest prefix pattern, in UTF-16 units. */
  private longestPrefix = 0;
  private most = 1;

  /** The id (0, 1, …) of `pattern`, numbering it when new. Call before `seal`. */
  idOf(pattern: WordPattern): number {
    const ids = pattern.prefix ? this.prefixIds : this.exactIds;
    let id = ids.get(pattern.text);
    if (id === undefined) {
      id = this.list.length;
      ids.set(pattern.text, id);
      this.list.push(pattern);
    }
    return id;
  }

  get count(): number {
    return this.list.length;
  }

  /** The pattern numbered `id`. */
  patternOf(id: number): WordPattern {
    return this.list[id]!;
  }

  /** Most pattern ids one `lookup` can write. */
  get maxPerWord(): number {
    return (this.longestPrefix + 1) * this.most;
  }

  /** Builds the tables `lookup` reads; no pattern can be added afterwards. */
  seal(): void {
    const count = this.list.length;
    let size = 16;
    while (size < 2 * count) size *= 2;
    this.table = new Int32Array(2 * size);
    this.mask = size - 1;
    this.bits = bitSet(this.exactIds.size, BITS_PER_PATTERN);
    this.bitMask = this.bits.length * 32 - 1;
    let startCount = 0;
    for (const pattern of this.list) if (pattern.prefix) startCount += pattern.text.length;
    this.starts = bitSet(startCount, 2 * SLOTS_PER_START);
    this.slotMask = this.starts.length * 16 - 1;
    const shared = new Map<number, number[]>();
    this.list.forEach((pattern, id) => {
      const hash = patternHash(pattern);
      if (!pattern.prefix) {
        // Prefixes are found through the table of starts instead.
        setBit(this.bits, mix(hash) & this.bitMask);
        setBit(this.bits, mix2(hash) & this.bitMask);
      }
      let slot = mix(hash) & this.mask;
      const { table } = this;
      while (table[2 * slot + 1] !== 0 && table[2 * slot] !== hash) slot = (slot + 1) & this.mask;
      if (table[2 * slot + 1] === 0) {
        table[2 * slot] = hash;
        table[2 * slot + 1] = id + 1;
      } else {
        const group = shared.get(hash) ?? [table[2 * slot + 1]! - 1];
        group.push(id);
        shared.set(hash, group);
      }
      if (!pattern.prefix) return;
      const { text } = pattern;
      this.hasPrefixes = true;
      this.longestPrefix = Math.max(this.longestPrefix, text.length);
      let start = FNV_OFFSET;
      for (let i = 0; i < text.length; i++) {
        start = Math.imul(start ^ text.charCodeAt(i), FNV_PRIME);
        const slot = mix2(start + i) & this.slotMask;
        this.starts[slot >>> 4]! |= (i === text.length - 1 ? ENDS : CONTINUES) << ((slot & 15) << 1);
      }
    });
    for (const [hash, group] of shared) {
      let slot = mix(hash) & this.mask;
      while (this.table[2 * slot] !== hash) slot = (slot + 1) & this.mask;
      this.table[2 * slot + 1] = -1 - this.groups.length;
      this.groups.push(Int32Array.from(group));
      this.most = Math.max(this.most, group.length);
    }
  }

  /**
   * Writes the ids of the patterns a word may satisfy — those whose hash it (`hash`, its `hashWord`) or one of its
   * starts has — into `out` from 0 and returns how many; `out` must hold `maxPerWord`. The word is `units` from
   * `start`, `length` units long, each mapped through `LOWER` (normalize-text.ts `starts`): the words of an article
   * are read from its text without being made into strings.
   */
  lookupSpan(units: Uint16Array, start: number, length: number, hash: number, out: Int32Array): number {
    let found = 0;
    if (this.hasPrefixes) {
      const { starts, slotMask } = this;
      let prefixHash = FNV_OFFSET;
      for (let i = 0; i < length; i++) {
        prefixHash = Math.imul(prefixHash ^ LOWER[units[start + i]!]!, FNV_PRIME);
        const slot = mix2(prefixHash + i) & slotMask;
        const state = starts[slot >>> 4]! >>> ((slot & 15) << 1);
        if (state & ENDS) found = this.find(prefixHash ^ PREFIX_SALT, out, found);
        // No longer prefix pattern starts like this word.
        if ((state & CONTINUES) === 0) break;
      }
    }
    return this.findExact(hash, out, found);
  }

  /** `lookupSpan` for a word given as a string. */
  lookup(word: string, hash: number, out: Int32Array): number {
    let found = 0;
    if (this.hasPrefixes) {
      const { starts, slotMask } = this;
      let prefixHash = FNV_OFFSET;
      for (let i = 0; i < word.length; i++) {
        prefixHash = Math.imul(prefixHash ^ word.charCodeAt(i), FNV_PRIME);
        const slot = mix2(prefixHash + i) & slotMask;
        const state = starts[slot >>> 4]! >>> ((slot & 15) << 1);
        if (state & ENDS) found = this.find(prefixHash ^ PREFIX_SALT, out, found);
        if ((state & CONTINUES) === 0) break;
      }
    }
    return this.findExact(hash, out, found);
  }

  private findExact(hash: number, out: Int32Array, found: number): number {
    const { bits, bitMask } = this;
    return hasBit(bits, mix(hash) & bitMask) && hasBit(bits, mix2(hash) & bitMask) ? this.find(hash, out, found) : found;
  }

  /** Appends the ids with this hash to `out` at `found`; returns the new count. */
  private find(hash: number, out: Int32Array, found: number): number {
    const { table, mask } = this;
    for (let slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
      const value = table[2 * slot + 1]!;
      if (value === 0) return found;
      if (table[2 * slot] !== hash) continue;
      if (value > 0) {
        out[found++] = value - 1;
      } else {
        for (const id of this.groups[-1 - value]!) out[found++] = id;
      }
      return found;
    }
  }
}
