import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileTopics, normalizeText, parseQuery, QueryError } from '../../../src/match/index.js';
import type { MatchableText, TopicMatcher } from '../../../src/match/index.js';
import { refArticle, refQuery, render } from './reference-query.js';
import { topic } from './topic-fixtures.js';

/** Valid query texts: reference queries, some wrapped in a field scope (which may make them invalid: dropped). */
const queries = fc
  .array(fc.tuple(refQuery, fc.constantFrom('', '', 'title:', 'text:')), { minLength: 1, maxLength: 40 })
  .map((pairs) =>
    pairs
      .map(([query, scope]) => (scope ? `${scope}(${render(query)})` : render(query)))
      .filter((text) => {
        try {
          parseQuery(text);
          return true;
        } catch (err) {
          if (err instanceof QueryError) return false;
          throw err;
        }
      }),
  );

/** Every topic evaluated on its own, without the index. */
function naive(matcher: TopicMatcher, art: MatchableText, only?: ReadonlySet<string>) {
  const text = normalizeText(art);
  return matcher.topics.filter((t) => !only || only.has(t.id)).flatMap((t) => t.match(text) ?? []);
}

describe('topic index against naive evaluation of every topic', () => {
  it('reports the same matches, terms and scores for many topics at once', () => {
    fc.assert(
      fc.property(queries, fc.array(refArticle, { minLength: 1, maxLength: 5 }), (texts, articles) => {
        const matcher = compileTopics(texts.map((query, i) => topic(`t${i}`, query)));
        for (const art of articles) expect(matcher.matchArticle(art)).toEqual(naive(matcher, art));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees when only some topics are asked for', () => {
    fc.assert(
      fc.property(queries, refArticle, fc.array(fc.nat(40)), (texts, art, picks) => {
        const matcher = compileTopics(texts.map((query, i) => topic(`t${i}`, query)));
        const only = new Set(picks.map((i) => `t${i}`));
        expect(matcher.matchArticle(art, only)).toEqual(naive(matcher, art, only));
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same answers when the same article is matched again, and after other articles', () => {
    fc.assert(
      fc.property(queries, fc.array(refArticle, { minLength: 2, maxLength: 5 }), (texts, articles) => {
        const matcher = compileTopics(texts.map((query, i) => topic(`t${i}`, query)));
        const first = articles.map((art) => matcher.matchArticle(art));
        expect(articles.map((art) => matcher.matchArticle(art))).toEqual(first);
      }),
      { numRuns: 100 },
    );
  });
});
