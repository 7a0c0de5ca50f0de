import { describe, expect, it } from 'vitest';
import { compileTopics, MAX_FIELD_CHARS, normalizeText, tokenize } from '../../../src/match/index.js';
import { capField, tokenizeWithSpans } from '../../../src/match/normalize-text.js';
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

  it('keeps the original span of each word for highlighting', () => {
    expect(tokenizeWithSpans('Hi, São-Paulo')).toEqual([
      { word: 'hi', start: 0, end: 2 },
      { word: 'sao', start: 4, end: 7 },
      { word: 'paulo', start: 8, end: 13 },
    ]);
  });
});

describe('normalizeText', () => {
  it('tokenises each field into words, positions and sorted distinct words', () => {
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
