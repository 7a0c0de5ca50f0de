/**
 * Word patterns (exact words and prefixes) numbered 0..count-1, and the lookup from an article word to the patterns
 * it satisfies. Built for the hot loop of the topic index: one pass over a word computes FNV-1a of each of its
 * prefixes; a small bit set (it stays in the CPU cache) rejects almost every hash that no pattern has, and only the
 * rest probe an open-addressing table and compare characters with a flat copy of the pattern texts. No string is
 * created and no per-word object is touched.
 */
import type { WordPattern } from './query-ast.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;
const EMPTY = -1;
/** Prefix hashes are salted so one bit set and one table serve both kinds. */
const PREFIX_SALT = 0x5bd1e995;
/** Bits per pattern in the bit set: about 1 in 16 hashes of absent words get past it. */
const BITS_PER_PATTERN = 16;

function mix(hash: number): number {
  return Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) ^ (hash >>> 13);
}

/** Numbers word patterns and finds the ones an article word satisfies. */
export class PatternTable {
  private readonly ids = new Map<string, number>();
  private readonly patterns: WordPattern[] = [];
  /** Pattern texts back to back, and where each starts (`count + 1` entries). */
  private chars = new Uint16Array(0);
  private starts = new Int32Array(1);
  /** Slot i: [hash, id] at 2i, 2i + 1; id EMPTY when free. */
  private slots = new Int32Array(2).fill(EMPTY);
  private slotMask = 0;
  private bits = new Int32Array(1);
  private bitMask = 0;
  /** Ascending lengths (UTF-16 units) that some prefix pattern has. */
  private prefixLengths = new Int32Array(0);

  /** The id of `pattern`, numbering it when new. Call before `seal`. */
  idOf(pattern: WordPattern): number {
    const key = `${pattern.prefix ? '*' : '='}${pattern.text}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.patterns.length;
      this.ids.set(key, id);
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
    this.starts = new Int32Array(patterns.length + 1);
    patterns.forEach((p, id) => (this.starts[id + 1] = this.starts[id]! + p.text.length));
    this.chars = new Uint16Array(this.starts[patterns.length]!);
    patterns.forEach((p, id) => {
      for (let i = 0; i < p.text.length; i++) this.chars[this.starts[id]! + i] = p.text.charCodeAt(i);
    });
    let slotCount = 16;
    while (slotCount < patterns.length * 2) slotCount *= 2;
    this.slots = new Int32Array(slotCount * 2).fill(EMPTY);
    this.slotMask = slotCount - 1;
    let bitCount = 1024;
    while (bitCount < patterns.length * BITS_PER_PATTERN) bitCount *= 2;
    this.bits = new Int32Array(bitCount / 32);
    this.bitMask = bitCount - 1;
    patterns.forEach((p, id) => this.insert(this.hashOf(p), id));
    this.prefixLengths = Int32Array.from(new Set(patterns.filter((p) => p.prefix).map((p) => p.text.length))).sort();
  }

  private hashOf(pattern: WordPattern): number {
    let hash = FNV_OFFSET;
    for (let i = 0; i < pattern.text.length; i++) hash = Math.imul(hash ^ pattern.text.charCodeAt(i), FNV_PRIME);
    return pattern.prefix ? hash ^ PREFIX_SALT : hash;
  }

  private insert(hash: number, id: number): void {
    const bit = mix(hash) & this.bitMask;
    this.bits[bit >>> 5]! |= 1 << (bit & 31);
    let slot = mix(hash) >>> 0;
    for (slot &= this.slotMask; this.slots[2 * slot + 1] !== EMPTY; slot = (slot + 1) & this.slotMask);
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = id;
  }

  /** Writes the ids of the patterns `word` satisfies into `out` (from 0) and returns how many; `out` must fit them. */
  lookup(word: string, out: Int32Array): number {
    const lengths = this.prefixLengths;
    let found = 0;
    let next = 0;
    let hash = FNV_OFFSET;
    for (let i = 0; i < word.length; i++) {
      hash = Math.imul(hash ^ word.charCodeAt(i), FNV_PRIME);
      if (next < lengths.length && lengths[next] === i + 1) {
        next++;
        const id = this.find(hash ^ PREFIX_SALT, word, i + 1);
        if (id !== EMPTY) out[found++] = id;
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
    const { slots, slotMask, starts, chars } = this;
    for (let slot = (mixed >>> 0) & slotMask; ; slot = (slot + 1) & slotMask) {
      const id = slots[2 * slot + 1]!;
      if (id === EMPTY) return EMPTY;
      if (slots[2 * slot] !== hash) continue;
      const start = starts[id]!;
      if (starts[id + 1]! - start !== length) continue;
      let same = true;
      for (let i = 0; i < length && same; i++) same = chars[start + i] === word.charCodeAt(i);
      if (same) return id;
    }
  }
}
