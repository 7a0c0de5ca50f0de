import { describe, expect, it } from 'vitest';
import { normalizeText, parseQuery } from '../../../src/match/index.js';
import type { LeafNode, QueryNode } from '../../../src/match/index.js';
import { forEachLeaf } from '../../../src/match/query-ast.js';
import { presearch } from '../../../src/match/presearch.js';
import type { Clause } from '../../../src/match/presearch.js';
import { TopicIndex } from '../../../src/match/topic-index.js';
import { TOPIC_DIRECTORY } from '../../../src/match/topic-program.js';
import { compileTopics } from '../../../src/match/index.js';
import { hashWord } from '../../../src/match/word-hash.js';
import { article, topic } from './topic-fixtures.js';

/** A clause as text: its terms joined by `|`, each with `@t` / `@sc` when limited to some fields. */
/** The fields where each leaf of topic number `topic` is found in the article last passed to `candidatesFor`. */
function leafProbe(index: TopicIndex, topic: number): (leaf: LeafNode) => number {
  return (leaf) => index.fieldsAt(index.programs[index.blockOf(topic) + TOPIC_DIRECTORY + leaf.index]!);
}

function show(clause: Clause): string {
  return clause
    .map(({ pattern, fields }) => {
      const scope = fields === 7 ? '' : `@${['t', 's', 'c'].filter((_, i) => fields & (1 << i)).join('')}`;
      return `${pattern.text}${pattern.prefix ? '*' : ''}${scope}`;
    })
    .join('|');
}

describe('presearch', () => {
  it.each([
    // [query, anchor, alternatives]
    ['kazakhstan', 'kazakhstan', [['kazakhstan']]],
    ['"abraham accords" join*', 'abraham', [['abraham', 'accords', 'join*']]],
    ['kazakhstan -honda', 'kazakhstan', [['kazakhstan']]],
    ['join* OR accession', 'join*|accession', [['join*'], ['accession']]],
    ['(join* OR accession) kazakhstan', 'kazakhstan', [['join*|accession', 'kazakhstan']]],
    ['(a b) OR (c NEAR d)', 'a|c', [['a', 'b'], ['c', 'd']]],
    ['NOT (NOT alpha AND NOT beta)', 'alpha|beta', [['alpha|beta']]],
    ['x -(y OR z)', 'x', [['x']]],
    ['title:kazakhstan join*', 'kazakhstan@t', [['kazakhstan@t', 'join*']]],
    ['text:(kazakhstan NEAR (join* OR sign*))', 'kazakhstan@sc', [['kazakhstan@sc', 'join*@sc|sign*@sc']]],
    ['北京大学', '北京', [['北京', '大学']]],
  ])('%s is filed under %s and needs %j', (query, anchor, alternatives) => {
    const search = presearch(parseQuery(query));
    expect(show(search.anchor!)).toBe(anchor);
    expect(search.alternatives.map((clauses) => clauses.map(show))).toEqual(alternatives);
  });
});

describe('TopicIndex', () => {
  const queries = [
    'kazakhstan join*', // 0
    'title:kazakhstan', // 1
    '"abraham accords" -honda', // 2
    'honda NEAR/1 accord', // 3
    '(alpha beta) OR (gamma delta)', // 4
  ];
  const index = new TopicIndex(queries.map(parseQuery));

  it.each([
    // [title, summary, candidates]
    ['', 'Kazakhstan joins', [0]],
    ['', 'Kazakhstan waits', []],
    ['Kazakhstan', '', [1]],
    ['Kazakhstan', 'joining', [0, 1]],
    ['', 'Abraham Accords and a Honda', [2]],
    ['', 'accords of Abraham', [2]],
    ['', 'the Honda dealer signed an accord', [3]],
    ['', 'alpha delta', []],
    ['', 'beta alpha', [4]],
    ['', 'delta gamma', [4]],
  ])('title %j, summary %j: candidates %j', (title, summary, candidates) => {
    expect([...index.candidatesFor(normalizeText(article({ title, summary })))]).toEqual(candidates);
  });

  it('evaluates a topic whose query needs no word on every article', () => {
    const anything: QueryNode = { kind: 'not', child: parseQuery('honda'), column: 1 };
    const withAnything = new TopicIndex([parseQuery('kazakhstan'), anything]);
    expect([...withAnything.candidatesFor(normalizeText(article({ summary: 'nothing here' })))]).toEqual([1]);
  });

  it('keeps finding the same candidates and leaves when its article counter wraps around', () => {
    const parsed = queries.map(parseQuery);
    const wrapping = new TopicIndex(parsed);
    const leaves: LeafNode[] = [];
    forEachLeaf(parsed[0]!, (leaf) => leaves.push(leaf));
    // The counter stamps the leaves' cached results; at its limit they are cleared and it starts again.
    (wrapping as unknown as { epoch: number }).epoch = 2 ** 31 - 4;
    const texts = ['Kazakhstan joins', 'beta alpha', 'Kazakhstan joins', 'nothing', 'delta gamma', 'Kazakhstan joins'];
    const seen = texts.map((summary) => {
      const candidates = [...wrapping.candidatesFor(normalizeText(article({ summary })))];
      return [candidates, leaves.map(leafProbe(wrapping, 0))];
    });
    const joins = [[0], [2, 2]];
    const none = [[], [0, 0]];
    expect(seen).toEqual([joins, [[4], [0, 0]], joins, none, [[4], [0, 0]], joins]);
  });

  it.each([
    // [query, summary, matches]: prefixes shorter and longer than the letters the prefix table skips, on words read
    // from the text and on words folded into strings of their own (accents, a ligature).
    ['ka*', 'Kazakhstan', true],
    ['kaz*', 'KAZAKH', true],
    ['kaza*', 'Kazbek', false],
    ['kaza*', 'Kazan', true],
    ['kazak*', 'Kazakhstan', true],
    ['kazakhs*', 'kazakh', false],
    ['sa*', 'São Paulo', true],
    ['sao*', 'São', true],
    ['paulo*', 'São Paulo', true],
    ['ecole*', 'École', true],
    ['ecoles*', 'École', false],
    ['fin*', 'ﬁnance', true],
    ['"sao pa*"', 'São Paulo', true],
  ])('%s matches %j: %s', (query, summary, matches) => {
    const matcher = compileTopics([topic('t', query)]);
    expect(matcher.matchArticle(article({ summary })).length > 0).toBe(matches);
  });

  it.each([
    // [summary, topics matched]: short prefixes of every length beside long ones in one index (each short length
    // is tested on its own), on words shorter, as long as and longer than them.
    ['k', ['k']],
    ['ka', ['k', 'ka']],
    ['kaz', ['k', 'ka', 'kaz']],
    ['KAZAKH', ['k', 'ka', 'kaz', 'kazak']],
    ['kb kab kazb', ['k', 'ka', 'kaz']],
    ['zk ak', []],
  ])('short and long prefixes together: %j matches %j', (summary, expected) => {
    const matcher = compileTopics(['k', 'ka', 'kaz', 'kazak'].map((p) => topic(p, `${p}*`)));
    expect(matcher.matchArticle(article({ summary })).map((m) => m.topicId)).toEqual(expected);
  });

  it('numbers each distinct pattern once', () => {
    expect(new TopicIndex(['a b', 'b a*', 'a* OR "a b"'].map(parseQuery)).patternCount).toBe(3);
  });

  it('probes each leaf through the marks of the last article: the fields where it is found', () => {
    const query = parseQuery('"abraham accords" OR kazakhstan');
    const leaves: LeafNode[] = [];
    forEachLeaf(query, (leaf) => leaves.push(leaf));
    const single = new TopicIndex([query]);
    single.candidatesFor(normalizeText(article({ title: 'Kazakhstan', content: 'accords of Abraham' })));
    const probe = leafProbe(single, 0);
    expect(leaves.map(probe)).toEqual([0, 1]);
    single.candidatesFor(normalizeText(article({ summary: 'the Abraham Accords', content: 'Abraham Accords' })));
    expect(leaves.map(probe)).toEqual([2 | 4, 0]);
  });

  describe('words whose hashes collide', () => {
    // The pattern table finds patterns by 32-bit hash alone; two different words with one hash must still be told
    // apart before a topic matches. Search short lower-case words for such a pair (a birthday search).
    function collidingPair(): [string, string] {
      const byHash = new Map<number, string>();
      const letters = 'abcdefghijklmnopqrstuvwxyz';
      for (let n = 0; ; n++) {
        let word = '';
        for (let k = n; word.length < 6; k = Math.floor(k / 26)) word += letters[k % 26];
        const hash = hashWord(word);
        const other = byHash.get(hash);
        if (other !== undefined) return [other, word];
        byHash.set(hash, word);
      }
    }
    const [a, b] = collidingPair();

    it('finds a pair', () => {
      expect(a).not.toBe(b);
      expect(hashWord(a)).toBe(hashWord(b));
    });

    it('does not match a topic on a word that only shares its hash', () => {
      const matcher = compileTopics([topic('a', a), topic('phrase', `"${a} zulu"`), topic('prefix', `${a.slice(0, 5)}* ${a}`)]);
      expect(matcher.matchArticle(article({ summary: `${b} zulu` }))).toEqual([]);
      expect(matcher.matchArticle(article({ summary: `${a} zulu` })).map((m) => m.topicId)).toEqual(['a', 'phrase', 'prefix']);
    });

    it('keeps both patterns of a shared hash', () => {
      const matcher = compileTopics([topic('a', a), topic('b', b), topic('both', `${a} ${b}`)]);
      expect(matcher.matchArticle(article({ summary: b })).map((m) => m.topicId)).toEqual(['b']);
      expect(matcher.matchArticle(article({ title: a, content: b })).map((m) => m.topicId)).toEqual(['a', 'b', 'both']);
    });
  });
});
