/**
 * Word patterns (exact words and prefixes) and the lookup from an article word to the patterns it satisfies, built
 * for the hot loop of the topic index. Each pattern is a record in an open-addressing table — its hash, text, and
 * the index's per-pattern data (its mark in the current article, where its postings are) side by side, so finding
 * a word and marking it read one cache line. A pattern is addressed by its record offset (`ref`). The word's hash
 * comes from the tokeniser; prefixes are hashed only for a word whose first letters start some prefix pattern, and
 * a small bit set turns away most prefix lengths no pattern has. No string is created and no object is touched.
 */
import type { WordPattern } from './query-ast.js';
import { FNV_OFFSET, FNV_PRIME, hashWord } from './word-hash.js';

/** Int32s per record, and what they hold. */
export const RECORD = 8;
const R_USED = 0;
const R_HASH = 1;
const R_TEXT = 2;
const R_LENGTH = 3;
/** Free for the index: a mark for the current article. */
export const R_MARK = 4;
/** Free for the index: where the pattern's postings start and end. */
export const R_POSTINGS = 5;
export const R_POSTINGS_END = 6;

const NONE = -1;
/** Prefix hashes are salted so that one table serves both kinds. */
const PREFIX_SALT = 0x5bd1e995;
/** Bits per prefix pattern in the bit set of prefix hashes: about 1 in 16 lengths no pattern has gets past it. */
const BITS_PER_PREFIX = 16;
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
  private prefixBits = new Int32Array(1);
  private prefixBitMask = 0;
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
    const prefixCount = patterns.filter((p) => p.prefix).length;
    let bits = 1024;
    while (bits < prefixCount * BITS_PER_PREFIX) bits *= 2;
    this.prefixBits = new Int32Array(bits / 32);
    this.prefixBitMask = bits - 1;
    this.refs = new Int32Array(patterns.length);
    patterns.forEach((p, id) => {
      const hash = p.prefix ? hashWord(p.text) ^ PREFIX_SALT : hashWord(p.text);
      this.refs[id] = this.insert(hash, starts[id]!, p.text.length);
      if (!p.prefix) return;
      setBit(this.prefixBits, mix(hash) & this.prefixBitMask);
      if (p.text.length >= STEM_CHARS) setBit(this.stems, mix(hashWord(p.text, STEM_CHARS)) & (STEM_BITS - 1));
    });
    this.prefixLengths = Int32Array.from(new Set(patterns.filter((p) => p.prefix).map((p) => p.text.length))).sort();
  }

  private insert(hash: number, start: number, length: number): number {
    let ref = (RECORD * mix(hash)) & this.recordMask;
    while (this.records[ref + R_USED] !== 0) ref = (ref + RECORD) & this.recordMask;
    this.records.set([1, hash, start, length], ref);
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
        const salted = prefixHash ^ PREFIX_SALT;
        if (!hasBit(this.prefixBits, mix(salted) & this.prefixBitMask)) continue;
        const ref = this.find(salted, word, i + 1);
        if (ref !== NONE) out[found++] = ref;
      }
    }
    const ref = this.find(hash, word, word.length);
    if (ref !== NONE) out[found++] = ref;
    return found;
  }

  /** The record with this hash whose text is the first `length` units of `word`, or NONE. */
  private find(hash: number, word: string, length: number): number {
    const { records, recordMask, chars } = this;
    for (let ref = (RECORD * mix(hash)) & recordMask; ; ref = (ref + RECORD) & recordMask) {
      if (records[ref + R_USED] === 0) return NONE;
      if (records[ref + R_HASH] !== hash || records[ref + R_LENGTH] !== length) continue;
      const start = records[ref + R_TEXT]!;
      let same = true;
      for (let i = 0; i < length && same; i++) same = chars[start + i] === word.charCodeAt(i);
      if (same) return ref;
    }
  }
}
