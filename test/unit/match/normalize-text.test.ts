import { describe, expect, it } from 'vitest';
import { compileTopics, MAX_FIELD_CHARS, normalizeText, tokenize } from '../../../src/match/index.js';
import { capField } from '../../../src/match/normalize-text.js';
import { tokenizeWithSpans } from '../../../src/match/tokenize.js';
import { hashWord } from '../../../src/match/word-hash.js';
import { article, topic } from './topic-fixtures.js';

describe('tokenize', () => {
  it.each([
    ['Kazakhstan will JOIN the Abraham-Accords.', ['kazakhstan', 'will', 'join', 'the', 'abraham', 'accords']],
    ['São Paulo, Zürich; Ærøskøbing', ['sao', 'paulo', 'zurich', 'ærøskøbing']],
    ['Sa\u0303o Paulo', ['sao', 'paulo']],
    ["Kazakhstan's", ['kazakhstan', 's']],
    ['Kazakhstan’s', ['kazakhstan', 's']],
    ['КАЗАХСТАН присоединится', ['казахстан', 'присоединится']],
    ['F-16s & co.', ['f', '16s', 'co']],
    ['ﬁnance ½', ['finance', '1', '2']],
    ['İSTANBUL', ['istanbul']],
    ['  ...  ', []],
  ])('splits %j into %j', (text, words) => {
    expect(tokenize(text)).toEqual(words);
  });

  it.each([
    // Compatibility forms (NFKC) and case folding
    ['Ｔｏｋｙｏ　２０２５', ['tokyo', '2025'], 'full-width letters, digits and space'],
    ['ﬂight ﬀ Ⅻ ① x²', ['flight', 'ff', 'xii', '1', 'x2'], 'ligatures, Roman numerals, circled and superscript digits'],
    ['ﾃｽﾄ', ['テスト'], 'half-width katakana'],
    ['Straße STRASSE ẞ', ['strasse', 'strasse', 'ss'], 'German sharp s'],
    ['ΟΔΟΣ Αθήνα ὁδός', ['οδοσ', 'αθηνα', 'οδοσ'], 'Greek final sigma and accents'],
    ['İstanbul ISTANBUL ıstanbul', ['istanbul', 'istanbul', 'istanbul'], 'Turkish dotted and dotless i'],
    ['Łódź Đakovo Ħamrun', ['lodz', 'dakovo', 'hamrun'], 'letters with a stroke'],
    ['Việt Nam', ['viet', 'nam'], 'Vietnamese stacked diacritics'],
    ['Ærøskøbing œuvre', ['ærøskøbing', 'œuvre'], 'letters that are not a letter plus a diacritic'],
    // Cyrillic
    ['КАЗАХСТАН Ёлка', ['казахстан', 'елка'], 'Cyrillic'],
    // Arabic: harakat, tatweel, hamza seats and digits
    ['مُحَمَّد', ['محمد'], 'Arabic harakat'],
    ['العـــربية', ['العربية'], 'Arabic tatweel'],
    ['أحمد إبراهيم آمنة', ['احمد', 'ابراهيم', 'امنة'], 'Arabic hamza on alef'],
    ['عام ٢٠٢٥ و۱۴۰۳', ['عام', '2025', 'و1403'], 'Arabic-Indic and Persian digits'],
    // Hebrew points and maqaf
    ['שָׁלוֹם', ['שלום'], 'Hebrew niqqud'],
    ['בֵּית־הַמִּקְדָּשׁ', ['בית', 'המקדש'], 'Hebrew maqaf separates words'],
    // Scripts without spaces: Intl.Segmenter
    ['北京大学的学生', ['北京', '大学', '的', '学生'], 'Chinese'],
    ['哈萨克斯坦加入亚伯拉罕协议。', ['哈萨克', '斯坦', '加入', '亚伯', '拉罕', '协议'], 'Chinese with punctuation'],
    ['東京都に住んでいます', ['東京', '都', 'に', '住', 'んで', 'い', 'ます'], 'Japanese'],
    ['ภาษาไทยง่ายนิดเดียว', ['ภาษา', 'ไทย', 'ง่าย', 'นิด', 'เดียว'], 'Thai (its vowel marks stay)'],
    ['iPhone版 2025年', ['iphone', '版', '2025', '年'], 'Latin and digits next to Han'],
    // Marks that are spelling stay
    ['हिन्दी', ['हिन्दी'], 'Devanagari'],
    ['한국어', ['한국어'], 'Hangul stays composed'],
  ])('folds %j into %j (%s)', (text, words) => {
    expect(tokenize(text)).toEqual(words);
  });

  it('gives every word the hash of its folded form', () => {
    const text = normalizeText(article({ title: 'Kazakhstan JOINS São Paulo 北京大学 ΟΔΟΣ Straße x²' }));
    expect([...text.title.hashes]).toEqual(text.title.words.map((word) => hashWord(word)));
  });

  it('keeps the original span of each word for highlighting', () => {
    expect(tokenizeWithSpans('Hi, São-Paulo')).toEqual([
      { word: 'hi', start: 0, end: 2 },
      { word: 'sao', start: 4, end: 7 },
      { word: 'paulo', start: 8, end: 13 },
    ]);
  });
});

describe('normalizeText', () => {
  it('tokenises each field into words, positions, sorted distinct words and hashes', () => {
    const text = normalizeText(article({ title: 'b a b', summary: 'Ç' }));
    expect(text.title.words).toEqual(['b', 'a', 'b']);
    expect([...text.title.positions]).toEqual([
      ['b', [0, 2]],
      ['a', [1]],
    ]);
    expect(text.title.sortedWords).toEqual(['a', 'b']);
    expect(text.summary.words).toEqual(['c']);
    expect(text.content.words).toEqual([]);
  });
});

describe('field cap', () => {
  const filler = 'lorem ipsum '.repeat(Math.ceil(MAX_FIELD_CHARS / 12));

  it('leaves a short field alone', () => {
    expect(capField('short text')).toBe('short text');
  });

  it('matches words in the first 64 KB of a field and ignores the rest', () => {
    const matcher = compileTopics([topic('early', 'early'), topic('late', 'late')]);
    const long = `early ${filler} late`;
    expect(long.length).toBeGreaterThan(MAX_FIELD_CHARS);
    expect(matcher.matchArticle(article({ content: long })).map((m) => m.topicId)).toEqual(['early']);
  });

  it('drops a word cut by the cap instead of matching its first half', () => {
    const text = `${'x '.repeat(MAX_FIELD_CHARS / 2 - 2)}accordingly`;
    const capped = capField(text);
    expect(capped.length).toBeLessThanOrEqual(MAX_FIELD_CHARS);
    expect(tokenize(capped).at(-1)).toBe('x');
  });

  it('never ends inside a surrogate pair', () => {
    const capped = capField('𝐀'.repeat(MAX_FIELD_CHARS));
    expect(capped.length).toBeLessThanOrEqual(MAX_FIELD_CHARS);
    expect(capped.length % 2).toBe(0);
  });

  it('bounds the work on a 1 MB article body', () => {
    const matcher = compileTopics([topic('t', '"lorem ipsum" AND (lor* OR "ipsum dolor*")')]);
    const body = 'lorem ipsum '.repeat(90_000);
    const started = performance.now();
    expect(matcher.matchArticle(article({ title: body, summary: body, content: body }))).toHaveLength(1);
    // Generous: the point is "not proportional to 1 MB × topics", not a benchmark.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
