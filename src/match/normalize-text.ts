/**
 * Text normalisation shared by queries and articles, so both sides fold the same way: NFKD, combining marks
 * stripped, `toLowerCase()` (locale independent), words = runs of Unicode letters and digits. An article is
 * tokenised once and every topic is evaluated against the result.
 */

/** Longest prefix of one field that is matched (RELIABILITY row 44): bounds matching time whatever a feed sends. */
export const MAX_FIELD_CHARS = 64 * 1024;

/** The article fields a query looks at. */
export const FIELD_NAMES = ['title', 'summary', 'content'] as const;

/** One matchable article field. */
export type FieldName = (typeof FIELD_NAMES)[number];

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

/** A normalised word with the span of the original text it came from. */
export interface WordSpan {
  word: string;
  start: number;
  end: number;
}

// Marks are part of a chunk so that decomposed input ("Sa\u0303o") is not split before the marks are stripped.
const CHUNK = /[\p{L}\p{N}\p{M}]+/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const MARKS = /\p{M}+/gu;
const ASCII_WORD = /^[A-Za-z0-9]+$/;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
/** How far back `capField` looks for a word boundary before it cuts mid-word anyway (text without spaces). */
const MAX_WORD_BACKTRACK = 100;

/** Folds one piece of text: NFKD, combining marks removed, lower case. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(MARKS, '').toLowerCase();
}

function scanWords(text: string, emit: (word: string, start: number, end: number) => void): void {
  for (const match of text.matchAll(CHUNK)) {
    const chunk = match[0];
    const start = match.index;
    const end = start + chunk.length;
    if (ASCII_WORD.test(chunk)) {
      emit(chunk.toLowerCase(), start, end);
      continue;
    }
    // NFKD can turn one chunk into several words ('½' → '1⁄2'); all of them keep the chunk's span.
    for (const word of foldText(chunk).match(WORD) ?? []) emit(word, start, end);
  }
}

/** Splits text into normalised words. */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  scanWords(text, (word) => words.push(word));
  return words;
}

/** Splits text into normalised words, each with the span of `text` it came from (for highlighting). */
export function tokenizeWithSpans(text: string): WordSpan[] {
  const spans: WordSpan[] = [];
  scanWords(text, (word, start, end) => spans.push({ word, start, end }));
  return spans;
}

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

function normalizeField(text: string): NormalizedField {
  const words = tokenize(capField(text));
  const positions = new Map<string, number[]>();
  words.forEach((word, index) => {
    const list = positions.get(word);
    if (list === undefined) positions.set(word, [index]);
    else list.push(index);
  });
  return { words, positions, sortedWords: [...positions.keys()].sort() };
}

/** Tokenises each field of an article once (capped at `MAX_FIELD_CHARS`), ready for every topic. */
export function normalizeText(article: MatchableText): NormalizedText {
  return {
    title: normalizeField(article.title),
    summary: normalizeField(article.summary),
    content: normalizeField(article.content),
  };
}
