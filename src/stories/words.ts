/**
 * The stories module's own text folding, kept apart from `src/match` on purpose: fingerprints are stored, so their
 * folding must only change together with `FINGERPRINT_VERSION`. Rules: NFKC, lower case (plus ß → ss), nonspacing
 * marks removed in every script (diacritics, Arabic short vowels), Arabic letter variants unified, tatweel dropped;
 * words are runs of Unicode letters and digits.
 */
import { STOPWORDS } from './stopwords.js';

const WORD = /[\p{L}\p{N}]+/gu;
const NONSPACING_MARKS = /\p{Mn}+/gu;
const ARABIC_VARIANTS = /[ىةـ]/gu;
const ARABIC_FOLD: Readonly<Record<string, string>> = { 'ى': 'ي', 'ة': 'ه', 'ـ': '' };
const DIGITS_ONLY = /^\p{N}+$/u;
const LATIN_LOWER = /^[a-z]+$/;
const VOWEL = /[aeiouy]/;
// "status", "crisis" and "press" end in s without being plurals.
const PLURAL_S = /[^isu]s$/;
// Doubled before -ing/-ed ("planned", "cutting"), but not l, s, z, which English doubles in the stem too.
const DOUBLE_END = /([b-df-hj-km-np-rtv-xy])\1$/;
/** Shorter words are mostly initials and unit letters; they carry no event. */
const MIN_TERM_CHARS = 3;

/** Text every rule above leaves as it is, but for lower case (ASCII: NFKC, NFD and NFC change none of it). */
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Folds text for comparison: NFKC, lower case, diacritics and Arabic variants unified. */
export function foldText(text: string): string {
  // The three normalisations are most of what folding costs, and ASCII text (much English copy) needs none of them.
  if (ASCII_ONLY.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replaceAll('ß', 'ss')
    .normalize('NFD')
    .replace(NONSPACING_MARKS, '')
    .replace(ARABIC_VARIANTS, (c) => ARABIC_FOLD[c] ?? c)
    .normalize('NFC');
}

/** Splits text into folded words (stopwords kept). */
export function splitWords(text: string): string[] {
  return foldText(text).match(WORD) ?? [];
}

/** Characters folded at first by `firstWords`: 60 words of news prose take about 400. */
const FIRST_WORDS_CHARS = 640;

/**
 * The first `count` words of `splitWords(text)`, folding only as much of the text as they need (a lead is often a
 * whole body). The text is cut at a space: folding never reaches across one (a space is not a combining mark, nor
 * part of a word, nor skipped when lower case decides a final sigma), so the words before the cut are the same as
 * in the whole text's.
 */
export function firstWords(text: string, count: number): string[] {
  for (let size = FIRST_WORDS_CHARS; ; size *= 2) {
    const cut = size >= text.length ? -1 : text.indexOf(' ', size);
    if (cut < 0) return splitWords(text).slice(0, count);
    const words = splitWords(text.slice(0, cut));
    if (words.length >= count) return words.slice(0, count);
  }
}

/**
 * Reduces inflections so "joins", "joined" and "joining" meet: a few English suffix rules on a-z words, and the
 * Arabic definite article. Crude on purpose: both sides are reduced the same way, and only overlap is measured.
 */
export function stemWord(word: string): string {
  if (LATIN_LOWER.test(word)) return stemLatin(word);
  if (word.length >= 5 && (word.startsWith('ال') || word.startsWith('وال'))) return word.slice(word.indexOf('ال') + 2);
  return word;
}

function stemLatin(word: string): string {
  let stem = word;
  if (stem.length >= 5 && stem.endsWith('ies')) stem = `${stem.slice(0, -3)}y`;
  else if (stem.length >= 4 && PLURAL_S.test(stem)) stem = stem.slice(0, -1);
  if (stem.length >= 5) stem = stripVerbEnding(stem);
  // "rate" must meet "rates" and "escalate" "escalated", so a final e goes after any suffix rule.
  return stem.length > 3 && stem.endsWith('e') ? stem.slice(0, -1) : stem;
}

function stripVerbEnding(word: string): string {
  for (const suffix of ['ing', 'ed']) {
    const rest = word.slice(0, -suffix.length);
    if (word.endsWith(suffix) && rest.length >= 3 && VOWEL.test(rest)) {
      return DOUBLE_END.test(rest) ? rest.slice(0, -1) : rest;
    }
  }
  return word;
}

/** A folded word as a key term, or null when it is a stopword, a bare number or too short to carry meaning. */
export function toTerm(word: string): string | null {
  if (STOPWORDS.has(word) || DIGITS_ONLY.test(word)) return null;
  const stem = stemWord(word);
  if ([...stem].length < MIN_TERM_CHARS || STOPWORDS.has(stem)) return null;
  return stem;
}

const SCRIPTS: ReadonlyArray<readonly [string, RegExp]> = [
  ['Latin', /^\p{Script=Latin}/u],
  ['Cyrillic', /^\p{Script=Cyrillic}/u],
  ['Arabic', /^\p{Script=Arabic}/u],
  ['Greek', /^\p{Script=Greek}/u],
  ['Hebrew', /^\p{Script=Hebrew}/u],
  ['Han', /^\p{Script=Han}/u],
  ['Kana', /^[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Hangul', /^\p{Script=Hangul}/u],
  ['Devanagari', /^\p{Script=Devanagari}/u],
  ['Thai', /^\p{Script=Thai}/u],
];

/** The writing system most of the terms start in, or null for no terms or none of the known scripts. */
export function dominantScript(terms: Iterable<string>): string | null {
  const counts = new Map<string, number>();
  for (const term of terms) {
    const script = SCRIPTS.find(([, pattern]) => pattern.test(term))?.[0];
    if (script !== undefined) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [script, count] of counts) {
    if (count > bestCount) [best, bestCount] = [script, count];
  }
  return best;
}
