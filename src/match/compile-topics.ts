/**
 * Topics compiled once from config and matched against each article. Score of a match (see
 * docs/query-language.md): each distinct positive term (one not under NOT) weighs 2 when the match found it in the
 * title, 1 when only in the summary or content, 0 when it did not contribute; score = sum / (2 × number of
 * distinct positive terms), so it is in (0, 1] and 1 means every positive term was found in the title.
 */
import { NewswatchError } from '../errors.js';
import type { TopicConfig } from '../config/types.js';
import type { TopicMatch } from '../types.js';
import { evaluateQuery, fieldBit } from './evaluate-query.js';
import { normalizeText } from './normalize-text.js';
import type { MatchableText, NormalizedText } from './normalize-text.js';
import { parseQuery } from './parse-query.js';
import type { QueryNode } from './parse-query.js';
import { QueryError } from './query-error.js';

/** One topic with its parsed query. */
export interface CompiledTopic {
  readonly id: string;
  readonly name: string;
  readonly query: QueryNode;
  /** The match for this topic, or null; `text` comes from `normalizeText`. */
  match(text: NormalizedText): TopicMatch | null;
}

/** Matches articles against all configured topics; the seam where a topic index will go. */
export interface TopicMatcher {
  readonly topics: readonly CompiledTopic[];
  /** Every topic (or only those in `onlyTopicIds`) that matches, in config order; the article is tokenised once. */
  matchArticle(article: MatchableText, onlyTopicIds?: ReadonlySet<string>): TopicMatch[];
}

const TITLE = fieldBit('title');

/** Distinct labels of the leaves under an even number of NOTs: the terms the score is a fraction of. */
function positiveLabels(node: QueryNode, positive = true, out = new Set<string>()): Set<string> {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      if (positive) out.add(node.label);
      break;
    case 'not':
      positiveLabels(node.child, !positive, out);
      break;
    case 'and':
    case 'or':
      for (const child of node.children) positiveLabels(child, positive, out);
  }
  return out;
}

function compileTopic(topic: TopicConfig): CompiledTopic {
  const query = parseQuery(topic.query);
  const positiveCount = positiveLabels(query).size;
  return Object.freeze({
    id: topic.id,
    name: topic.name,
    query,
    match(text: NormalizedText): TopicMatch | null {
      const { matched, terms } = evaluateQuery(query, text);
      if (!matched) return null;
      let weight = 0;
      for (const fields of terms.values()) weight += fields & TITLE ? 2 : 1;
      return { topicId: topic.id, score: weight / (2 * positiveCount), matchedTerms: [...terms.keys()] };
    },
  });
}

/** Parses every topic's query and returns the ones that fail, in config order (for `newswatch check`). */
export function checkQueries(topics: readonly TopicConfig[]): { topicId: string; error: QueryError }[] {
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

/**
 * Compiles all topics once.
 * @throws NewswatchError (QUERY_INVALID) whose message lists every bad query, formatted with its caret.
 */
export function compileTopics(topics: readonly TopicConfig[]): TopicMatcher {
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
  if (failures.length > 0) {
    const heading = failures.length === 1 ? '1 topic query is invalid' : `${failures.length} topic queries are invalid`;
    throw new NewswatchError(
      'QUERY_INVALID',
      [`${heading}:`, ...failures.map(({ topicId, error }) => error.format(topicId))].join('\n'),
      { cause: new AggregateError(failures.map((f) => f.error)) },
    );
  }
  Object.freeze(compiled);
  return Object.freeze({
    topics: compiled,
    matchArticle(article: MatchableText, onlyTopicIds?: ReadonlySet<string>): TopicMatch[] {
      const selected = onlyTopicIds ? compiled.filter((t) => onlyTopicIds.has(t.id)) : compiled;
      if (selected.length === 0) return [];
      const text = normalizeText(article);
      const matches: TopicMatch[] = [];
      for (const topic of selected) {
        const match = topic.match(text);
        if (match) matches.push(match);
      }
      return matches;
    },
  });
}
