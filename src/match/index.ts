/** Public surface of the matcher: the query language, text normalisation, topic matching and snippets. */
export { QueryError } from './query-error.js';
export { parseQuery } from './parse-query.js';
export type {
  AndNode,
  LeafNode,
  NotNode,
  OrNode,
  PhraseNode,
  QueryNode,
  TermNode,
  WordPattern,
} from './parse-query.js';
export { FIELD_NAMES, MAX_FIELD_CHARS, normalizeText, tokenize } from './normalize-text.js';
export type { FieldName, MatchableText, NormalizedField, NormalizedText } from './normalize-text.js';
export { evaluateQuery } from './evaluate-query.js';
export type { FieldMask, QueryEvaluation } from './evaluate-query.js';
export { checkQueries, compileTopics } from './compile-topics.js';
export type { CompiledTopic, TopicMatcher } from './compile-topics.js';
export { SNIPPET_CHARS, snippet } from './snippet.js';
