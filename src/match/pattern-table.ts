/**
 * Word patterns (exact words and prefixes) and the lookup from an article word to the patterns it satisfies, built
 * for the hot loop of the topic index. Each pattern is a record in an open-addressing table — its hash, its text
 * (the first units inline), and the index's per-pattern data (its mark in the current article, where its postings
 * are) in one 64-byte line, so finding a word, comparing it and marking it usually read one line. A pattern is
 * addressed by its record offset (`ref`) once the table is sealed. The word's hash comes from the tokeniser;
 * prefixes are hashed only for a word whose first letters start some prefix pattern, and a small bit set turns
 * away most hashes no pattern has. Lookups create no string and touch no object; building uses no Map either.
 */
import type { WordPattern } from './query-ast.js';
import { FNV_OFFSET, FNV_PRIME, hashWord } from './word-hash.js';

/** Int32s per record (one cache line), and what they hold. */
export const RECORD = 16;
/** 0: free, 1: exact word, 2: prefix. */
const R_KIND = 0;
const R_HASH = 1;
const R_LENGTH = 2;
/** Where the text starts in `chars` (read only past the inline part). */
const R_TEXT = 3;
/** Free for the index: a mark for the current article. */
export const R_MARK = 4;
/** Free for the index: where the pattern's postings start and end. */
export const R_POSTINGS = 5;
export const R_POSTINGS_END = 6;
const R_ID = 7;
/** The first INLINE_CHARS units of the text, two per Int32. */
const R_CHARS = 8;
const INLINE_CHARS = 2 * (RECORD - R_CHARS);

const NONE = -1;
const EXACT = 1;
const PREFIX = 2;
/** Prefix hashes are salted so that one table serves both kinds. */
const PREFIX_SALT = 0x5bd1e995;
/** Bits per pattern in the bit set of hashes: about 1 in 16 hashes no pattern has gets past it, without a miss. */
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
  /** The records; read and written directly by the index through the R_* offsets. */
  records = new Int32Array(16 * RECORD);
  private recordMask = this.records.length - 1;
  /** Pattern id → record offset. */
  private refs = new Int32Array(64);
  private patternCount = 0;
  /** Pattern texts back to back. */
  private chars = new Uint16Array(1024);
  private charCount = 0;
  private bits = new Int32Array(1);
  private bitMask = 0;
  private readonly stems = new Int32Array(STEM_BITS / 32);
  /** Ascending lengths (UTF-16 units) that some prefix pattern has. */
  private prefixLengths = new Int32Array(0);

  /** The id (0, 1, …) of `pattern`, numbering it when new. Call before `seal`. */
  idOf(pattern: WordPattern): number {
    const { text } = pattern;
    const hash = pattern.prefix ? hashWord(text) ^ PREFIX_SALT : hashWord(text);
    const found = this.probe(hash, text, text.length);
    if (found !== NONE) return this.records[found + R_ID]!;
    if (2 * (this.patternCount + 1) * RECORD > this.records.length) this.grow();
    return this.insert(hash, text, pattern.prefix ? PREFIX : EXACT);
  }

  get count(): number {
    return this.patternCount;
  }

  /** Most patterns one word can satisfy: one exact word and one prefix per prefix length. */
  get maxPerWord(): number {
    return this.prefixLengths.length + 1;
  }

  /** The record offset of pattern `id`. */
  refOf(id: number): number {
    return this.refs[id]!;
  }

  /** Calls `visit` with every record offset in use. */
  forEachRef(visit: (ref: number) => void): void {
    for (let id = 0; id < this.patternCount; id++) visit(this.refs[id]!);
  }

  /** Builds the bit sets that speed up `lookup`; no pattern can be added afterwards. */
  seal(): void {
    let bits = 1024;
    while (bits < this.patternCount * BITS_PER_PATTERN) bits *= 2;
    this.bits = new Int32Array(bits / 32);
    this.bitMask = bits - 1;
    const lengths = new Set<number>();
    this.forEachRef((ref) => {
      const { records } = this;
      setBit(this.bits, mix(records[ref + R_HASH]!) & this.bitMask);
      if (records[ref + R_KIND] !== PREFIX) return;
      const length = records[ref + R_LENGTH]!;
      lengths.add(length);
      if (length < STEM_CHARS) return;
      let stem = FNV_OFFSET;
      for (let i = 0; i < STEM_CHARS; i++) stem = Math.imul(stem ^ this.charAt(ref, i), FNV_PRIME);
      setBit(this.stems, mix(stem) & (STEM_BITS - 1));
    });
    this.prefixLengths = Int32Array.from(lengths).sort();
  }

  private charAt(ref: number, i: number): number {
    if (i < INLINE_CHARS) return (this.records[ref + R_CHARS + (i >> 1)]! >>> ((i & 1) << 4)) & 0xffff;
    return this.chars[this.records[ref + R_TEXT]! + i]!;
  }

  private insert(hash: number, text: string, kind: number): number {
    const { records } = this;
    let ref = (RECORD * mix(hash)) & this.recordMask;
    while (records[ref + R_KIND] !== 0) ref = (ref + RECORD) & this.recordMask;
    if (this.charCount + text.length > this.chars.length) {
      const grown = new Uint16Array(2 * (this.charCount + text.length));
      grown.set(this.chars);
      this.chars = grown;
    }
    const id = this.patternCount++;
    records[ref + R_KIND] = kind;
    records[ref + R_HASH] = hash;
    records[ref + R_LENGTH] = text.length;
    records[ref + R_TEXT] = this.charCount;
    records[ref + R_ID] = id;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      this.chars[this.charCount++] = code;
      if (i < INLINE_CHARS) records[ref + R_CHARS + (i >> 1)]! |= code << ((i & 1) << 4);
    }
    if (id === this.refs.length) {
      const grown = new Int32Array(2 * id);
      grown.set(this.refs);
      this.refs = grown;
    }
    this.refs[id] = ref;
    return id;
  }

  /** Doubles the table: records move, so their offsets are recomputed. */
  private grow(): void {
    const old = this.records;
    this.records = new Int32Array(2 * old.length);
    this.recordMask = this.records.length - 1;
    for (let from = 0; from < old.length; from += RECORD) {
      if (old[from + R_KIND] === 0) continue;
      let ref = (RECORD * mix(old[from + R_HASH]!)) & this.recordMask;
      while (this.records[ref + R_KIND] !== 0) ref = (ref + RECORD) & this.recordMask;
      for (let k = 0; k < RECORD; k++) this.records[ref + k] = old[from + k]!;
      this.refs[old[from + R_ID]!] = ref;
    }
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

  /** `probe`, after the bit set has ruled out most absent hashes. */
  private find(hash: number, word: string, length: number): number {
    return hasBit(this.bits, mix(hash) & this.bitMask) ? this.probe(hash, word, length) : NONE;
  }

  /** The record with this hash whose text is the first `length` units of `word`, or NONE. */
  private probe(hash: number, word: string, length: number): number {
    const { records, recordMask, chars } = this;
    for (let ref = (RECORD * mix(hash)) & recordMask; ; ref = (ref + RECORD) & recordMask) {
      if (records[ref + R_KIND] === 0) return NONE;
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
