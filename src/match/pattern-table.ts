/**
 * Word patterns (exact words and prefixes) and the lookup from an article word to the patterns it may satisfy,
 * built for the hot loop of the topic index. Patterns are numbered 0, 1, … and found by hash only (`hashWord` of the
 * text): the lookup reads no pattern text and creates no string. At 100,000 topics the tables no longer fit in
 * cache, so they are laid out for few reads per word: an exact word costs one read of a blocked Bloom filter (both
 * bits of a word in one Int32; about 1 in 100 absent words gets past it) and, for the words that are topic words,
 * one of the hash table (hash-slots.ts); prefixes are walked in prefix-table.ts.
 *
 * A word may therefore be reported for a pattern it is not (a shared hash or fingerprint: about one word in 10^5):
 * the lookup feeds the presearch, which only chooses candidates, and the index checks the words themselves before
 * it says a leaf is present.
 */
import { HashSlots } from './hash-slots.js';
import { PatternTexts } from './pattern-texts.js';
import { PrefixTable } from './prefix-table.js';
import type { WordPattern } from './query-ast.js';
import { LOWER } from './tokenize.js';
import { hashWord, mixHash, tableSize } from './word-hash.js';

/** Code unit → itself: the words a lookup gets as strings are folded already. */
const SAME_UNIT = new Uint16Array(65_536).map((_, i) => i);
/** Bits per exact word in the Bloom filter. */
const BLOOM_BITS_PER_WORD = 16;

/**
 * The two bits of an exact word within its Int32 of the Bloom filter, from the top bits of `mixHash(hash)`, whose
 * low bits pick the Int32 (one scramble a word instead of two; the filter has far fewer than 2^22 Int32s).
 */
function bloomBits(mixed: number): number {
  return (1 << (mixed >>> 27)) | (1 << ((mixed >>> 22) & 31));
}

/** Numbers word patterns, then finds the ones an article word may satisfy. */
export class PatternTable {
  /** Ids by text, of the exact words and of the prefixes. */
  private readonly exactIds = new Map<string, number>();
  private readonly prefixIds = new Map<string, number>();
  private readonly list: WordPattern[] = [];
  private prefixes = new PrefixTable([], 0);
  private exact = new HashSlots(0, 0);
  private bloom = new Int32Array(1);
  /** The patterns' texts by id, once sealed. */
  texts = new PatternTexts([]);
  /** The code units of the word `lookup` was last given. */
  private wordUnits = new Uint16Array(64);
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
    return this.most;
  }

  /** Builds the tables `lookup` reads; no pattern can be added afterwards. */
  seal(): void {
    const maxId = this.list.length;
    this.prefixes = new PrefixTable([...this.prefixIds].map(([text, id]) => ({ text, id })), maxId);
    this.exact = new HashSlots(this.exactIds.size, maxId);
    this.bloom = new Int32Array(tableSize(this.exactIds.size * BLOOM_BITS_PER_WORD) / 32);
    for (const [text, id] of this.exactIds) {
      const hash = hashWord(text);
      this.exact.insert(hash, id);
      const mixed = mixHash(hash);
      this.bloom[mixed & (this.bloom.length - 1)]! |= bloomBits(mixed);
    }
    this.most = this.prefixes.maxPerWord + this.exact.longestRun();
    this.texts = new PatternTexts(this.list);
  }

  /**
   * Writes the ids of the patterns a word may satisfy — those whose hash it (`hash`, its `hashWord`) or one of its
   * starts has — into `out` from 0 and returns how many; `out` must hold `maxPerWord`. The word is `units` from
   * `start`, `length` units long, each mapped through `LOWER` (normalize-text.ts `starts`): the words of an article
   * are read from its text without being made into strings.
   */
  lookupSpan(units: Uint16Array, start: number, length: number, hash: number, out: Int32Array): number {
    return this.findExact(hash, out, this.prefixes.find(units, LOWER, start, length, out, 0));
  }

  /** `lookupSpan` for a word given as a string (folded already). */
  lookup(word: string, hash: number, out: Int32Array): number {
    if (word.length > this.wordUnits.length) this.wordUnits = new Uint16Array(2 * word.length);
    const units = this.wordUnits;
    for (let i = 0; i < word.length; i++) units[i] = word.charCodeAt(i);
    return this.findExact(hash, out, this.prefixes.find(units, SAME_UNIT, 0, word.length, out, 0));
  }

  private findExact(hash: number, out: Int32Array, found: number): number {
    const { bloom } = this;
    const mixed = mixHash(hash);
    const bits = bloomBits(mixed);
    return (bloom[mixed & (bloom.length - 1)]! & bits) === bits ? this.exact.find(hash, out, found) : found;
  }
}
