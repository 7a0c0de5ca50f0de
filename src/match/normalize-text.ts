/**
 * An article tokenised once, field by field, for every topic to be evaluated against (the folding rules are in
 * fold-text.ts, the word splitting in tokenize.ts). Each field is capped so matching time stays bounded.
 */
import { beginArticle, scanField, settle } from './tokenize.js';

/** Longest prefix of one field that is matched (RELIABILITY row 44): bounds matching time whatever a feed sends. */
export const MAX_FIELD_CHARS = 64 * 1024;

/** The parts of an article a topic query is matched against (plain text). */
export interface MatchableText {
  title: string;
  summary: string;
  content: string;
}

/**
 * One field, tokenised: the words in order plus lookups the evaluator needs. Most words are a span of the source
 * lower-cased, and are not made into strings until something asks for them (`wordAt`, `words`): the topic index
 * reads them from `source` and `hashes`.
 */
export interface NormalizedField {
  /** Number of words. */
  readonly count: number;
  /** The normalised word at `index` (0 ≤ index < count). */
  wordAt(index: number): string;
  /** Normalised words in text order (all of them made into strings on first use). */
  readonly words: readonly string[];
  /** `hashWord` of each word, computed while scanning so the topic index need not read the words again. */
  readonly hashes: Int32Array;
  /** The (capped) field text the words come from. */
  readonly source: string;
  /** The UTF-16 code units of `source`. */
  readonly units: Uint16Array;
  /**
   * Where each word starts in `source` when the word is its span of `source` lower-cased a code unit at a time
   * (tokenize.ts `LOWER`), else a negative number: the topic index reads such words from `source` rather than from
   * the word.
   */
  readonly starts: Int32Array;
  /** The length of each word, in UTF-16 units. */
  readonly lengths: Int32Array;
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

/** Tokenises an article's fields once, for every topic to be evaluated against. */
export function normalizeText(article: MatchableText): NormalizedText {
  beginArticle();
  const title = scanField(capField(article.title));
  const summary = scanField(capField(article.summary));
  const content = scanField(capField(article.content));
  settle([title, summary, content]);
  return { title, summary, content };
}
