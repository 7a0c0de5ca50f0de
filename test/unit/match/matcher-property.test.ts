import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileTopics, parseQuery, QueryError } from '../../../src/match/index.js';
import type { MatchableText } from '../../../src/match/index.js';
import { topic } from './topic-fixtures.js';

// A reference evaluator that shares no code with src/match: its own query tree (generated, then rendered to query
// text for the real parser) and one regular expression per leaf over the raw lowercased field.

interface RefWord {
  text: string;
  prefix: boolean;
}
type RefNode =
  | { kind: 'word'; word: RefWord; upper: boolean }
  | { kind: 'phrase'; words: RefWord[] }
  | { kind: 'and'; children: RefNode[]; implicit: boolean }
  | { kind: 'or'; children: RefNode[] }
  | { kind: 'not'; child: RefNode; dash: boolean };

const QUERY_WORDS = ['alpha', 'beta', 'gamma', 'delt', 'al', 'be'];
const TEXT_WORDS = ['alpha', 'Alpha', 'ALPHA', 'alphabet', 'beta', 'Betamax', 'gamma', 'delta', 'delt', 'al', 'x'];
const SEPARATORS = [' ', ' ', ' ', '-', ', ', '. ', '\n', "'", ' (', ') '];
const FIELDS = ['title', 'summary', 'content'] as const;

const refWord = fc.record({ text: fc.constantFrom(...QUERY_WORDS), prefix: fc.boolean() });

const { node: refQuery } = fc.letrec<{ node: RefNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('word' as const), word: refWord, upper: fc.boolean() }),
    fc.record({ kind: fc.constant('phrase' as const), words: fc.array(refWord, { minLength: 1, maxLength: 3 }) }),
    fc.record({
      kind: fc.constant('and' as const),
      children: fc.array(tie('node'), { minLength: 2, maxLength: 3 }),
      implicit: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('or' as const), children: fc.array(tie('node'), { minLength: 2, maxLength: 3 }) }),
    fc.record({ kind: fc.constant('not' as const), child: tie('node'), dash: fc.boolean() }),
  ),
}));

const field = fc
  .array(fc.tuple(fc.constantFrom(...TEXT_WORDS), fc.constantFrom(...SEPARATORS)), { maxLength: 8 })
  .map((parts) => parts.map(([word, sep]) => word + sep).join(''));
const articleArb = fc.record({ title: field, summary: field, content: field });

/** Query text with only the parentheses precedence needs (NOT > AND > OR). */
function render(node: RefNode): string {
  const operand = (child: RefNode, parentKind: 'and' | 'or' | 'not'): string => {
    const needsParens = child.kind === 'or' ? parentKind !== 'or' : child.kind === 'and' && parentKind === 'not';
    return needsParens ? `(${render(child)})` : render(child);
  };
  switch (node.kind) {
    case 'word': {
      const text = `${node.word.text}${node.word.prefix ? '*' : ''}`;
      return node.upper ? text.toUpperCase() : text;
    }
    case 'phrase':
      return `"${node.words.map((w) => `${w.text}${w.prefix ? '*' : ''}`).join(' ')}"`;
    case 'and':
      return node.children.map((c) => operand(c, 'and')).join(node.implicit ? ' ' : ' AND ');
    case 'or':
      return node.children.map((c) => operand(c, 'or')).join(' OR ');
    case 'not': {
      // '-' binds to a single operand, so a NOT of a NOT or of a group is written in parentheses.
      const child = operand(node.child, 'not');
      if (!node.dash) return `NOT ${child}`;
      return node.child.kind === 'not' ? `-(${child})` : `-${child}`;
    }
  }
}

function label(node: RefNode & { kind: 'word' | 'phrase' }): string {
  if (node.kind === 'word') return `${node.word.text}${node.word.prefix ? '*' : ''}`;
  return `"${node.words.map((w) => `${w.text}${w.prefix ? '*' : ''}`).join(' ')}"`;
}

function leafRegex(words: RefWord[]): RegExp {
  const parts = words.map((w) => (w.prefix ? `${w.text}[\\p{L}\\p{N}]*` : `${w.text}(?![\\p{L}\\p{N}])`));
  return new RegExp(`(?<![\\p{L}\\p{N}])${parts.join('[^\\p{L}\\p{N}]+')}`, 'u');
}

/** Which fields a leaf occurs in: [title, summary, content]. */
function leafFields(node: RefNode & { kind: 'word' | 'phrase' }, art: MatchableText): boolean[] {
  const regex = leafRegex(node.kind === 'word' ? [node.word] : node.words);
  return FIELDS.map((f) => regex.test(art[f].toLowerCase()));
}

function refTest(node: RefNode, art: MatchableText): boolean {
  switch (node.kind) {
    case 'word':
    case 'phrase':
      return leafFields(node, art).some(Boolean);
    case 'and':
      return node.children.every((c) => refTest(c, art));
    case 'or':
      return node.children.some((c) => refTest(c, art));
    case 'not':
      return !refTest(node.child, art);
  }
}

/** The leaves that make `node` evaluate to `value`, recorded when present; value: label → found in title. */
function refCollect(node: RefNode, value: boolean, art: MatchableText, out: Map<string, boolean>): void {
  switch (node.kind) {
    case 'word':
    case 'phrase':
      if (value) out.set(label(node), (out.get(label(node)) ?? false) || leafFields(node, art)[0]!);
      return;
    case 'not':
      refCollect(node.child, !value, art, out);
      return;
    default:
      for (const child of node.children) if (refTest(child, art) === value) refCollect(child, value, art, out);
  }
}

function refPositiveLabels(node: RefNode, positive: boolean, out: Set<string>): Set<string> {
  if (node.kind === 'word' || node.kind === 'phrase') {
    if (positive) out.add(label(node));
  } else if (node.kind === 'not') {
    refPositiveLabels(node.child, !positive, out);
  } else {
    for (const child of node.children) refPositiveLabels(child, positive, out);
  }
  return out;
}

const EMPTY: MatchableText = { title: '', summary: '', content: '' };

describe('matcher against a reference evaluator', () => {
  it('agrees on match, matched terms and score', () => {
    fc.assert(
      fc.property(refQuery, fc.array(articleArb, { minLength: 1, maxLength: 4 }), (query, articles) => {
        fc.pre(!refTest(query, EMPTY));
        const matcher = compileTopics([topic('t', render(query))]);
        for (const art of articles) {
          let expected: unknown[] = [];
          if (refTest(query, art)) {
            const terms = new Map<string, boolean>();
            refCollect(query, true, art, terms);
            let weight = 0;
            for (const inTitle of terms.values()) weight += inTitle ? 2 : 1;
            const score = weight / (2 * refPositiveLabels(query, true, new Set()).size);
            expected = [{ topicId: 't', score, matchedTerms: [...terms.keys()] }];
          }
          expect(matcher.matchArticle(art)).toEqual(expected);
        }
      }),
      { numRuns: 500 },
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
        expect(rejected).toBe(refTest(query, EMPTY));
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
