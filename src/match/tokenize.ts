/**
 * Splits text into folded words. A word is a run of Unicode letters, digits and marks (and the invisible joiners
 * fold-text removes); everything else separates words. Runs that contain a script written without spaces
 * (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) are split by `Intl.Segmenter` — only those runs, because it is
 * slow. Everything else is folded a character at a time from tables when every character of the run allows it:
 *
 * - a "plain" character (ASCII, most Cyrillic, Greek, Hebrew and Arabic letters) folds to its lower case, one code
 *   unit;
 * - a "simple" character (é, ç, ö, ß, ł, ﬁ, Ａ, ²: most accented and compatibility letters) folds, whatever its
 *   neighbours, to a fixed string of plain characters (`foldText` of the character alone).
 *
 * Any other run (combining marks, invisible joiners, Σ, Hangul, astral characters, …) goes through `foldText`
 * whole. All paths give the same words as `foldText` of the whole run (the property tests check it). Each word's
 * `hashWord` is computed in the same loop, from the folded code units.
 *
 * Words are recorded in a `TokenizedField` (normalize-text.ts `NormalizedField`): a word that is a span of the text
 * lower-cased (most of them) is kept as its span and hash, and made into a string only when asked for.
 */
import { Buffer } from 'node:buffer';
import { foldText } from './fold-text.js';
import type { NormalizedField } from './normalize-text.js';
import { FNV_OFFSET, FNV_PRIME, hashWord } from './word-hash.js';

/** Receives each word with the span of the source text it came from and its `hashWord`. */
interface WordSink {
  /**
   * A word that is text.slice(start, end) with each code unit mapped through `LOWER` (`upper`: some unit changes,
   * so the word is the span's `toLowerCase()`), not made into a string yet.
   */
  addSpan(text: string, start: number, end: number, hash: number, upper: boolean): void;
  /** Any other word (folded, segmented). */
  add(word: string, start: number, end: number, hash: number): void;
}

/** A normalised word with the span of the original text it came from. */
export interface WordSpan {
  word: string;
  start: number;
  end: number;
}

// Character classes, as bit flags; 0 separates words.
const WORD = 1;
/** Plain, and its lower case differs from it. */
const UPPER = 2;
/** Simple: folds to `SIMPLE_FOLDS` of it. */
const SIMPLE = 4;
/** Needs `foldText` of the whole run. */
const FOLD = 8;
/** A script without spaces: the run goes to Intl.Segmenter. */
const SEGMENT = 16;
/** Half of a surrogate pair: classified by its code point when met. */
const PAIR = 32;

/** Soft hyphen and zero-width (non-)joiners sit inside words: they join rather than split (fold-text drops them). */
const IS_WORD = /^[\p{L}\p{N}\p{M}\u00ad\u200c\u200d\u2060]$/u;
const IS_MARK = /^\p{M}$/u;
const STARTS_WITH_MARK = /^\p{M}/u;
const NO_SPACE_SCRIPT = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}\u30fc]$/u;
/** Conjoining and compatibility jamo, and the half-width forms that decompose to them: they compose with neighbours. */
const HANGUL_JAMO = /^[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\ud7b0-\ud7ff\uffa0-\uffdc]$/u;
const FOLDED_WORD = /[\p{L}\p{N}\p{M}]+/gu;
const INVISIBLE = /^[\u00ad\u200c\u200d\u2060]$/u;

/**
 * Lower case of each plain code unit (valid once its block of 256 has been classified; identity for the others),
 * so the topic index can compare an article's text with a pattern without building the word.
 */
export const LOWER = new Uint16Array(65_536).map((_, i) => i);
/** What each simple code unit folds to. */
const SIMPLE_FOLDS = new Map<number, string>();

/** Whether `ch` folds to its one-unit lower case whatever surrounds it. */
function isPlain(ch: string): boolean {
  if (IS_MARK.test(ch) || INVISIBLE.test(ch) || HANGUL_JAMO.test(ch)) return false;
  // Σ lower-cases to ς or σ depending on its place in the word, so only the whole-word fold gets it right.
  if (ch === 'Σ') return false;
  const lower = ch.toLowerCase();
  return lower.length === 1 && ch.normalize('NFKD') === ch && foldText(ch) === lower;
}

/**
 * The fold of `ch` when it is the same wherever `ch` stands: `ch` decomposes to a starter (so canonical reordering
 * never moves marks across it) and folds to plain, lower-case characters (nothing left that could compose with a
 * neighbour under NFC, nor anything Σ-like whose case depends on the word).
 */
function simpleFold(ch: string): string | undefined {
  if (IS_MARK.test(ch) || INVISIBLE.test(ch) || HANGUL_JAMO.test(ch) || ch === 'Σ') return undefined;
  const decomposed = ch.normalize('NFKD');
  if (decomposed === '' || STARTS_WITH_MARK.test(decomposed)) return undefined;
  const folded = foldText(ch);
  if (folded === '') return undefined;
  for (const unit of folded) {
    if (unit.length !== 1 || NO_SPACE_SCRIPT.test(unit) || !IS_WORD.test(unit) || !isPlain(unit) || unit.toLowerCase() !== unit) return undefined;
  }
  return folded;
}

/** Class of a BMP code unit (not a surrogate), filling LOWER and SIMPLE_FOLDS for it. */
function classifyUnit(code: number): number {
  const ch = String.fromCharCode(code);
  if (!IS_WORD.test(ch)) return 0;
  if (NO_SPACE_SCRIPT.test(ch)) return WORD | SEGMENT;
  if (isPlain(ch)) {
    const lower = ch.toLowerCase().charCodeAt(0);
    LOWER[code] = lower;
    return lower === code ? WORD : WORD | UPPER;
  }
  const folded = simpleFold(ch);
  if (folded === undefined) return WORD | FOLD;
  SIMPLE_FOLDS.set(code, folded);
  return WORD | SIMPLE;
}

/** Class of an astral code point (always folded with its run, as PAIR). */
function classifyPoint(point: number): number {
  const ch = String.fromCodePoint(point);
  if (!IS_WORD.test(ch)) return 0;
  return NO_SPACE_SCRIPT.test(ch) ? WORD | SEGMENT | PAIR : WORD | FOLD | PAIR;
}

/** Classes of the code units 0..65535, filled 256 at a time on first use so start-up stays cheap. */
const CLASSES = new Uint8Array(65_536);
const built = new Uint8Array(256);

function buildBlock(block: number): void {
  for (let i = 0; i < 256; i++) {
    const code = (block << 8) | i;
    CLASSES[code] = code >= 0xd800 && code <= 0xdfff ? PAIR : classifyUnit(code);
  }
  built[block] = 1;
}

buildBlock(0);

/** Class of the code unit `code`, building its block on first use (PAIR for either half of a surrogate pair). */
function unitClass(code: number): number {
  if (built[code >> 8] === 0) buildBlock(code >> 8);
  return CLASSES[code]!;
}

/** Class of the surrogate at `i`: that of its code point with PAIR set, or 0 for a lone surrogate. */
function pairClass(text: string, i: number): number {
  const point = text.codePointAt(i)!;
  // A lone surrogate is not a character: it separates words.
  return point > 0xffff ? classifyPoint(point) : 0;
}

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

function addFolded(sink: WordSink, text: string, start: number, end: number): void {
  // Folding can split a run ('½' → '1⁄2'): every resulting word keeps the run's span.
  for (const word of foldText(text).match(FOLDED_WORD) ?? []) sink.add(word, start, end, hashWord(word));
}

/** One word of a segmented run, its span relative to the run. */
interface RunWord {
  readonly word: string;
  readonly start: number;
  readonly end: number;
  readonly hash: number;
}

/**
 * Segmented short runs, by run. A call to Intl.Segmenter costs several microseconds whatever the run's length, and
 * short runs of Chinese or Japanese in other text (names, mostly) come back again and again. The words of a run
 * depend on the run alone, so a cached run gives exactly what segmenting it again would.
 */
const segmentedRuns = new Map<string, readonly RunWord[]>();
const CACHED_RUN_UNITS = 24;
const CACHED_RUNS = 4096;

function segmentRun(run: string): RunWord[] {
  const words: RunWord[] = [];
  for (const piece of segmenter.segment(run)) {
    if (!piece.isWordLike) continue;
    const end = piece.index + piece.segment.length;
    // Folding can split a piece: every resulting word keeps the piece's span.
    for (const word of foldText(piece.segment).match(FOLDED_WORD) ?? []) words.push({ word, start: piece.index, end, hash: hashWord(word) });
  }
  return words;
}

function addSegmented(sink: WordSink, run: string, offset: number): void {
  let words = run.length <= CACHED_RUN_UNITS ? segmentedRuns.get(run) : undefined;
  if (words === undefined) {
    words = segmentRun(run);
    if (run.length <= CACHED_RUN_UNITS) {
      if (segmentedRuns.size >= CACHED_RUNS) segmentedRuns.clear();
      segmentedRuns.set(run, words);
    }
  }
  for (const { word, start, end, hash } of words) sink.add(word, offset + start, offset + end, hash);
}

/** The fold of a run of plain and simple characters, a character at a time. */
function foldSimple(text: string, start: number, end: number): string {
  let word = '';
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    word += CLASSES[code]! & SIMPLE ? SIMPLE_FOLDS.get(code)! : String.fromCharCode(LOWER[code]!);
  }
  return word;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Code units are copied into chunks of this many, a view per text: a chunk lives while any text copied into it does. */
const UNIT_CHUNK = 1 << 19;
let unitChunk = Buffer.allocUnsafeSlow(2 * UNIT_CHUNK);
let unitsUsed = 0;

/**
 * Lets the next texts reuse the current chunks (code units, and the word arrays `settle` makes) from their start.
 * Only for a caller that holds no tokenised text (no NormalizedText) from before the call: it would be overwritten.
 * A thread that matches batch after batch calls it between batches; otherwise every 1 MB of text takes new chunks,
 * and V8 frees them only when their external memory reaches its GC trigger (the analysis thread held 66 MB).
 */
export function reuseTextUnits(): void {
  unitsUsed = 0;
  chunkUsed = 0;
}

/**
 * The UTF-16 code units of `text`. Reading a typed array in the scan loop (and in the topic index) is much faster
 * than `charCodeAt`, which must look at the string's representation on every call (a slice, a concatenation, one
 * or two bytes per character); the copy is a native, memcpy-like write.
 */
function unitsOf(text: string): Uint16Array {
  const length = text.length;
  let buffer = unitChunk;
  let at = unitsUsed;
  if (length > UNIT_CHUNK / 8) {
    buffer = Buffer.allocUnsafeSlow(2 * length);
    at = 0;
  } else {
    if (at + length > UNIT_CHUNK) {
      unitChunk = buffer = Buffer.allocUnsafeSlow(2 * UNIT_CHUNK);
      at = 0;
    }
    unitsUsed = at + length;
  }
  const units = new Uint16Array(buffer.buffer, buffer.byteOffset + 2 * at, length);
  if (LITTLE_ENDIAN) buffer.write(text, 2 * at, 'utf16le');
  else for (let i = 0; i < length; i++) units[i] = text.charCodeAt(i);
  return units;
}

/** Feeds every word of `text` (whose code units are `units`) to `sink`, in order. */
function scanWords(text: string, sink: WordSink, units: Uint16Array = unitsOf(text)): void {
  const length = text.length;
  let i = 0;
  while (i < length) {
    let code = units[i]!;
    let cls = code < 256 ? CLASSES[code]! : unitClass(code);
    if (cls === 0) {
      i++;
      continue;
    }
    const start = i;
    let flags = 0;
    // Hash of the folded word, valid while it has only plain and simple characters.
    let hash = FNV_OFFSET;
    for (;;) {
      if (cls & (SIMPLE | FOLD | SEGMENT | PAIR)) {
        if (cls === PAIR) cls = pairClass(text, i);
        if (cls === 0) break;
        flags |= cls;
        if (cls & SIMPLE) {
          const folded = SIMPLE_FOLDS.get(code)!;
          for (let k = 0; k < folded.length; k++) hash = Math.imul(hash ^ folded.charCodeAt(k), FNV_PRIME);
        }
        i += cls & PAIR ? 2 : 1;
      } else {
        flags |= cls;
        hash = Math.imul(hash ^ LOWER[code]!, FNV_PRIME);
        i++;
      }
      if (i >= length) break;
      code = units[i]!;
      cls = code < 256 ? CLASSES[code]! : unitClass(code);
      if (cls === 0) break;
    }
    if (flags === 0) {
      // A lone surrogate or an astral character that is not a letter: skip it.
      i = Math.max(i, start + 1);
      continue;
    }
    if (flags & SEGMENT) {
      addSegmented(sink, text.slice(start, i), start);
    } else if (flags & (FOLD | PAIR)) {
      addFolded(sink, text.slice(start, i), start, i);
    } else if (flags & SIMPLE) {
      sink.add(foldSimple(text, start, i), start, i, hash);
    } else {
      sink.addSpan(text, start, i, hash, (flags & UPPER) !== 0);
    }
  }
}

/** Starts recording the words of an article (or of one text): `scanField` each field, then `settle` them. */
export function beginArticle(): void {
  scratchCount = 0;
}

/**
 * Units of `scratch` per word: hash, start, length, whether lower-casing changes it (1 or 0). A word of its own
 * (folded, segmented) has start -(span start) - 1 and its span's end in place of the last.
 */
const SLOTS = 4;
/** The words of the article being scanned; copied out once the article is done (one small array per article). */
let scratch = new Int32Array(SLOTS * 2048);
let scratchCount = 0;

function reserve(): void {
  if (scratchCount + SLOTS > scratch.length) {
    const grown = new Int32Array(scratch.length * 2);
    grown.set(scratch);
    scratch = grown;
  }
}

const EMPTY = new Int32Array(0);

/** Tokenising only records the words; strings and lookups are built on first use, since the index rarely needs them. */
export class TokenizedField implements NormalizedField, WordSink {
  count = 0;
  /** Set by `normalizeText` once every field is scanned. */
  hashes: Int32Array = EMPTY;
  starts: Int32Array = EMPTY;
  lengths: Int32Array = EMPTY;
  /** Whether lower-casing changes the span of each word read from the source. */
  upper: Int32Array = EMPTY;
  /** The words made into strings so far, and the words of their own (folded, segmented), by index. */
  private made: string[] = [];
  private wordList: string[] | undefined;
  private positionMap: Map<string, number[]> | undefined;
  private sorted: string[] | undefined;

  constructor(
    readonly source: string,
    readonly units: Uint16Array,
  ) {}

  addSpan(_text: string, start: number, end: number, hash: number, upper: boolean): void {
    reserve();
    scratch[scratchCount] = hash;
    scratch[scratchCount + 1] = start;
    scratch[scratchCount + 2] = end - start;
    scratch[scratchCount + 3] = upper ? 1 : 0;
    scratchCount += SLOTS;
    this.count++;
  }

  add(word: string, start: number, end: number, hash: number): void {
    reserve();
    scratch[scratchCount] = hash;
    // A word of its own keeps its span (for highlighting): its start, encoded below -1, and its end.
    scratch[scratchCount + 1] = -start - 1;
    scratch[scratchCount + 2] = word.length;
    scratch[scratchCount + 3] = end;
    scratchCount += SLOTS;
    this.made[this.count++] = word;
  }

  wordAt(index: number): string {
    const made = this.made[index];
    if (made !== undefined) return made;
    const start = this.starts[index]!;
    const span = this.source.slice(start, start + this.lengths[index]!);
    return (this.made[index] = this.upper[index] === 1 ? span.toLowerCase() : span);
  }

  /** The span of the source the word at `index` came from. */
  spanAt(index: number): { start: number; end: number } {
    const start = this.starts[index]!;
    if (start >= 0) return { start, end: start + this.lengths[index]! };
    return { start: -start - 1, end: this.upper[index]! };
  }

  get words(): readonly string[] {
    if (this.wordList === undefined) {
      const list: string[] = [];
      for (let index = 0; index < this.count; index++) list.push(this.wordAt(index));
      this.wordList = list;
    }
    return this.wordList;
  }

  get positions(): ReadonlyMap<string, readonly number[]> {
    if (this.positionMap === undefined) {
      const map = new Map<string, number[]>();
      const { words } = this;
      for (let index = 0; index < words.length; index++) {
        const word = words[index]!;
        const list = map.get(word);
        if (list === undefined) map.set(word, [index]);
        else list.push(index);
      }
      this.positionMap = map;
    }
    return this.positionMap;
  }

  get sortedWords(): readonly string[] {
    return (this.sorted ??= [...this.positions.keys()].sort());
  }
}

/** Scans `source` into a new field (its arrays are filled in by `settle`). */
export function scanField(source: string): TokenizedField {
  const field = new TokenizedField(source, unitsOf(source));
  scanWords(source, field, field.units);
  return field;
}

let looseUnits = new Uint16Array(256);

/** `scanField` for a text whose field is not handed out (queries, snippets): its code units are copied to scratch. */
function scanLoose(text: string): TokenizedField {
  if (text.length > looseUnits.length) looseUnits = new Uint16Array(2 * text.length);
  for (let i = 0; i < text.length; i++) looseUnits[i] = text.charCodeAt(i);
  const field = new TokenizedField(text, looseUnits);
  scanWords(text, field, looseUnits);
  return field;
}

/**
 * Per-article arrays are views into chunks of this many Int32s: a typed array of its own costs microseconds (an
 * off-heap buffer, zeroed, that the GC must account for), a view of a chunk a fraction of that. A chunk lives as
 * long as any article tokenised into it.
 */
const CHUNK = 1 << 18;
let chunk = new Int32Array(CHUNK);
let chunkUsed = 0;

function allocate(length: number): Int32Array {
  if (length > CHUNK / 8) return new Int32Array(length);
  if (chunkUsed + length > CHUNK) {
    chunk = new Int32Array(CHUNK);
    chunkUsed = 0;
  }
  const view = chunk.subarray(chunkUsed, chunkUsed + length);
  chunkUsed += length;
  return view;
}

/** Splits the interleaved scratch of all three fields into one array per article, viewed field by field. */
export function settle(fields: readonly TokenizedField[]): void {
  const count = scratchCount / SLOTS;
  const data = allocate(scratchCount);
  for (let k = 0, at = 0; k < count; k++, at += SLOTS) {
    data[k] = scratch[at]!;
    data[count + k] = scratch[at + 1]!;
    data[2 * count + k] = scratch[at + 2]!;
    data[3 * count + k] = scratch[at + 3]!;
  }
  let at = 0;
  for (const field of fields) {
    const end = at + field.count;
    field.hashes = data.subarray(at, end);
    field.starts = data.subarray(count + at, count + end);
    field.lengths = data.subarray(2 * count + at, 2 * count + end);
    field.upper = data.subarray(3 * count + at, 3 * count + end);
    at = end;
  }
}

/**
 * Splits text into normalised words. Every caller scans into the same kind of sink (`TokenizedField`), so the scan
 * loop stays monomorphic: with a second kind of sink, V8 slowed article tokenising by half.
 */
export function tokenize(text: string): string[] {
  beginArticle();
  const field = scanLoose(text);
  settle([field]);
  return [...field.words];
}

/** Splits text into normalised words, each with the span of `text` it came from (for highlighting). */
export function tokenizeWithSpans(text: string): WordSpan[] {
  beginArticle();
  const field = scanLoose(text);
  settle([field]);
  const spans: WordSpan[] = [];
  for (let i = 0; i < field.count; i++) spans.push({ word: field.wordAt(i), ...field.spanAt(i) });
  return spans;
}
