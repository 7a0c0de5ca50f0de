import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileTopics, parseQuery, QueryError } from '../../../src/match/index.js';
import { EMPTY_ARTICLE, refArticle, refMatch, refQuery, refTest, render } from './reference-query.js';
import { topic } from './topic-fixtures.js';

describe('matcher against a reference evaluator', () => {
  it('agrees on match, matched terms and score', () => {
    fc.assert(
      fc.property(refQuery, fc.array(refArticle, { minLength: 1, maxLength: 4 }), (query, articles) => {
        fc.pre(!refTest(query, EMPTY_ARTICLE));
        const matcher = compileTopics([topic('t', render(query))]);
        for (const art of articles) expect(matcher.matchArticle(art)).toEqual(refMatch('t', query, art));
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects exactly the queries that would match an article without any of their words', () => {
    fc.assert(
      fc.property(refQuery, (query) => {
        let rejected = false;
        try {
          parseQuery(render(query));
        } catch (err) {
          if (!(err instanceof QueryError)) throw err;
          rejected = true;
        }
        expect(rejected).toBe(refTest(query, EMPTY_ARTICLE));
      }),
      { numRuns: 300 },
    );
  });
});

describe('hostile input', () => {
  it('parseQuery either parses or throws a QueryError pointing inside the query', () => {
    const queryChars = fc.constantFrom('a', 'b', 'Z', 'é', ' ', '\t', '(', ')', '"', '-', '*', 'AND', 'OR', 'NOT', '&', '🙂');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.array(queryChars).map((parts) => parts.join(''))), (query) => {
        try {
          parseQuery(query);
        } catch (err) {
          expect(err).toBeInstanceOf(QueryError);
          const error = err as QueryError;
          expect(error.column).toBeGreaterThanOrEqual(1);
          expect(error.column).toBeLessThanOrEqual([...query].length + 1);
          expect(error.format('t').split('\n')).toHaveLength(3);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('matches any Unicode text without throwing', () => {
    const matcher = compileTopics([topic('t', '"al* b" OR (x -y) OR é*')]);
    fc.assert(
      fc.property(fc.record({ title: fc.string({ unit: 'binary' }), summary: fc.string({ unit: 'grapheme' }), content: fc.string() }), (art) => {
        matcher.matchArticle(art);
      }),
    );
  });
});
