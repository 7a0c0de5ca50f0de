/**
 * Watch topics for the pipeline benchmark: the match benchmark's generator (match-topics.ts: quoted names with OR-ed
 * prefixes, NOT, field scopes, OR groups, NEAR) over the same corpus the feed farm writes from, so a fraction of
 * items match. NEAR is kept only when docs/query-language.md documents it and the engine compiles it; otherwise
 * it becomes AND, so the benchmark never depends on an undocumented operator.
 */
import { existsSync, readFileSync } from 'node:fs';
import { compileTopics } from '../src/match/index.js';
import { createRandom, type Corpus } from './match-corpus.js';
import { createTopicQueries } from './match-topics.js';

export interface BenchTopic {
  id: string;
  name: string;
  query: string;
}

function compiles(query: string): boolean {
  try {
    compileTopics([{ id: 'probe', name: 'probe', query }]);
    return true;
  } catch {
    return false;
  }
}

/** Whether NEAR may be used: documented in `docsFile` and accepted by the engine this benchmark was built with. */
export function nearSupported(docsFile: string): boolean {
  const documented = existsSync(docsFile) && /\bNEAR\b/.test(readFileSync(docsFile, 'utf8'));
  return documented && compiles('alpha NEAR/5 beta');
}

const withoutNear = (query: string): string => query.replace(/\bNEAR(\/\d+)?\b/g, 'AND');
const withoutScopes = (query: string): string => query.replace(/\b(title|text|summary|content):/g, '');

/** `count` topics, deterministic for a given count; each query is one the engine compiles. */
export function createBenchTopics(corpus: Corpus, count: number, near: boolean): { topics: BenchTopic[]; rewritten: number } {
  let rewritten = 0;
  const topics = createTopicQueries(corpus, createRandom(count), count).map((raw, i) => {
    let query = near ? raw : withoutNear(raw);
    if (!compiles(query)) query = withoutScopes(query);
    if (query !== raw) rewritten++;
    const n = String(i + 1).padStart(5, '0');
    return { id: `topic-${n}`, name: `Topic ${n}`, query };
  });
  return { topics, rewritten };
}
