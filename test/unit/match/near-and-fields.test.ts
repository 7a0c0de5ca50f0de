import { describe, expect, it } from 'vitest';
import { compileTopics } from '../../../src/match/index.js';
import { article, matches, topic } from './topic-fixtures.js';

describe('NEAR', () => {
  it.each([
    // [query, summary, matches]
    ['kazakhstan NEAR/0 join*', 'Kazakhstan joins', true],
    ['kazakhstan NEAR/0 join*', 'joining Kazakhstan', true],
    ['kazakhstan NEAR/0 join*', 'Kazakhstan will join', false],
    ['kazakhstan NEAR/1 join*', 'Kazakhstan will join', true],
    ['kazakhstan NEAR/1 join*', 'Kazakhstan will soon join', false],
    ['kazakhstan NEAR/3 join*', 'join, said the Kazakh and Kazakhstan', false],
    ['kazakhstan NEAR/4 join*', 'join, said the Kazakh and Kazakhstan', true],
    ['a NEAR b', `a ${'x '.repeat(10)}b`, true],
    ['a NEAR b', `a ${'x '.repeat(11)}b`, false],
    ['a NEAR b', `b ${'x '.repeat(10)}a`, true],
    ['a NEAR b', 'a', false],
    ['a NEAR/5 a', 'a', false],
    ['a NEAR/5 a', 'a x a', true],
    ['"abraham accords" NEAR/3 kazakhstan', 'Kazakhstan joined the Abraham Accords', true],
    ['"abraham accords" NEAR/1 kazakhstan', 'Kazakhstan joined the Abraham Accords', false],
    ['"abraham accords" NEAR/0 accords', 'Abraham Accords', false],
    ['"abraham accords" NEAR/0 accords', 'Abraham Accords accords', true],
    ['(join* OR sign*) NEAR/2 kazakhstan', 'Kazakhstan has signed', true],
    ['(join* OR sign*) NEAR/2 kazakhstan', 'Kazakhstan has not yet signed', false],
    ['(join* OR "become a member") NEAR/2 kazakhstan', 'Kazakhstan may become a member', true],
    ['covid-19 NEAR/1 vaccine', 'a covid 19 vaccine', true],
  ])('%s on %j → %s', (query, text, expected) => {
    expect(matches(query, text)).toBe(expected);
  });

  it('never finds the two sides in different fields', () => {
    expect(matches('kazakhstan NEAR/0 join*', article({ title: 'Kazakhstan', summary: 'joins the accords' }))).toBe(false);
    expect(matches('kazakhstan NEAR/0 join*', article({ summary: 'Kazakhstan', content: 'joins the accords' }))).toBe(false);
    expect(matches('kazakhstan NEAR/0 join*', article({ content: 'Kazakhstan joins' }))).toBe(true);
  });

  it.each([
    // NOT > NEAR > AND > OR
    ['a NEAR/0 b c', 'a b x c', true],
    ['a NEAR/0 b c', 'a x b c', false],
    ['a OR b NEAR/0 c', 'a', true],
    ['a OR b NEAR/0 c', 'b x c', false],
    ['a OR b NEAR/0 c', 'c b', true],
    ['a NEAR/0 b OR c', 'c', true],
    ['x -(a NEAR/0 b)', 'x a y b', true],
    ['x -(a NEAR/0 b)', 'x a b', false],
  ])('precedence: %s on %j → %s', (query, text, expected) => {
    expect(matches(query, text)).toBe(expected);
  });

  it('reports the leaves that took part in the match, scored by the field they were found in', () => {
    const matcher = compileTopics([topic('t', '(join* OR sign*) NEAR/2 kazakhstan')]);
    const [match] = matcher.matchArticle(article({ title: 'Kazakhstan joins', summary: 'It signed nothing' }));
    expect(match).toEqual({ topicId: 't', score: 2 / 3, matchedTerms: ['join*', 'kazakhstan'] });
  });
});

describe('field scopes', () => {
  const both = article({ title: 'Kazakhstan to join', summary: 'Astana said on Tuesday it will sign' });

  it.each([
    ['title:kazakhstan', { title: 'Kazakhstan joins' }, true],
    ['title:kazakhstan', { summary: 'Kazakhstan joins' }, false],
    ['title:kazakhstan', { content: 'Kazakhstan joins' }, false],
    ['text:kazakhstan', { title: 'Kazakhstan joins' }, false],
    ['text:kazakhstan', { summary: 'Kazakhstan joins' }, true],
    ['text:kazakhstan', { content: 'Kazakhstan joins' }, true],
    ['title:"abraham accords"', { title: 'The Abraham Accords' }, true],
    ['title:"abraham accords"', { title: 'Abraham', summary: 'Accords' }, false],
    ['title:(join* OR sign*)', { title: 'Kazakhstan signs' }, true],
    ['title:(join* OR sign*)', { summary: 'Kazakhstan signs' }, false],
    ['accord -title:honda', { title: 'Accord', summary: 'a Honda dealer' }, true],
    ['accord -title:honda', { title: 'Honda Accord' }, false],
    ['title:(accord -honda)', { title: 'Accord', summary: 'Honda' }, true],
    ['title:(accord -honda)', { title: 'Accord Honda' }, false],
    ['title:accord text:honda', { title: 'Accord', summary: 'Honda' }, true],
    ['title:accord text:honda', { title: 'Accord Honda' }, false],
    ['title:kazakhstan NEAR/2 join*', { title: 'Kazakhstan to join' }, true],
    ['title:kazakhstan NEAR/2 join*', { title: 'Kazakhstan', summary: 'join' }, false],
    ['title:kazakhstan NEAR/2 join*', { title: 'Kazakhstan', summary: 'Kazakhstan to join' }, false],
    ['text:(kazakhstan NEAR/2 join*)', { title: 'Kazakhstan to join' }, false],
    ['text:(kazakhstan NEAR/2 join*)', { content: 'Kazakhstan to join' }, true],
    ['text:(kazakhstan NEAR/2 join*)', { summary: 'Kazakhstan', content: 'to join' }, false],
  ])('%s on %j → %s', (query, fields, expected) => {
    expect(matches(query, article(fields))).toBe(expected);
  });

  it('scores a scoped term like any other: 2 in the title, 1 elsewhere', () => {
    const [match] = compileTopics([topic('t', 'title:kazakhstan text:sign*')]).matchArticle(both);
    expect(match).toEqual({ topicId: 't', score: 3 / 4, matchedTerms: ['kazakhstan', 'sign*'] });
  });
});
