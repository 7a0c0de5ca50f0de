/**
 * Word patterns (exact words and prefixes) numbered 0..count-1, and the lookup from an article word to the patterns
 * it satisfies. Built for the hot loop of the topic index: the word's hash comes from the tokeniser, and prefixes
 * are hashed only for words long enough to have one; a small bit set (it stays in the CPU cache) rejects almost
 * every hash no pattern has, and only the rest probe an open-addressing table and compare characters with a flat
 * copy of the pattern texts. No string is created and no per-word object is touched.
 */
import type { WordPattern } from './query-ast.js';
import { FNV_OFFSET, FNV_PRIME, hashWord } from './word-hash.js';

const EMPTY = -1;
/** Prefix hashes are salted so one bit set and one table serve both kinds. */
const PREFIX_SALT = 0x5bd1e995;
/** Bits per pattern in the bit set: about 1 in 32 hashes of absent words get past it. */
const BITS_PER_PATTERN = 32;
/** Int32s per slot: hash, id, start of the text in `chars`, its length. */
const SLOT = 4;
/** Prefixes are only probed for a word whose first STEM_CHARS units begin some prefix pattern of that length or more. */
const STEM_CHARS = 3;
const STEM_BITS = 1 << 16;

function mix(hash: number): number {
  return Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) ^ (hash >>> 13);
}

/** Numbers word patterns and finds the ones an article word satisfies. */
export class PatternTable {
  private readonly exactIds = new Map<string, number>();
  private readonly prefixIds = new Map<string, number>();
  private readonly patterns: WordPattern[] = [];
  /** Pattern texts back to back. */
  private chars = new Uint16Array(0);
  /** Slot i at SLOT × i: hash, id (EMPTY when free), start and length of the text, so a probe reads one line. */
  private slots = new Int32Array(SLOT).fill(EMPTY);
  private slotMask = 0;
  private bits = new Int32Array(1);
  private bitMask = 0;
  /** Ascending lengths (UTF-16 units) that some prefix pattern has. */
  private prefixLengths = new Int32Array(0);
  /** Hashes of the first STEM_CHARS units of the prefix patterns at least that long, as a bit set. */
  private readonly stems = new Int32Array(STEM_BITS / 32);

  /** The id of `pattern`, numbering it when new. Call before `seal`. */
  idOf(pattern: WordPattern): number {
    const ids = pattern.prefix ? this.prefixIds : this.exactIds;
    let id = ids.get(pattern.text);
    if (id === undefined) {
      id = this.patterns.length;
      ids.set(pattern.text, id);
      this.patterns.push(pattern);
    }
    return id;
  }

  get count(): number {
    return this.patterns.length;
  }

  /** Most patterns one word can satisfy: one exact word and one prefix per prefix length. */
  get maxPerWord(): number {
    return this.prefixLengths.length + 1;
  }

  /** Builds the lookup tables; no pattern can be added afterwards. */
  seal(): void {
    const { patterns } = this;
    const starts = new Int32Array(patterns.length + 1);
    patterns.forEach((p, id) => (starts[id + 1] = starts[id]! + p.text.length));
    this.chars = new Uint16Array(starts[patterns.length]!);
    patterns.forEach((p, id) => {
      for (let i = 0; i < p.text.length; i++) this.chars[starts[id]! + i] = p.text.charCodeAt(i);
    });
    let slotCount = 16;
    while (slotCount < patterns.length * 2) slotCount *= 2;
    this.slots = new Int32Array(slotCount * SLOT).fill(EMPTY);
    this.slotMask = slotCount - 1;
    let bitCount = 1024;
    while (bitCount < patterns.length * BITS_PER_PATTERN) bitCount *= 2;
    this.bits = new Int32Array(bitCount / 32);
    this.bitMask = bitCount - 1;
    patterns.forEach((p, id) => this.insert(this.hashOf(p), id, starts[id]!, p.text.length));
    for (const p of patterns) {
      if (!p.prefix || p.text.length < STEM_CHARS) continue;
      const bit = mix(hashWord(p.text, STEM_CHARS)) & (STEM_BITS - 1);
      this.stems[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.prefixLengths = Int32Array.from(new Set(patterns.filter((p) => p.prefix).map((p) => p.text.length))).sort();
  }

  private hashOf(pattern: WordPattern): number {
    const hash = hashWord(pattern.text);
    return pattern.prefix ? hash ^ PREFIX_SALT : hash;
  }

  private insert(hash: number, id: number, start: number, length: number): void {
    const bit = mix(hash) & this.bitMask;
    this.bits[bit >>> 5]! |= 1 << (bit & 31);
    let slot = mix(hash) >>> 0;
    for (slot &= this.slotMask; this.slots[SLOT * slot + 1] !== EMPTY; slot = (slot + 1) & this.slotMask);
    this.slots.set([hash, id, start, length], SLOT * slot);
  }

  /**
   * Writes the ids of the patterns `word` (whose `hashWord` is `hash`) satisfies into `out` from 0 and returns how
   * many; `out` must hold `maxPerWord`.
   */
  lookup(word: string, hash: number, out: Int32Array): number {
    const lengths = this.prefixLengths;
    let found = 0;
    if (lengths.length > 0 && word.length >= lengths[0]!) {
      const last = Math.min(word.length, lengths[lengths.length - 1]!);
      let next = 0;
      let prefixHash = FNV_OFFSET;
      for (let i = 0; i < last; i++) {
        prefixHash = Math.imul(prefixHash ^ word.charCodeAt(i), FNV_PRIME);
        if (i === STEM_CHARS - 1) {
          const bit = mix(prefixHash) & (STEM_BITS - 1);
          // No prefix pattern of this length or longer starts like this word.
          if ((this.stems[bit >>> 5]! & (1 << (bit & 31))) === 0) break;
        }
        if (lengths[next] === i + 1) {
          next++;
          const id = this.find(prefixHash ^ PREFIX_SALT, word, i + 1);
          if (id !== EMPTY) out[found++] = id;
        }
      }
    }
    const id = this.find(hash, word, word.length);
    if (id !== EMPTY) out[found++] = id;
    return found;
  }

  /** The pattern with this hash whose text is the first `length` units of `word`, or EMPTY. */
  private find(hash: number, word: string, length: number): number {
    const mixed = mix(hash);
    const bit = mixed & this.bitMask;
    if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return EMPTY;
    const { slots, slotMask, chars } = this;
    for (let slot = SLOT * ((mixed >>> 0) & slotMask); ; slot = (slot + SLOT) & (SLOT * slotMask + SLOT - 1)) {
      const id = slots[slot + 1]!;
      if (id === EMPTY) return EMPTY;
      if (slots[slot] !== hash || slots[slot + 3] !== length) continue;
      const start = slots[slot + 2]!;
      let same = true;
      for (let i = 0; i < length && same; i++) same = chars[start + i] === word.charCodeAt(i);
      if (same) return id;
    }
  }
}
