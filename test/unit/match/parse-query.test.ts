import { describe, expect, it } from 'vitest';
import { NewswatchError } from '../../../src/errors.js';
import { parseQuery, QueryError } from '../../../src/match/index.js';
import type { QueryNode } from '../../../src/match/index.js';
import { forEachLeaf } from '../../../src/match/query-ast.js';

/** A compact rendering of the tree: labels for leaves, prefix notation for operators. */
function shape(node: QueryNode): string {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      return node.label;
    case 'not':
      return `NOT(${shape(node.child)})`;
    case 'near':
      return `NEAR/${node.distance}(${[node.left, node.right].map((side) => (side.length === 1 ? shape(side[0]!) : `OR(${side.map(shape).join(', ')})`)).join(', ')})`;
    case 'and':
    case 'or':
      return `${node.kind.toUpperCase()}(${node.children.map(shape).join(', ')})`;
  }
}

function errorOf(query: string): QueryError {
  try {
    parseQuery(query);
  } catch (err) {
    if (err instanceof QueryError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be rejected`);
}

describe('parseQuery', () => {
  it.each([
    ['a', 'a'],
    ['a b c', 'AND(a, b, c)'],
    ['a AND b c', 'AND(a, b, c)'],
    ['a OR b AND c', 'OR(a, AND(b, c))'],
    ['a AND b OR c', 'OR(AND(a, b), c)'],
    ['a OR b c OR d', 'OR(a, AND(b, c), d)'],
    ['NOT a AND b', 'AND(NOT(a), b)'],
    ['NOT a b OR c', 'OR(AND(NOT(a), b), c)'],
    ['a -b -"c d"', 'AND(a, NOT(b), NOT("c d"))'],
    ['a -(b OR c)', 'AND(a, NOT(OR(b, c)))'],
    ['(a OR b) c', 'AND(OR(a, b), c)'],
    ['((a))', 'a'],
    ['a and b or not c', 'AND(a, and, b, or, not, c)'],
    ['Join* "Abraham  Accords"', 'AND(join*, "abraham accords")'],
    ['a(b)"c"', 'AND(a, b, "c")'],
    ['covid-19 x-ray', 'AND(covid-19, x-ray)'],
  ])('parses %s as %s', (query, expected) => {
    expect(shape(parseQuery(query))).toBe(expected);
  });

  it.each([
    ['join*', [{ text: 'join', prefix: true }]],
    ['São', [{ text: 'sao', prefix: false }]],
    ['covid-1*', [{ text: 'covid', prefix: false }, { text: '1', prefix: true }]],
    ['"abraham accord*"', [{ text: 'abraham', prefix: false }, { text: 'accord', prefix: true }]],
    ["Kazakhstan's", [{ text: 'kazakhstan', prefix: false }, { text: 's', prefix: false }]],
  ])('folds %s into word patterns', (query, words) => {
    const node = parseQuery(query);
    expect(node.kind === 'term' || node.kind === 'phrase' ? node.words : null).toEqual(words);
  });

  it('keeps the label as written, lowercased', () => {
    expect(shape(parseQuery('São'))).toBe('são');
  });

  it.each([
    // NOT > NEAR > AND > OR
    ['a NEAR b', 'NEAR/10(a, b)'],
    ['a NEAR/3 b', 'NEAR/3(a, b)'],
    ['a NEAR/0 b', 'NEAR/0(a, b)'],
    ['a NEAR b c', 'AND(NEAR/10(a, b), c)'],
    ['c a NEAR b', 'AND(c, NEAR/10(a, b))'],
    ['a OR b NEAR c', 'OR(a, NEAR/10(b, c))'],
    ['a NEAR b OR c', 'OR(NEAR/10(a, b), c)'],
    ['a NEAR b AND c NEAR/2 d', 'AND(NEAR/10(a, b), NEAR/2(c, d))'],
    ['"abraham accords" NEAR/5 (join* OR sign*)', 'NEAR/5("abraham accords", OR(join*, sign*))'],
    ['(a OR (b OR "c d")) NEAR e', 'NEAR/10(OR(a, b, "c d"), e)'],
    ['-(a NEAR b) c', 'AND(NOT(NEAR/10(a, b)), c)'],
    ['a near b', 'AND(a, near, b)'],
    ['title:a b', 'AND(a, b)'],
    ['title:(a OR b) text:"c d"', 'AND(OR(a, b), "c d")'],
  ])('parses %s as %s', (query, expected) => {
    expect(shape(parseQuery(query))).toBe(expected);
  });

  /** Each leaf's label with the fields it is scoped to (t = title, s = summary, c = content). */
  function scopes(query: string): string[] {
    const out: string[] = [];
    forEachLeaf(parseQuery(query), (leaf) => {
      const fields = ['t', 's', 'c'].filter((_, i) => leaf.fields & (1 << i)).join('');
      out.push(`${leaf.label}@${fields}`);
    });
    return out;
  }

  it.each([
    ['kazakhstan', ['kazakhstan@tsc']],
    ['title:kazakhstan', ['kazakhstan@t']],
    ['text:kazakhstan', ['kazakhstan@sc']],
    ['TITLE:kazakhstan Text:astana', ['kazakhstan@t', 'astana@sc']],
    ['title:"abraham accords"', ['"abraham accords"@t']],
    ['title:(a OR -b) c', ['a@t', 'b@t', 'c@tsc']],
    ['title:(title:a)', ['a@t']],
    ['-title:honda accord', ['honda@t', 'accord@tsc']],
    ['title:a NEAR b', ['a@t', 'b@tsc']],
    ['text:(a NEAR/2 b)', ['a@sc', 'b@sc']],
    ['10:30 re:x', ['10:30@tsc', 're:x@tsc']],
  ])('scopes the leaves of %s as %j', (query, expected) => {
    expect(scopes(query)).toEqual(expected);
  });

  it('numbers the leaves in text order, across NEAR sides', () => {
    const indexes: number[] = [];
    forEachLeaf(parseQuery('x (a OR b) NEAR "c d" -e'), (leaf) => indexes.push(leaf.index));
    expect(indexes).toEqual([0, 1, 2, 3, 4]);
  });

  it.each([
    ['北京大学', 'term', [{ text: '北京', prefix: false }, { text: '大学', prefix: false }]],
    ['"Авраам* соглашени*"', 'phrase', [{ text: 'авраам', prefix: true }, { text: 'соглашени', prefix: true }]],
    ['外交*', 'term', [{ text: '外交', prefix: true }]],
  ])('folds %s (a %s) into word patterns like article text', (query, kind, words) => {
    const node = parseQuery(query);
    expect(node.kind).toBe(kind);
    expect(node.kind === 'term' || node.kind === 'phrase' ? node.words : null).toEqual(words);
  });
});

describe('query errors', () => {
  it.each([
    ['', 1, 'query is empty'],
    ['   ', 1, 'query is empty'],
    ['(a OR b', 1, "'(' is never closed: add the matching ')'"],
    ['a (b', 3, "'(' is never closed: add the matching ')'"],
    ['a (', 3, "'(' is never closed: add the matching ')'"],
    ['a OR b)', 7, "')' has no matching '('"],
    [')a', 1, "')' has no matching '('"],
    ['a ()', 3, "empty parentheses '()'"],
    ['a "b c', 3, 'unterminated quote: the phrase has no closing "'],
    ['a AND', 3, "'AND' needs a term after it"],
    ['a OR', 3, "'OR' needs a term after it"],
    ['a AND OR b', 3, "'AND' needs a term after it"],
    ['(a AND) b', 4, "'AND' needs a term after it"],
    ['AND a', 1, "'AND' needs a term before it"],
    ['(OR a)', 2, "'OR' needs a term before it"],
    ['NOT', 1, "'NOT' needs a term after it"],
    ['a NOT', 3, "'NOT' needs a term after it"],
    ['a -', 3, "'-' must be directly followed by a word, a phrase or '('"],
    ['a - b', 3, "'-' must be directly followed by a word, a phrase or '('"],
    ['a -AND b', 3, "'-' needs a term after it"],
    ['a ""', 3, 'empty phrase: it has no letters or digits'],
    ['a " ,. "', 3, 'empty phrase: it has no letters or digits'],
    ['*', 1, "'*' must follow letters or digits, as in join*"],
    ['a * b', 3, "'*' must follow letters or digits, as in join*"],
    ['"abraham *"', 10, "'*' must follow letters or digits, as in join*"],
    ['jo*in', 3, "'*' is only allowed once, at the end of a word"],
    ['join**', 5, "'*' is only allowed once, at the end of a word"],
    ['a & b', 3, "'&' has no letters or digits to match"],
    ['NOT honda', 1, 'a query needs at least one positive term'],
    ['-honda -civic', 1, 'a query needs at least one positive term'],
    ['a OR NOT b', 6, 'a query needs at least one positive term: this negation alone matches almost every article (use AND NOT)'],
    ['a OR (-b -c)', 7, 'a query needs at least one positive term: this negation alone matches almost every article (use AND NOT)'],
    ['"a 🙂" (b', 7, "'(' is never closed: add the matching ')'"],
    ['a\n  AND', 5, "'AND' needs a term after it"],
    ['a NEAR', 3, "'NEAR' needs a term after it"],
    ['NEAR a', 1, "'NEAR' needs a term before it"],
    ['a NEAR/ b', 3, "'NEAR/' must be followed by a number of words, as in NEAR/5"],
    ['a NEAR/x b', 3, "'NEAR/' must be followed by a number of words, as in NEAR/5"],
    ['a NEAR/-1 b', 3, "'NEAR/' must be followed by a number of words, as in NEAR/5"],
    ['a NEAR/1001 b', 3, "'NEAR/n' allows at most 1000 words between its sides"],
    ['a NEAR b NEAR c', 10, "'NEAR' cannot be chained: write (a NEAR b) AND (b NEAR c)"],
    ['(a NEAR b) NEAR c', 2, "'NEAR' cannot be chained: write (a NEAR b) AND (b NEAR c)"],
    ['NOT a NEAR b', 1, "'NEAR' cannot join a negation: negate the whole NEAR instead, as in -(a NEAR b)"],
    ['a NEAR -b', 8, "'NEAR' cannot join a negation: negate the whole NEAR instead, as in -(a NEAR b)"],
    ['a NEAR (b c)', 9, "'NEAR' joins words, prefixes, phrases or an (… OR …) group of them, not an AND group"],
    ['a NEAR (b OR c d)', 14, "'NEAR' joins words, prefixes, phrases or an (… OR …) group of them, not an AND group"],
    ['title:a NEAR text:b', 9, "the two sides of 'NEAR' are limited to different fields, so they can never be near each other"],
    ['title: a', 1, "'title:' must be directly followed by a word, a phrase or '('"],
    ['a title:', 3, "'title:' must be directly followed by a word, a phrase or '('"],
    ['title:-a', 1, "'title:' must be directly followed by a word, a phrase or '('"],
    ['title:AND a', 1, "'title:' must be directly followed by a word, a phrase or '('"],
    ['title:(text:a)', 8, "'text:' inside another field scope can never match"],
    ['summary:a', 1, "unknown field 'summary:': use title: or text:"],
    ['a Body:b', 3, "unknown field 'Body:': use title: or text:"],
    ['title:(NOT a)', 8, 'a query needs at least one positive term'],
  ])('rejects %j at column %i: %s', (query, column, reason) => {
    const error = errorOf(query);
    expect(error).toBeInstanceOf(NewswatchError);
    expect(error.code).toBe('QUERY_INVALID');
    expect({ column: error.column, reason: error.reason }).toEqual({ column, reason });
    expect(error.message).toBe(`${reason} at column ${column}`);
    expect(error.query).toBe(query);
  });

  it('formats a caret under the column, with the topic id', () => {
    expect(errorOf('"Abraham Accords" AND (join* OR').format('abraham-accords-membership')).toBe(
      [
        "topic abraham-accords-membership: 'OR' needs a term after it at column 30",
        '  "Abraham Accords" AND (join* OR',
        '                               ^',
      ].join('\n'),
    );
  });

  it('formats a caret under a NEAR or field scope problem', () => {
    expect(errorOf('"abraham accords" NEAR/3 join* NEAR kazakhstan').format('t')).toBe(
      [
        "topic t: 'NEAR' cannot be chained: write (a NEAR b) AND (b NEAR c) at column 32",
        '  "abraham accords" NEAR/3 join* NEAR kazakhstan',
        '                                 ^',
      ].join('\n'),
    );
    expect(errorOf('kazakhstan title:(text:join*)').format('t')).toBe(
      [
        "topic t: 'text:' inside another field scope can never match at column 19",
        '  kazakhstan title:(text:join*)',
        '                    ^',
      ].join('\n'),
    );
  });

  it('formats without a topic id, and keeps the caret aligned across newlines and tabs', () => {
    expect(errorOf('a\n\tAND').format()).toBe(["'AND' needs a term after it at column 4", '  a  AND', '     ^'].join('\n'));
  });

  it('rejects absurdly deep nesting instead of overflowing the stack', () => {
    expect(errorOf(`${'('.repeat(5000)}a${')'.repeat(5000)}`).reason).toBe('query is nested too deeply');
    expect(errorOf(`${'NOT '.repeat(5000)}a`).reason).toBe('query is nested too deeply');
  });
});
