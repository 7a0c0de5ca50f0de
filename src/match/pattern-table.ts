/**
 * Word patterns (exact words and prefixes) and the lookup from an article word to the patterns it satisfies, built
 * for the hot loop of the topic index. Each pattern is a record in an open-addressing table — its hash, the start
 * of its text, and the index's per-pattern data (its mark in the current article, where its postings are) in one
 * cache line, so finding a word, comparing it and marking it usually read one line. A pattern is addressed by its
 * record offset (`ref`). The word's hash comes from the tokeniser; prefixes are hashed only for a word whose first
 * letters start some prefix pattern, and a small bit set turns away most hashes no pattern has. No string is
 * created and no object is touched.
 */
import type { WordPattern } from './query-ast.js';
import { FNV_OFFSET, FNV_PRIME, hashWord } from './word-hash.js';

/** Int32s per record (one 64-byte cache line), and what they hold. */
export const RECORD = 16;
const R_USED = 0;
const R_HASH = 1;
const R_LENGTH = 2;
/** Where the text starts in `chars` (only read for texts longer than INLINE_CHARS). */
const R_TEXT = 3;
/** Free for the index: a mark for the current article. */
export const R_MARK = 4;
/** Free for the index: where the pattern's postings start and end. */
export const R_POSTINGS = 5;
export const R_POSTINGS_END = 6;
/** The first INLINE_CHARS units of the text, two per Int32, so most compares stay in the record. */
const R_CHARS = 8;
const INLINE_CHARS = 2 * (RECORD - R_CHARS);

const NONE = -1;
/** Prefix hashes are salted so that one table serves both kinds. */
const PREFIX_SALT = 0x5bd1e995;
/**
 * Bits per pattern in the bit set of pattern hashes: about 1 in 16 hashes no pattern has gets past it. The set is
 * small enough to stay in the CPU cache, unlike the records, so an absent word rarely costs a memory access.
 */
const BITS_PER_PATTERN = 16;
/** Prefixes are probed only for a word whose first STEM_CHARS units begin some prefix pattern at least that long. */
const STEM_CHARS = 3;
const STEM_BITS = 1 << 16;

function mix(hash: number): number {
  return Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) ^ (hash >>> 13);
}

function setBit(bits: Int32Array, bit: number): void {
  bits[bit >>> 5]! |= 1 << (bit & 31);
}

function hasBit(bits: Int32Array, bit: number): boolean {
  return (bits[bit >>> 5]! & (1 << (bit & 31))) !== 0;
}

/** Numbers word patterns, then finds the ones an article word satisfies. */
export class PatternTable {
  private readonly exactIds = new Map<string, number>();
  private readonly prefixIds = new Map<string, number>();
  private readonly patterns: WordPattern[] = [];
  /** Pattern texts back to back. */
  private chars = new Uint16Array(0);
  /** The records; read and written directly by the index through the R_* offsets. */
  records = new Int32Array(RECORD);
  private refs = new Int32Array(0);
  private recordMask = 0;
  private bits = new Int32Array(1);
  private bitMask = 0;
  private readonly stems = new Int32Array(STEM_BITS / 32);
  /** Ascending lengths (UTF-16 units) that some prefix pattern has. */
  private prefixLengths = new Int32Array(0);

  /** The id (0, 1, …) of `pattern`, numbering it when new. Call before `seal`. */
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

  /** The record offset of pattern `id`; valid after `seal`. */
  refOf(id: number): number {
    return this.refs[id]!;
  }

  /** Calls `visit` with every record offset in use. */
  forEachRef(visit: (ref: number) => void): void {
    for (const ref of this.refs) visit(ref);
  }

  /** Builds the records; no pattern can be added afterwards. */
  seal(): void {
    const { patterns } = this;
    const starts = new Int32Array(patterns.length + 1);
    patterns.forEach((p, id) => (starts[id + 1] = starts[id]! + p.text.length));
    this.chars = new Uint16Array(starts[patterns.length]!);
    patterns.forEach((p, id) => {
      for (let i = 0; i < p.text.length; i++) this.chars[starts[id]! + i] = p.text.charCodeAt(i);
    });
    let slots = 16;
    while (slots < patterns.length * 2) slots *= 2;
    this.records = new Int32Array(slots * RECORD);
    this.recordMask = slots * RECORD - 1;
    let bits = 1024;
    while (bits < patterns.length * BITS_PER_PATTERN) bits *= 2;
    this.bits = new Int32Array(bits / 32);
    this.bitMask = bits - 1;
    this.refs = new Int32Array(patterns.length);
    patterns.forEach((p, id) => {
      const hash = p.prefix ? hashWord(p.text) ^ PREFIX_SALT : hashWord(p.text);
      this.refs[id] = this.insert(hash, starts[id]!, p.text.length);
      setBit(this.bits, mix(hash) & this.bitMask);
      if (p.prefix && p.text.length >= STEM_CHARS) setBit(this.stems, mix(hashWord(p.text, STEM_CHARS)) & (STEM_BITS - 1));
    });
    this.prefixLengths = Int32Array.from(new Set(patterns.filter((p) => p.prefix).map((p) => p.text.length))).sort();
  }

  private insert(hash: number, start: number, length: number): number {
    const { records, chars } = this;
    let ref = (RECORD * mix(hash)) & this.recordMask;
    while (records[ref + R_USED] !== 0) ref = (ref + RECORD) & this.recordMask;
    records[ref + R_USED] = 1;
    records[ref + R_HASH] = hash;
    records[ref + R_LENGTH] = length;
    records[ref + R_TEXT] = start;
    for (let i = 0; i < Math.min(length, INLINE_CHARS); i++) records[ref + R_CHARS + (i >> 1)]! |= chars[start + i]! << ((i & 1) << 4);
    return ref;
  }

  /**
   * Writes the record offsets of the patterns `word` (whose `hashWord` is `hash`) satisfies into `out` from 0 and
   * returns how many; `out` must hold `maxPerWord`.
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
        // No prefix pattern of this length or longer starts like this word.
        if (i === STEM_CHARS - 1 && !hasBit(this.stems, mix(prefixHash) & (STEM_BITS - 1))) break;
        if (lengths[next] !== i + 1) continue;
        next++;
        const ref = this.find(prefixHash ^ PREFIX_SALT, word, i + 1);
        if (ref !== NONE) out[found++] = ref;
      }
    }
    const ref = this.find(hash, word, word.length);
    if (ref !== NONE) out[found++] = ref;
    return found;
  }

  /** The record with this hash whose text is the first `length` units of `word`, or NONE. */
  private find(hash: number, word: string, length: number): number {
    const mixed = mix(hash);
    if (!hasBit(this.bits, mixed & this.bitMask)) return NONE;
    const { records, recordMask, chars } = this;
    for (let ref = (RECORD * mixed) & recordMask; ; ref = (ref + RECORD) & recordMask) {
      if (records[ref + R_USED] === 0) return NONE;
      if (records[ref + R_HASH] !== hash || records[ref + R_LENGTH] !== length) continue;
      let same = true;
      const inline = Math.min(length, INLINE_CHARS);
      for (let i = 0; i < inline && same; i++) {
        same = ((records[ref + R_CHARS + (i >> 1)]! >>> ((i & 1) << 4)) & 0xffff) === word.charCodeAt(i);
      }
      const start = records[ref + R_TEXT]!;
      for (let i = inline; i < length && same; i++) same = chars[start + i] === word.charCodeAt(i);
      if (same) return ref;
    }
  }
}
