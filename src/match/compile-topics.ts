/**
 * Topics compiled once from config into a topic index, and matched against each article. Score of a match (see
 * docs/query-language.md): each distinct positive term (one not under NOT) weighs 2 when the match found it in the
 * title, 1 when only in the summary or content, 0 when it did not contribute; score = sum / (2 × number of
 * distinct positive terms), so it is in (0, 1] and 1 means every positive term was found in the title.
 */
import { NewswatchError } from '../errors.js';
import type { TopicConfig } from '../config/types.js';
import type { TopicMatch } from '../types.js';
import { matchedTerms, naiveProbe, testQuery } from './evaluate-query.js';
import { fieldBit } from './fields.js';
import type { FieldMask } from './fields.js';
import { normalizeText } from './normalize-text.js';
import type { MatchableText, NormalizedText } from './normalize-text.js';
import { parseQuery } from './parse-query.js';
import { forEachLeaf } from './query-ast.js';
import type { QueryNode } from './query-ast.js';
import { QueryError } from './query-error.js';
import { ProgramRunner } from './run-program.js';
import { TopicIndex } from './topic-index.js';

/** One topic with its parsed query. */
export interface CompiledTopic {
  readonly id: string;
  readonly name: string;
  readonly query: QueryNode;
  /** The match for this topic, or null, evaluated without the index; `text` comes from `normalizeText`. */
  match(text: NormalizedText): TopicMatch | null;
}

/** Matches articles against all configured topics. Immutable: hot reload builds a new one and swaps it in. */
export interface TopicMatcher {
  readonly topics: readonly CompiledTopic[];
  /** Every topic (or only those in `onlyTopicIds`) that matches, in config order; the article is tokenised once. */
  matchArticle(article: MatchableText, onlyTopicIds?: ReadonlySet<string>): TopicMatch[];
  /** `matchArticle` for an article already tokenised by `normalizeText`. */
  matchNormalized(text: NormalizedText, onlyTopicIds?: ReadonlySet<string>): TopicMatch[];
}

/** What the matcher reads of a topic's config. */
export type TopicQueryConfig = Pick<TopicConfig, 'id' | 'name' | 'query'>;

const TITLE = fieldBit('title');

/** Distinct labels of the positive leaves: what the score is a fraction of. */
function positiveCount(query: QueryNode): number {
  const labels = new Set<string>();
  forEachLeaf(query, (leaf, positive) => {
    if (positive) labels.add(leaf.label);
  });
  return labels.size;
}

function toMatch(topicId: string, positive: number, terms: ReadonlyMap<string, FieldMask>): TopicMatch {
  let weight = 0;
  for (const fields of terms.values()) weight += fields & TITLE ? 2 : 1;
  return { topicId, score: weight / (2 * positive), matchedTerms: [...terms.keys()] };
}

function compileTopic(topic: TopicQueryConfig): CompiledTopic {
  const query = parseQuery(topic.query);
  // Counted on the first match only: the index keeps its own count, and building 100,000 topics should not wait.
  let positive = -1;
  return Object.freeze({
    id: topic.id,
    name: topic.name,
    query,
    match(text: NormalizedText): TopicMatch | null {
      const probe = naiveProbe(text);
      if (!testQuery(query, probe, text)) return null;
      if (positive === -1) positive = positiveCount(query);
      return toMatch(topic.id, positive, matchedTerms(query, probe, text));
    },
  });
}

/** Parses every topic's query and returns the ones that fail, in config order (for `newswatch check`). */
export function checkQueries(topics: readonly TopicQueryConfig[]): { topicId: string; error: QueryError }[] {
  const failures: { topicId: string; error: QueryError }[] = [];
  for (const topic of topics) {
    try {
      parseQuery(topic.query);
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      failures.push({ topicId: topic.id, error: err });
    }
  }
  return failures;
}

function compileAll(topics: readonly TopicQueryConfig[]): CompiledTopic[] {
  const compiled: CompiledTopic[] = [];
  const failures: { topicId: string; error: QueryError }[] = [];
  for (const topic of topics) {
    try {
      compiled.push(compileTopic(topic));
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      failures.push({ topicId: topic.id, error: err });
    }
  }
  if (failures.length > 0) throw invalidQueries(failures);
  return compiled;
}

/**
 * Throws what compileTopics throws for these topics, without building the index (whoever builds it runs elsewhere,
 * e.g. in a worker thread, but a bad query must still fail where the config is loaded).
 * @throws NewswatchError (QUERY_INVALID) whose message lists every bad query, formatted with its caret.
 */
export function assertQueriesValid(topics: readonly TopicQueryConfig[]): void {
  const failures = checkQueries(topics);
  if (failures.length > 0) throw invalidQueries(failures);
}

function invalidQueries(failures: readonly { topicId: string; error: QueryError }[]): NewswatchError {
  const heading = failures.length === 1 ? '1 topic query is invalid' : `${failures.length} topic queries are invalid`;
  return new NewswatchError('QUERY_INVALID', [`${heading}:`, ...failures.map(({ topicId, error }) => error.format(topicId))].join('\n'), {
    cause: new AggregateError(failures.map((f) => f.error)),
  });
}

/**
 * Compiles all topics once into a topic index.
 * @throws NewswatchError (QUERY_INVALID) whose message lists every bad query, formatted with its caret.
 */
export function compileTopics(topics: readonly TopicQueryConfig[]): TopicMatcher {
  const compiled = Object.freeze(compileAll(topics));
  const index = new TopicIndex(compiled.map((topic) => topic.query));
  const runner = new ProgramRunner(index);
  // Topic ids apart from the entries, so a match reads no topic object.
  const ids = compiled.map((topic) => topic.id);
  const matchNormalized = (text: NormalizedText, onlyTopicIds?: ReadonlySet<string>): TopicMatch[] => {
    if (compiled.length === 0 || onlyTopicIds?.size === 0) return [];
    const matches: TopicMatch[] = [];
    const candidates = index.candidatesFor(text);
    runner.readAhead(candidates);
    for (let k = 0; k < candidates.length; k++) {
      const number = candidates[k]!;
      const id = ids[number]!;
      if (onlyTopicIds && !onlyTopicIds.has(id)) continue;
      const match = runner.match(number, id, text);
      if (match !== null) matches.push(match);
    }
    return matches;
  };
  return Object.freeze({
    topics: compiled,
    matchArticle(article: MatchableText, onlyTopicIds?: ReadonlySet<string>): TopicMatch[] {
      if (compiled.length === 0 || onlyTopicIds?.size === 0) return [];
      return matchNormalized(normalizeText(article), onlyTopicIds);
    },
    matchNormalized,
  });
}
