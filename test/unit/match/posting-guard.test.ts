import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../src/match/index.js';
import { TopicGuards } from '../../../src/match/posting-guard.js';
import { NO_GUARD } from '../../../src/match/postings.js';
import { FIELD_BITS } from '../../../src/match/presearch-filter.js';
import { presearch } from '../../../src/match/presearch.js';
import type { ClauseTerm } from '../../../src/match/presearch.js';

/** Guards of `query` under the pattern `anchor`, as `text@fields` (pattern ids numbered in order met). */
function guardsOf(query: string, anchor: string): string[] {
  const names: string[] = [];
  const idOf = (term: ClauseTerm) => {
    const name = term.pattern.text + (term.pattern.prefix ? '*' : '');
    if (!names.includes(name)) names.push(name);
    return names.indexOf(name);
  };
  const guards = new TopicGuards(presearch(parseQuery(query)), idOf);
  names.push(anchor);
  return guards.of(names.indexOf(anchor)).map((code) => (code === NO_GUARD ? '-' : `${names[code >>> FIELD_BITS]}@${code & 7}`));
}

describe('TopicGuards', () => {
  it.each([
    // [query, anchor, guard]
    ['"abraham accords" kazakhstan', 'kazakhstan', ['abraham@7', 'abraham@7']],
    ['"abraham accords" kazakhstan', 'accords', ['kazakhstan@7', 'kazakhstan@7']],
    ['title:kazakhstan', 'kazakhstan', ['kazakhstan@1', 'kazakhstan@1']],
    ['(join* OR accession) kazakhstan', 'kazakhstan', ['join*@7', 'accession@7']],
    ['(a b) OR (c d)', 'a', ['b@7', 'c@7']],
    ['(abraham OR accords) kazakhstan', 'kazakhstan', ['abraham@7', 'accords@7']],
    ['(a b c) OR (d e) OR f', 'a', ['-', '-']],
    ['(w OR x OR y) z', 'z', ['z@7', 'z@7']],
  ])('%s under %s is guarded by %j', (query, anchor, guard) => {
    expect(guardsOf(query, anchor)).toEqual(guard);
  });
});
