import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText, tokenize } from '../../../src/match/index.js';
import { foldText } from '../../../src/match/fold-text.js';
import { hashWord } from '../../../src/match/word-hash.js';

// The tokeniser's fast paths (plain ASCII, letters that only need lower-casing) must give exactly what folding
// every run of letters would; this reference does only the latter.
const RUN = /[\p{L}\p{N}\p{M}\u00ad\u200c\u200d\u2060]+/gu;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

function reference(text: string): string[] {
  return (text.match(RUN) ?? []).flatMap((run) => foldText(run).match(WORD) ?? []);
}

const PIECES = [
  'a', 'Z', 'q', '7', ' ', ' ', ',', '-', "'", '’', '\n', '.', '(', '\u00a0',
  'é', 'e\u0301', 'Ç', 'ñ', 'Ø', 'æ', 'ß', 'ẞ', 'ı', 'İ', 'ł', 'Đ', 'ħ', 'ǅ', 'ﬁ', 'Ａ', '１', '½', '²',
  'Й', 'й', 'Ё', 'ж', 'Ж', 'Σ', 'σ', 'ς', 'Ά', 'ω', 'ΐ',
  'ب', 'ُ', 'ـ', 'أ', '٣', '۴', 'ש', 'ָ', '־',
  '\u00ad', '\u200c', '\u200d', '한', 'ᄒ', 'ᅡ', '🙂', '𝐀', '\ud800', '\udc00', 'क', '़', 'ि',
];
const mixedText = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));

describe('tokenize', () => {
  it('splits and folds any text like folding each run of letters would', () => {
    fc.assert(
      fc.property(mixedText, (text) => {
        expect(tokenize(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('hashes every word as hashWord does', () => {
    fc.assert(
      fc.property(mixedText, fc.string({ unit: 'grapheme' }), (text, other) => {
        const field = normalizeText({ title: text + other, summary: '', content: '' }).title;
        expect([...field.hashes]).toEqual(field.words.map((word) => hashWord(word)));
      }),
      { numRuns: 1000 },
    );
  });

  it('splits runs of Chinese, Japanese and Thai with Intl.Segmenter, and only those', () => {
    const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
    const cjk = fc.array(fc.constantFrom('北京', '大学', '的', '学生', 'に', 'テスト', 'ー', 'ภาษา', 'ไทย', 'x', '1', ' ', '。'), { maxLength: 12 });
    fc.assert(
      fc.property(cjk, (parts) => {
        const text = parts.join('');
        const expected = (text.match(RUN) ?? []).flatMap((run) =>
          [...segmenter.segment(run)].filter((s) => s.isWordLike).flatMap((s) => foldText(s.segment).match(WORD) ?? []),
        );
        expect(tokenize(text)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
