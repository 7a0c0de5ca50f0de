import { describe, expect, it } from 'vitest';
import { NewswatchError } from '../../../src/errors.js';
import { checkQueries, compileTopics, normalizeText } from '../../../src/match/index.js';
import { article, matches, topic } from './topic-fixtures.js';

describe('query semantics', () => {
  it.each([
    // [query, text, matches]
    ['accords', 'The Accords were signed.', true],
    ['accord', 'The Accords were signed.', false],
    ['ACCORDS', 'the accords', true],
    ['accords', 'discords', false],
    ['a AND b', 'a b', true],
    ['a AND b', 'a c', false],
    ['a OR b', 'b', true],
    ['a OR b', 'c', false],
    ['a NOT b', 'a', true],
    ['a NOT b', 'a b', false],
    ['a AND NOT b', 'a b', false],
    ['a -b', 'a', true],
    ['a -b', 'a b', false],
    ['a -"b c"', 'a b d c', true],
    ['a -"b c"', 'a b c', false],
    ['a -(b OR c)', 'a c', false],
    ['a b', 'b then a', true],
    ['a b', 'a', false],
    ['a b OR c', 'c', true],
    ['(a OR b) c', 'a', false],
    ['(a OR b) c', 'b c', true],
    ['NOT a b', 'b', true],
    ['NOT a b', 'a b', false],
    ['a and b', 'a b', false],
    ['a and b', 'a and b', true],
    ['a or b', 'a', false],
    ['a not', 'not a', true],
    ['a AND NOT NOT b', 'a b', true],
    ['a AND NOT NOT b', 'a', false],
  ])('%s on %j → %s', (query, text, expected) => {
    expect(matches(query, text)).toBe(expected);
  });

  it.each([
    // NOT > AND > OR: a OR (b AND c)
    ['a OR b AND c', 'a', true],
    ['a OR b AND c', 'b', false],
    ['a OR b AND c', 'b c', true],
    ['a AND b OR c', 'c', true],
    ['a AND b OR c', 'a', false],
    ['(a OR b) AND c', 'a', false],
    ['NOT a b OR c', 'a c', true],
    ['NOT a b OR c', 'a b', false],
    ['x NOT a OR b', 'x', true],
    ['x NOT a OR b', 'x a', false],
  ])('precedence: %s on %j → %s', (query, text, expected) => {
    expect(matches(query, text)).toBe(expected);
  });

  it.each([
    ['"abraham accords"', 'the Abraham Accords today', true],
    ['"abraham accords"', 'Abraham signed accords', false],
    ['"abraham accords"', 'the Abraham-Accords deal', true],
    ['"abraham accords"', 'Abraham, accords', true],
    ['abraham-accords', 'Abraham Accords', true],
    ['"accords abraham"', 'Abraham Accords', false],
    ['"abraham   accords"', 'Abraham Accords', true],
    ['"rock & roll"', 'rock and roll', false],
    ['"rock & roll"', 'Rock & Roll', true],
    ['covid-19', 'covid 19 cases', true],
    ['covid-19', 'covid cases 19', false],
  ])('phrase %s on %j → %s', (query, text, expected) => {
    expect(matches(query, text)).toBe(expected);
  });

  it.each([
    ['join*', 'Kazakhstan joins', true],
    ['join*', 'Kazakhstan join', true],
    ['join*', 'Kazakhstan rejoins', false],
    ['join*', 'they adjoin', false],
    ['"abraham accord*"', 'the Abraham Accords', true],
    ['"abraham accord*"', 'Abraham accordingly', true],
    ['"abraham accord*"', 'accords of Abraham', false],
    ['"abra* accords"', 'Abraham Accords', true],
    ['"abra* acc*"', 'Abraham Accords', true],
    ['"abra* acc*"', 'Abraham signed accords', false],
    ['"the abra*"', 'the Abraham Accords', true],
    ['f-1*', 'the F-16 jet', true],
  ])('prefix %s on %j → %s', (query, text, expected) => {
    expect(matches(query, text)).toBe(expected);
  });

  it.each([
    ['sao paulo', 'Protests in São Paulo', true],
    ['"são paulo"', 'Protests in Sao Paulo', true],
    ['"sao paulo"', 'Protests in SÃO PAULO', true],
    ['"sao paulo"', 'Protests in Sa\u0303o Paulo', true],
    ['zurich', 'Zürich', true],
    ['казахстан', 'КАЗАХСТАН присоединится', true],
    ['КАЗАХСТАН', 'Казахстан присоединится', true],
    ['присоедин*', 'Казахстан присоединится', true],
    ['казахстан', 'Казахстанский', false],
    ['йемен', 'Йемен', true],
    ['kazakhstan', "Kazakhstan's decision", true],
    ['"kazakhstan s"', "Kazakhstan's decision", true],
    ['ﬁnance', 'finance', true],
    ['istanbul', 'İSTANBUL', true],
  ])('normalisation: %s on %j → %s', (query, text, expected) => {
    expect(matches(query, text)).toBe(expected);
  });

  it('never matches a phrase across the title and the summary', () => {
    const art = article({ title: 'Talks on the Abraham', summary: 'Accords resume' });
    expect(matches('"abraham accords"', art)).toBe(false);
    expect(matches('abraham accords', art)).toBe(true);
  });

  it('never matches a phrase across the summary and the content', () => {
    const art = article({ summary: 'Kazakhstan and Abraham', content: 'Accords' });
    expect(matches('"abraham accords"', art)).toBe(false);
  });

  it('matches a phrase in any single field', () => {
    for (const field of ['title', 'summary', 'content'] as const) {
      expect(matches('"abraham accords"', article({ [field]: 'the Abraham Accords' }))).toBe(true);
    }
  });
});

describe('Abraham Accords topic', () => {
  const query = '"Abraham Accords" AND (join* OR sign* OR member* OR accession)';
  const matcher = compileTopics([topic('abraham-accords-membership', query)]);

  it('matches one outlet reporting that Kazakhstan will join the Abraham Accords', () => {
    const report = article({
      title: 'Kazakhstan to join Abraham Accords, officials say',
      summary: 'Astana confirmed on Tuesday that it will become the latest country in the US-brokered normalisation pact.',
    });
    expect(matcher.matchArticle(report)).toEqual([
      { topicId: 'abraham-accords-membership', score: 4 / 10, matchedTerms: ['"abraham accords"', 'join*'] },
    ]);
  });

  it('matches another outlet reporting that Kazakhstan is joining, in the body only', () => {
    const report = article({
      title: 'Central Asian state moves closer to Israel',
      summary: 'Diplomats describe a symbolic step.',
      content: "Kazakhstan is joining the Abraham-Accords framework, the foreign ministry said in a statement on Kazakhstan's accession.",
    });
    const [match] = matcher.matchArticle(report);
    expect(match?.matchedTerms).toEqual(['"abraham accords"', 'join*', 'accession']);
    expect(match?.score).toBe(3 / 10);
  });

  it('ignores a Honda Accord review that mentions signing orders', () => {
    const review = article({
      title: 'Review: the 2025 Honda Accord hybrid',
      summary: 'Dealers expect to sign more orders as the Accord gets a quieter cabin.',
    });
    expect(matcher.matchArticle(review)).toEqual([]);
  });

  it('ignores an item about Abraham Lincoln and accords he signed', () => {
    const item = article({
      title: 'Abraham Lincoln and the accords he signed',
      summary: 'A historian looks at how Abraham Lincoln joined accords with border states.',
    });
    expect(matcher.matchArticle(item)).toEqual([]);
  });
});

describe('TopicMatch', () => {
  it('reports positive matched terms as written, lowercased, deduplicated, in query order', () => {
    const matcher = compileTopics([topic('t', 'Kazakh* AND ("Abraham Accords" OR accords) AND kazakh* -honda OR Astana')]);
    const [match] = matcher.matchArticle(article({ summary: 'Kazakhstan joins the Abraham Accords' }));
    expect(match?.matchedTerms).toEqual(['kazakh*', '"abraham accords"', 'accords']);
  });

  it('leaves out terms of OR branches that did not match and all negated terms', () => {
    const matcher = compileTopics([topic('t', '(a AND b) OR c -d')]);
    const [match] = matcher.matchArticle(article({ summary: 'a c' }));
    expect(match?.matchedTerms).toEqual(['c']);
  });

  it('reports the terms that satisfy a double negation', () => {
    const matcher = compileTopics([topic('t', 'NOT (NOT a AND NOT b)')]);
    expect(matcher.matchArticle(article({ summary: 'b' }))).toEqual([{ topicId: 't', score: 1 / 4, matchedTerms: ['b'] }]);
  });

  it.each([
    ['a OR b OR c OR d', { summary: 'd' }, 1 / 8],
    ['a OR b OR c OR d', { title: 'd' }, 2 / 8],
    ['a b', { title: 'a', content: 'b' }, 3 / 4],
    ['a b', { title: 'a b' }, 1],
    ['a b', { summary: 'a b' }, 1 / 2],
    ['a OR a', { summary: 'a' }, 1 / 2],
    ['a -b', { title: 'a' }, 1],
  ])('scores %s on %j as %d', (query, fields, score) => {
    const [match] = compileTopics([topic('t', query)]).matchArticle(article(fields));
    expect(match?.score).toBe(score);
  });

  it('is deterministic for the same article', () => {
    const matcher = compileTopics([topic('t', 'a* OR "b c"')]);
    const art = article({ title: 'alpha', summary: 'b c', content: 'aardvark' });
    expect(matcher.matchArticle(art)).toEqual(matcher.matchArticle(art));
  });
});

describe('compileTopics', () => {
  const matcher = compileTopics([topic('one', 'alpha'), topic('two', 'beta'), topic('three', 'alpha beta')]);

  it('returns every matching topic in config order', () => {
    expect(matcher.matchArticle(article({ summary: 'beta alpha' })).map((m) => m.topicId)).toEqual(['one', 'two', 'three']);
  });

  it('matches only the requested topics', () => {
    const only = new Set(['three', 'two']);
    expect(matcher.matchArticle(article({ summary: 'beta alpha' }), only).map((m) => m.topicId)).toEqual(['two', 'three']);
    expect(matcher.matchArticle(article({ summary: 'beta alpha' }), new Set())).toEqual([]);
  });

  it('lets a caller tokenise once and match each compiled topic itself', () => {
    const text = normalizeText(article({ title: 'Alpha' }));
    expect(matcher.topics.map((t) => t.match(text)?.topicId ?? null)).toEqual(['one', null, null]);
  });

  it('exposes id, name and the parsed query of each topic', () => {
    expect(matcher.topics.map((t) => [t.id, t.name, t.query.kind])).toEqual([
      ['one', 'one', 'term'],
      ['two', 'two', 'term'],
      ['three', 'three', 'and'],
    ]);
  });

  it('builds independent matchers, so a reloaded config can replace a running one', () => {
    const before = compileTopics([topic('old', 'alpha')]);
    const after = compileTopics([topic('new', 'beta'), topic('old', 'alpha gamma')]);
    const art = article({ summary: 'alpha beta' });
    expect(before.matchArticle(art).map((m) => m.topicId)).toEqual(['old']);
    expect(after.matchArticle(art).map((m) => m.topicId)).toEqual(['new']);
    expect(before.matchArticle(art).map((m) => m.topicId)).toEqual(['old']);
  });

  it('matches nothing without topics', () => {
    expect(compileTopics([]).matchArticle(article({ summary: 'alpha' }))).toEqual([]);
  });

  it('throws one error listing every bad query with its caret', () => {
    const topics = [topic('good', 'a'), topic('open-paren', '(a OR b'), topic('dangling', 'a AND')];
    let thrown: unknown;
    try {
      compileTopics(topics);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(NewswatchError);
    expect((thrown as NewswatchError).code).toBe('QUERY_INVALID');
    expect((thrown as Error).message).toBe(
      [
        '2 topic queries are invalid:',
        "topic open-paren: '(' is never closed: add the matching ')' at column 1",
        '  (a OR b',
        '  ^',
        "topic dangling: 'AND' needs a term after it at column 3",
        '  a AND',
        '    ^',
      ].join('\n'),
    );
  });

  it('checkQueries returns each bad query with its error and nothing for good ones', () => {
    const result = checkQueries([topic('good', 'a'), topic('only-not', 'NOT honda'), topic('quote', 'a "b')]);
    expect(result.map((r) => [r.topicId, r.error.column, r.error.reason])).toEqual([
      ['only-not', 1, 'a query needs at least one positive term'],
      ['quote', 3, 'unterminated quote: the phrase has no closing "'],
    ]);
  });
});
