/**
 * How one run of letters is folded before comparison, the same for queries and articles: Unicode NFKD, diacritics,
 * Arabic harakat / tatweel, Hebrew niqqud and in-word invisibles (soft hyphen, ZWNJ, ZWJ) removed, locale-independent lower case, NFC again (so Hangul and the
 * marks we keep, e.g. Thai vowels and Devanagari signs, are composed as usual), then a few letters Unicode does not
 * decompose are folded: ß → ss, final ς → σ, dotless ı → i, ł → l, đ → d, ħ → h, and Arabic-Indic digits → 0-9.
 */

/**
 * Marks that are diacritics on Latin, Greek and Cyrillic (the combining blocks), Hebrew points and cantillation,
 * Arabic harakat and Quranic annotation, plus the Arabic tatweel (a letter that only stretches a word) and the
 * invisible joiners that sit inside words (soft hyphen, ZWNJ, ZWJ, word joiner). Marks of other scripts (Thai,
 * Indic, …) are spelling, not decoration, so they stay.
 */
const FOLDED_MARKS =
  /[\u00ad\u200c\u200d\u2060\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
const HAS_FOLDED_MARK = new RegExp(FOLDED_MARKS.source);

const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ς: 'σ',
  // Turkish: 'I'.toLowerCase() is 'i' in every locale, so the dotless ı must fold to i for "ISTANBUL" to meet "ıstanbul".
  ı: 'i',
  ł: 'l',
  đ: 'd',
  ħ: 'h',
};
const SPECIAL = /[ßςıłđħ\u0660-\u0669\u06f0-\u06f9]/g;
const HAS_SPECIAL = new RegExp(SPECIAL.source);

function foldSpecial(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code >= 0x0660 && code <= 0x0669) return String.fromCharCode(48 + code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String.fromCharCode(48 + code - 0x06f0);
  return LETTER_FOLDS[ch] ?? ch;
}

/** Folds a run of text as described in the module comment; it may come back containing separators ('½' → '1⁄2'). */
export function foldText(text: string): string {
  let folded = text.normalize('NFKD');
  if (HAS_FOLDED_MARK.test(folded)) folded = folded.replace(FOLDED_MARKS, '');
  folded = folded.toLowerCase().normalize('NFC');
  return HAS_SPECIAL.test(folded) ? folded.replace(SPECIAL, foldSpecial) : folded;
}
