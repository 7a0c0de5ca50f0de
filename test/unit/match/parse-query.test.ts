import { describe, expect, it } from 'vitest';
import { NewswatchError } from '../../../src/errors.js';
import { parseQuery, QueryError } from '../../../src/match/index.js';
import type { QueryNode } from '../../../src/match/index.js';

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

  it('formats without a topic id, and keeps the caret aligned across newlines and tabs', () => {
    expect(errorOf('a\n\tAND').format()).toBe(["'AND' needs a term after it at column 4", '  a  AND', '     ^'].join('\n'));
  });

  it('rejects absurdly deep nesting instead of overflowing the stack', () => {
    expect(errorOf(`${'('.repeat(5000)}a${')'.repeat(5000)}`).reason).toBe('query is nested too deeply');
    expect(errorOf(`${'NOT '.repeat(5000)}a`).reason).toBe('query is nested too deeply');
  });
});
