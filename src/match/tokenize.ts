/**
 * Splits text into folded words. A word is a run of Unicode letters, digits and marks (and the invisible joiners
 * fold-text removes); everything else separates words. Runs that contain a script written without spaces
 * (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) are split by `Intl.Segmenter` — only those runs, because it is
 * slow. Plain ASCII and other letters that need no folding (most Cyrillic, Greek, Hebrew, Arabic letters) take a
 * fast path that only lower-cases; everything else goes through `foldText`; both paths give the same words. Each
 * word's `hashWord` is computed on the way, in the same loop for ASCII words.
 */
import { foldText } from './fold-text.js';
import { FNV_OFFSET, FNV_PRIME, hashWord } from './word-hash.js';

/** Receives each word with the span of the source text it came from and its `hashWord`. */
export interface WordSink {
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
const UPPER = 2;
const FOLD = 4;
const SEGMENT = 8;
/** Half of a surrogate pair: classified by its code point when met. */
const PAIR = 16;
/** A letter outside ASCII that needs no folding beyond lower case. */
const NON_ASCII = 32;

/** Soft hyphen and zero-width (non-)joiners sit inside words: they join rather than split (fold-text drops them). */
const IS_WORD = /^[\p{L}\p{N}\p{M}\u00ad\u200c\u200d\u2060]$/u;
const IS_MARK = /^\p{M}$/u;
const NO_SPACE_SCRIPT = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}\u30fc]$/u;
const HANGUL_JAMO = /^[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\ud7b0-\ud7ff]$/u;
const FOLDED_WORD = /[\p{L}\p{N}\p{M}]+/gu;
const INVISIBLE = /^[\u00ad\u200c\u200d\u2060]$/u;

function classify(ch: string): number {
  if (!IS_WORD.test(ch)) return 0;
  if (NO_SPACE_SCRIPT.test(ch)) return WORD | SEGMENT;
  const lower = ch.toLowerCase();
  // Σ lower-cases to ς or σ depending on its place in the word, so only the whole-word fold gets it right.
  const plain =
    !IS_MARK.test(ch) &&
    !INVISIBLE.test(ch) &&
    !HANGUL_JAMO.test(ch) &&
    ch !== 'Σ' &&
    ch.normalize('NFKD') === ch &&
    foldText(ch) === lower;
  return WORD | (plain ? (lower === ch ? 0 : UPPER) : FOLD);
}

/** Classes of the code units 0..65535, filled 256 at a time on first use so start-up stays cheap. */
const blocks: (Uint8Array | undefined)[] = [];

function buildBlock(block: number): Uint8Array {
  const table = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    const code = (block << 8) | i;
    const cls = code >= 0xd800 && code <= 0xdfff ? PAIR : classify(String.fromCharCode(code));
    table[i] = code >= 128 && cls & WORD ? cls | NON_ASCII : cls;
  }
  blocks[block] = table;
  return table;
}

const ASCII = buildBlock(0);

/** Class of the character at `i`; a surrogate pair's has PAIR set (it is two units long) and is not cached. */
function classAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  const cls = (blocks[code >> 8] ?? buildBlock(code >> 8))[code & 255]!;
  if (cls !== PAIR) return cls;
  const point = text.codePointAt(i)!;
  // A lone surrogate is not a character: it separates words.
  return point > 0xffff ? classify(String.fromCodePoint(point)) | PAIR : 0;
}

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

function addFolded(sink: WordSink, text: string, start: number, end: number): void {
  // Folding can split a run ('½' → '1⁄2'): every resulting word keeps the run's span.
  for (const word of foldText(text).match(FOLDED_WORD) ?? []) sink.add(word, start, end, hashWord(word));
}

function addSegmented(sink: WordSink, run: string, offset: number): void {
  for (const piece of segmenter.segment(run)) {
    if (!piece.isWordLike) continue;
    const start = offset + piece.index;
    addFolded(sink, piece.segment, start, start + piece.segment.length);
  }
}

/** Feeds every word of `text` to `sink`, in order. */
export function scanWords(text: string, sink: WordSink): void {
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code < 128 && ASCII[code] === 0) {
      i++;
      continue;
    }
    const start = i;
    let flags = 0;
    // Hash of the lower-cased word, valid when it stays plain ASCII (A-Z and a-z differ only in bit 5).
    let hash = FNV_OFFSET;
    // The common case, an ASCII word, never leaves this loop until its end.
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        const cls = ASCII[c]!;
        if (cls === 0) break;
        flags |= cls;
        hash = Math.imul(hash ^ (cls & UPPER ? c | 0x20 : c), FNV_PRIME);
        i++;
      } else {
        const cls = classAt(text, i);
        if (cls === 0) break;
        flags |= cls;
        i += cls & PAIR ? 2 : 1;
      }
    }
    if (flags === 0) {
      // A separator outside ASCII (or a lone surrogate): skip it.
      i = Math.max(i, start + 1);
      continue;
    }
    const run = text.slice(start, i);
    if (flags & SEGMENT) {
      addSegmented(sink, run, start);
    } else if (flags & (FOLD | PAIR)) {
      addFolded(sink, run, start, i);
    } else if (flags & NON_ASCII) {
      const word = run.toLowerCase();
      sink.add(word, start, i, hashWord(word));
    } else {
      sink.add(flags & UPPER ? run.toLowerCase() : run, start, i, hash);
    }
  }
}

class WordList implements WordSink {
  readonly words: string[] = [];
  add(word: string): void {
    this.words.push(word);
  }
}

class SpanList implements WordSink {
  readonly spans: WordSpan[] = [];
  add(word: string, start: number, end: number): void {
    this.spans.push({ word, start, end });
  }
}

/** Splits text into normalised words. */
export function tokenize(text: string): string[] {
  const list = new WordList();
  scanWords(text, list);
  return list.words;
}

/** Splits text into normalised words, each with the span of `text` it came from (for highlighting). */
export function tokenizeWithSpans(text: string): WordSpan[] {
  const list = new SpanList();
  scanWords(text, list);
  return list.spans;
}
