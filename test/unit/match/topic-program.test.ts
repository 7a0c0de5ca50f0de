import { describe, expect, it } from 'vitest';
import { normalizeText, parseQuery } from '../../../src/match/index.js';
import type { MatchableText } from '../../../src/match/index.js';
import { Int32Builder } from '../../../src/match/int32-builder.js';
import { ProgramRunner } from '../../../src/match/run-program.js';
import { TopicIndex } from '../../../src/match/topic-index.js';
import {
  compileProgram,
  NEAR_DISTANCE,
  NEAR_LEFT_COUNT,
  NEAR_ROWS,
  OP_AND,
  OP_LEAF,
  OP_NEAR,
  OP_NOT,
  OP_OR,
  ROW_ANCHOR,
  ROW_COUNT,
  ROW_IDS,
  ROW_LABEL,
  ROW_SCOPE,
  TOPIC_CODE,
  TOPIC_DIRECTORY,
  TOPIC_LABEL_BASE,
  TOPIC_LABELS,
  TOPIC_LEAVES,
  TOPIC_POSITIVE,
} from '../../../src/match/topic-program.js';
import type { WordPattern } from '../../../src/match/query-ast.js';
import { article } from './topic-fixtures.js';

/** A compiled block read back as a tree: leaves as `label/scope:ids@anchor`, words numbered in order of first use. */
function decode(values: Int32Array, at: number, labels: readonly string[], base: number): unknown {
  const leaf = (row: number) => {
    const ids = Array.from(values.subarray(row + ROW_IDS, row + ROW_IDS + values[row + ROW_COUNT]!));
    return `${labels[base + values[row + ROW_LABEL]!]}/${values[row + ROW_SCOPE]}:${ids.join(',')}@${values[row + ROW_ANCHOR]}`;
  };
  const end = values[at + 1]!;
  const children = () => {
    const out: unknown[] = [];
    for (let child = at + 2; child < end; child = values[child + 1]!) out.push(decode(values, child, labels, base));
    return out;
  };
  switch (values[at]) {
    case OP_LEAF:
      expect(end).toBe(at + 3);
      return leaf(values[at + 2]!);
    case OP_AND:
      return ['and', ...children()];
    case OP_OR:
      return ['or', ...children()];
    case OP_NOT:
      return ['not', ...children()];
    case OP_NEAR: {
      const rows = Array.from(values.subarray(at + NEAR_ROWS, end), leaf);
      const split = values[at + NEAR_LEFT_COUNT]!;
      return ['near', values[at + NEAR_DISTANCE], rows.slice(0, split), rows.slice(split)];
    }
    default:
      throw new Error(`no such op ${values[at]} at ${at}`);
  }
}

/** Compiles `query` after `before` (so offsets are not from 0) and reads its block back. */
function compiled(query: string, before = 'zzz') {
  const out = new Int32Builder();
  const labels: string[] = [];
  const patterns: WordPattern[] = [];
  const idOf = (word: WordPattern) => {
    const at = patterns.findIndex((p) => p.text === word.text && p.prefix === word.prefix);
    return at === -1 ? patterns.push(word) - 1 : at;
  };
  compileProgram(parseQuery(before), idOf, out, labels);
  const { block } = compileProgram(parseQuery(query), idOf, out, labels);
  const values = out.toArray();
  const base = values[block + TOPIC_LABEL_BASE]!;
  return {
    values,
    block,
    tree: decode(values, values[block + TOPIC_CODE]!, labels, base),
    labels: labels.slice(base, base + values[block + TOPIC_LABELS]!),
  };
}

describe('compileProgram', () => {
  // Pattern 0 is `zzz`, compiled first; words are numbered in order of first use. Scopes: 1 title, 6 text, 7 any.
  it.each([
    ['kazakhstan', 'kazakhstan/7:1@0'],
    ['a b', ['and', 'a/7:1@0', 'b/7:2@0']],
    ['a OR b c', ['or', 'a/7:1@0', ['and', 'b/7:2@0', 'c/7:3@0']]],
    ['(a OR b) c', ['and', ['or', 'a/7:1@0', 'b/7:2@0'], 'c/7:3@0']],
    ['a -b', ['and', 'a/7:1@0', ['not', 'b/7:2@0']]],
    ['NOT (NOT a)', ['not', ['not', 'a/7:1@0']]],
    ['title:a text:b', ['and', 'a/1:1@0', 'b/6:2@0']],
    ['title:(a OR "b c")', ['or', 'a/1:1@0', '"b c"/1:2,3@0']],
    ['"sao pa*"', '"sao pa*"/7:1,2@0'],
    ['"pa* sao"', '"pa* sao"/7:1,2@1'],
    ['"pa* sa*"', '"pa* sa*"/7:1,2@-1'],
    ['join* AND join', ['and', 'join*/7:1@-1', 'join/7:2@0']],
    ['a NEAR/3 b', ['near', 3, ['a/7:1@0'], ['b/7:2@0']]],
    ['(a OR b*) NEAR "c d" e', ['and', ['near', 10, ['a/7:1@0', 'b*/7:2@-1'], ['"c d"/7:3,4@0']], 'e/7:5@0']],
    ['text:(a NEAR/0 b) OR title:c', ['or', ['near', 0, ['a/6:1@0'], ['b/6:2@0']], 'c/1:3@0']],
    ['a OR a', ['or', 'a/7:1@0', 'a/7:1@0']],
  ])('%s compiles to %j', (query, tree) => {
    expect(compiled(query).tree).toEqual(tree);
  });

  it('numbers distinct labels in text order and counts the positive ones', () => {
    const { values, block, labels } = compiled('a OR title:a OR (c -b -d)');
    expect(labels).toEqual(['a', 'c', 'b', 'd']);
    expect(values[block + TOPIC_POSITIVE]).toBe(2);
    expect(values[block + TOPIC_LEAVES]).toBe(5);
  });

  it('points the directory at each leaf row by leaf index, past the code', () => {
    const { values, block } = compiled('b OR (a NEAR c)');
    const rows = Array.from({ length: 3 }, (_, k) => values[block + TOPIC_DIRECTORY + k]!);
    expect(rows[0]).toBeGreaterThan(values[values[block + TOPIC_CODE]! + 1]! - 1);
    expect(rows.map((row) => values[row + ROW_LABEL])).toEqual([0, 1, 2]);
  });
});

/** The match of `query` alone, evaluated through its compiled block (the presearch is not asked). */
function run(query: string, fields: Partial<MatchableText>) {
  const index = new TopicIndex([parseQuery(query)]);
  const text = normalizeText(article(fields));
  index.candidatesFor(text);
  return new ProgramRunner(index).match(0, 't', text);
}

describe('ProgramRunner', () => {
  it.each([
    // [query, fields, matched terms (null: no match), score]
    ['a b', { summary: 'b a' }, ['a', 'b'], 0.5],
    ['a b', { summary: 'a' }, null, 0],
    ['a OR b', { title: 'b', summary: 'a' }, ['a', 'b'], 0.75],
    ['a OR b c', { summary: 'c b' }, ['b', 'c'], 1 / 3],
    ['(a OR b) c', { summary: 'a' }, null, 0],
    ['a -b', { summary: 'a' }, ['a'], 0.5],
    ['a -b', { summary: 'a b' }, null, 0],
    ['NOT (NOT a AND NOT b)', { summary: 'b' }, ['b'], 0.25],
    ['a (b OR NOT c)', { summary: 'a' }, ['a'], 0.25],
    ['title:a', { summary: 'a' }, null, 0],
    ['title:a', { title: 'A' }, ['a'], 1],
    ['text:a', { title: 'a' }, null, 0],
    ['text:a', { content: 'a' }, ['a'], 0.5],
    ['a OR title:a', { title: 'a' }, ['a'], 1],
    ['"sao pa*"', { summary: 'São Paulo' }, ['"sao pa*"'], 0.5],
    ['"sao pa*"', { summary: 'São, the Paulo' }, null, 0],
    ['"pa* sao"', { summary: 'x Paulo São' }, ['"pa* sao"'], 0.5],
    ['"abraham accords"', { title: 'Abraham', summary: 'Accords' }, null, 0],
    ['a NEAR/1 b', { summary: 'a x b' }, ['a', 'b'], 0.5],
    ['a NEAR/1 b', { summary: 'b x a' }, ['a', 'b'], 0.5],
    ['a NEAR/1 b', { summary: 'a x x b' }, null, 0],
    ['a NEAR/0 b', { title: 'a', summary: 'b' }, null, 0],
    ['"a b" NEAR/0 b', { summary: 'a b' }, null, 0],
    ['"a b" NEAR/0 b', { summary: 'a b b' }, ['"a b"', 'b'], 0.5],
    ['title:a NEAR b', { title: 'b', summary: 'a b' }, null, 0],
    // Terms are reported in the order the NEAR meets them: field by field, left side first.
    ['(a OR c) NEAR/0 b', { title: 'c b', summary: 'a b' }, ['c', 'b', 'a'], 5 / 6],
    ['(a OR c) NEAR/0 b', { summary: 'a x c b' }, ['c', 'b'], 1 / 3],
  ])('%s on %j: %j', (query, fields, terms, score) => {
    const match = run(query, fields);
    if (terms === null) expect(match).toBeNull();
    else expect(match).toEqual({ topicId: 't', score, matchedTerms: terms });
  });

  it('handles a NEAR with many leaves and many occurrences (its scratch grows)', () => {
    const words = Array.from({ length: 40 }, (_, k) => `w${k}`);
    const query = `(${words.join(' OR ')}) NEAR/0 target`;
    const summary = `${words.join(' ')} ${'w1 '.repeat(600)}w39 target`;
    expect(run(query, { summary })?.matchedTerms).toEqual(['w39', 'target']);
    expect(run(query, { summary: `${'w1 '.repeat(600)}x target` })).toBeNull();
  });

  it('finds terms again on the next article, with no terms left over from the last', () => {
    const index = new TopicIndex([parseQuery('a OR b'), parseQuery('c OR a')]);
    const runner = new ProgramRunner(index);
    const first = normalizeText(article({ title: 'b', summary: 'a c' }));
    index.candidatesFor(first);
    expect(runner.match(0, 'x', first)).toEqual({ topicId: 'x', score: 0.75, matchedTerms: ['a', 'b'] });
    expect(runner.match(1, 'y', first)).toEqual({ topicId: 'y', score: 0.5, matchedTerms: ['c', 'a'] });
    const second = normalizeText(article({ summary: 'c' }));
    index.candidatesFor(second);
    expect(runner.match(0, 'x', second)).toBeNull();
    expect(runner.match(1, 'y', second)).toEqual({ topicId: 'y', score: 0.25, matchedTerms: ['c'] });
  });
});
