/**
 * Text helpers local to entity matching (kept apart from the query tokeniser on purpose): folding, and a tokeniser
 * that keeps what the ambiguity rules need — capitalisation and the punctuation between words.
 */

/** Longest prefix of one field that is scanned: bounds the cost whatever a feed sends. */
export const MAX_FIELD_CHARS = 64 * 1024;

/** What separates a token from the previous one. */
export const Gap = { Space: 0, Apostrophe: 1, Comma: 2, Break: 3 } as const;
export type Gap = (typeof Gap)[keyof typeof Gap];

/** Script class of a token; `Continuous` (Han, kana, Hangul) is written without spaces between names. */
export const Script = { Cased: 0, Arabic: 1, Hebrew: 2, Continuous: 3, Other: 4 } as const;
export type Script = (typeof Script)[keyof typeof Script];

/** One word of a field. */
export interface Token {
  /** Folded form (NFKC, no diacritics, lower case). */
  readonly f: string;
  /** First letter is upper case. */
  readonly cap: boolean;
  /** Every letter is upper case (and there are at least two). */
  readonly upper: boolean;
  readonly gap: Gap;
  readonly script: Script;
}

const CJK = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Hangul}\\u30FC';
// The v flag (set subtraction) keeps CJK runs apart from adjacent Latin letters; built at run time for ES2023 typing.
const WORD = new RegExp(`[${CJK}]+|[[\\p{L}\\p{M}\\p{N}]--[${CJK}]]+`, 'gv');
const CONTINUOUS = new RegExp(`^[${CJK}]`, 'u');
const MARKS = /[\p{M}\u0640]/gu; // combining marks and Arabic tatweel
const ASCII = /^[\x00-\x7f]*$/;
const ACRONYM = /(?<![\p{L}\p{N}])(?:\p{Lu}\.){2,}/gu;
const HEBREW = /[\u0590-\u05FF]/;
const HEBREW_QUOTE = /(?<=\p{sc=Hebrew})["'\u05F3\u05F4](?=\p{sc=Hebrew})/gu;
const BREAK = /[.!?;:\n\u3002\uFF01\uFF1F\u061F|]/;
const COMMA = /[,\u060C\u3001\uFF0C]/;
const APOSTROPHE = /^['\u2019\u02BC]$/;

/** NFKD without marks, then NFC, lower case, ß as ss: the comparison form of a word or name. */
export function fold(s: string): string {
  if (ASCII.test(s)) return s.toLowerCase();
  return s.normalize('NFKD').replace(MARKS, '').normalize('NFC').toLowerCase().replace(/ß/g, 'ss');
}

function scriptOf(word: string): Script {
  const c = word.codePointAt(0) ?? 0;
  if (c < 0x250 || (c >= 0x370 && c < 0x530) || (c >= 0x1e00 && c < 0x2000)) return Script.Cased;
  if (c >= 0x590 && c < 0x600) return Script.Hebrew;
  if ((c >= 0x600 && c < 0x780) || (c >= 0xfb50 && c < 0xff00)) return Script.Arabic;
  return CONTINUOUS.test(word) ? Script.Continuous : Script.Other;
}

function gapOf(between: string): Gap {
  if (BREAK.test(between)) return Gap.Break;
  if (COMMA.test(between)) return Gap.Comma;
  return APOSTROPHE.test(between) ? Gap.Apostrophe : Gap.Space;
}

/** NFKC; "U.S." and "U.A.E." become one word; Hebrew abbreviations keep their letters together (ארה״ב). */
function prepare(text: string): string {
  let s = ASCII.test(text) ? text : text.normalize('NFKC');
  if (s.includes('.')) s = s.replace(ACRONYM, (m) => m.replace(/\./g, ''));
  return HEBREW.test(s) ? s.replace(HEBREW_QUOTE, '') : s;
}

/** Tokenises one field; the first token always follows a break. */
export function tokenize(text: string): Token[] {
  const clean = prepare(text.slice(0, MAX_FIELD_CHARS));
  const out: Token[] = [];
  let prevEnd = -1;
  for (const m of clean.matchAll(WORD)) {
    const word = m[0];
    const first = word.charAt(0);
    const cased = first.toLowerCase() !== first.toUpperCase();
    out.push({
      f: fold(word),
      cap: cased && first !== first.toLowerCase(),
      upper: cased && word.length > 1 && word === word.toUpperCase(),
      gap: prevEnd < 0 ? Gap.Break : gapOf(clean.slice(prevEnd, m.index)),
      script: scriptOf(word),
    });
    prevEnd = m.index + word.length;
  }
  return out;
}

/** Folded words of a name, as the tokeniser would see them in text (cheaper: no token records). */
export function words(text: string): string[] {
  return fold(prepare(text)).match(WORD) ?? [];
}

/** Folded words of a name; a leading "the" is dropped ("the Gambia", "The Netherlands"). */
export function nameWords(name: string): string[] {
  const keys = words(name);
  if (keys.length > 1 && keys[0] === 'the') keys.shift();
  return keys;
}

/** Key of a phrase: words joined by spaces, or run together for scripts written without spaces. */
export function phraseKey(keys: readonly string[]): string {
  return keys.join(keys.length > 0 && keys.every(isContinuous) ? '' : ' ');
}

/** Whether a folded word is written without spaces (its names are matched character by character). */
export function isContinuous(word: string): boolean {
  return CONTINUOUS.test(word);
}
