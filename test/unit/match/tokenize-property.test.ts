import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText, tokenize } from '../../../src/match/index.js';
import { foldText } from '../../../src/match/fold-text.js';
import { hashWord } from '../../../src/match/word-hash.js';
import { LOWER } from '../../../src/match/tokenize.js';

// The tokeniser's fast paths (plain ASCII, letters that only need lower-casing) must give exactly what folding
// every run of letters would; this reference does only the latter.
const RUN = /[\p{L}\p{N}\p{M}\u00ad\u200c\u200d\u2060]+/gu;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

function reference(text: string): string[] {
  return (text.match(RUN) ?? []).flatMap((run) => foldText(run).match(WORD) ?? []);
}

const NO_SPACE = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}\u30fc]/u;
const referenceSegmenter = new Intl.Segmenter('und', { granularity: 'word' });

/** The reference with the one exception the tokeniser makes: runs with a script without spaces are segmented first. */
function fullReference(text: string): string[] {
  return (text.match(RUN) ?? []).flatMap((run) =>
    NO_SPACE.test(run)
      ? [...referenceSegmenter.segment(run)].filter((s) => s.isWordLike).flatMap((s) => foldText(s.segment).match(WORD) ?? [])
      : (foldText(run).match(WORD) ?? []),
  );
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

  it('folds every BMP character like the reference, alone and next to others', () => {
    // The per-character tables (plain and simple characters) must agree with folding whole runs, whatever the
    // neighbours: before and after ASCII, an accented letter, a Cyrillic letter, a combining mark, itself.
    const mismatches: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const ch = String.fromCharCode(code);
      const text = `${ch} a${ch}b É${ch}ж ${ch}${ch}x ${ch}\u0301 Ж${ch}ß ${ch}é`;
      const got = tokenize(text);
      const want = fullReference(text);
      if (got.length !== want.length || got.some((word, i) => word !== want[i])) mismatches.push(code.toString(16));
    }
    expect(mismatches).toEqual([]);
  });

  it('agrees with the reference on random text from many scripts', () => {
    const alphabet = [
      ...'aAzZ09 .,;:-\'"’()\n\t&#;<>',
      ...'àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßĀāĂăĄąĆćČčĎďĐđĒēĘęĚěĞğĦħİıĲĳĹĺĽľŁłŃńŇňŒœŘřŚśŞşŠšŢţŤťŮůŰűŸŹźŻżŽžſǅǈǋǲ',
      ...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯіїєґІЇЄҐўЎ',
      ...'αβγδεζηθικλμνξοπρσςτυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩάέήίόύώΐΰϊϋΆΈΉΊΌΎΏ',
      ...'אבגדהוזחטיכלמנסעפצקרשתךםןףץ\u05b0\u05b4\u05bc\u05c1\u05be',
      ...'ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئةى\u064b\u064e\u064f\u0650\u0651\u0652\u0640٠١٢٣٩۰۴',
      ...'北京大学的学生東京にテストーภาษาไทย한국어하ㅎㅏﾃｽﾄﾡ',
      ...'ﬁﬂＡｚ０９①²½Ⅻ™ℌ\u00ad\u200c\u200d\u2060\u0301\u0308\u0327\u093c\u0958क़ि',
      '🙂', '𝐀', '𝕏', '\ud800', '\udc00',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        expect(tokenize(text)).toEqual(fullReference(text));
        const field = normalizeText({ title: text, summary: '', content: '' }).title;
        expect([...field.hashes]).toEqual(field.words.map((word) => hashWord(word)));
        // Words read from the source (not made into strings) are their span lower-cased, as `lengths` says.
        expect(field.count).toBe(field.words.length);
        expect([...field.lengths]).toEqual(field.words.map((word) => word.length));
        field.words.forEach((word, i) => {
          expect(field.wordAt(i)).toBe(word);
          const start = field.starts[i]!;
          if (start >= 0) {
            expect(field.source.slice(start, start + word.length).toLowerCase()).toBe(word);
            expect(Array.from(field.source.slice(start, start + word.length), (ch) => String.fromCharCode(LOWER[ch.charCodeAt(0)]!)).join('')).toBe(word);
          }
        });
      }),
      { numRuns: 3000 },
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
