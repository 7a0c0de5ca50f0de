/**
 * An article tokenised once, field by field, for every topic to be evaluated against (the folding rules are in
 * fold-text.ts, the word splitting in tokenize.ts). Each field is capped so matching time stays bounded.
 */
import { FIELD_NAMES } from './fields.js';
import { scanWords } from './tokenize.js';
import type { WordSink } from './tokenize.js';

/** Longest prefix of one field that is matched (RELIABILITY row 44): bounds matching time whatever a feed sends. */
export const MAX_FIELD_CHARS = 64 * 1024;

/** The parts of an article a topic query is matched against (plain text). */
export interface MatchableText {
  title: string;
  summary: string;
  content: string;
}

/** One field, tokenised: the words in order plus lookups the evaluator needs. */
export interface NormalizedField {
  /** Normalised words in text order. */
  readonly words: readonly string[];
  /** `hashWord` of each word, computed while scanning so the topic index need not read the words again. */
  readonly hashes: Int32Array;
  /** Each distinct word → its indexes in `words`, ascending. */
  readonly positions: ReadonlyMap<string, readonly number[]>;
  /** The distinct words in code-unit order, so a prefix is a contiguous range found by binary search. */
  readonly sortedWords: readonly string[];
}

/** An article tokenised once, field by field; phrases never span two fields. */
export interface NormalizedText {
  readonly title: NormalizedField;
  readonly summary: NormalizedField;
  readonly content: NormalizedField;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}\u00ad\u200c\u200d\u2060]/u;
/** How far back `capField` looks for a word boundary before it cuts mid-word anyway (text without spaces). */
const MAX_WORD_BACKTRACK = 100;

/** The part of a field that is matched: at most `MAX_FIELD_CHARS`, never ending in half a word. */
export function capField(text: string): string {
  if (text.length <= MAX_FIELD_CHARS) return text;
  let end = MAX_FIELD_CHARS;
  // Half a word would match queries for the shorter word, so the cut word is dropped whole.
  if (WORD_CHAR.test(text.charAt(end))) {
    const floor = end - MAX_WORD_BACKTRACK;
    let back = end;
    while (back > floor && back > 0 && WORD_CHAR.test(text.charAt(back - 1))) back--;
    if (back > floor) end = back;
  }
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

/** Tokenising only collects the words; the lookups are built on first use, since the index rarely needs them. */
class TokenizedField implements NormalizedField, WordSink {
  readonly words: string[] = [];
  private hashBuffer = new Int32Array(64);
  private positionMap: Map<string, number[]> | undefined;
  private sorted: string[] | undefined;

  add(word: string, _start: number, _end: number, hash: number): void {
    const index = this.words.length;
    if (index === this.hashBuffer.length) {
      const grown = new Int32Array(index * 2);
      grown.set(this.hashBuffer);
      this.hashBuffer = grown;
    }
    this.hashBuffer[index] = hash;
    this.words.push(word);
  }

  get hashes(): Int32Array {
    return this.hashBuffer.subarray(0, this.words.length);
  }

  get positions(): ReadonlyMap<string, readonly number[]> {
    if (this.positionMap === undefined) {
      const map = new Map<string, number[]>();
      this.words.forEach((word, index) => {
        const list = map.get(word);
        if (list === undefined) map.set(word, [index]);
        else list.push(index);
      });
      this.positionMap = map;
    }
    return this.positionMap;
  }

  get sortedWords(): readonly string[] {
    return (this.sorted ??= [...this.positions.keys()].sort());
  }
}

function normalizeField(text: string): NormalizedField {
  const field = new TokenizedField();
  scanWords(capField(text), field);
  return field;
}

/** Tokenises an article's fields once, for every topic to be evaluated against. */
export function normalizeText(article: MatchableText): NormalizedText {
  const [title, summary, content] = FIELD_NAMES.map((name) => normalizeField(article[name]));
  return { title: title!, summary: summary!, content: content! };
}
