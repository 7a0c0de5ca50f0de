/** Public surface of the matcher: the query language, text normalisation, topic matching and snippets. */
export { QueryError } from './query-error.js';
export { parseQuery } from './parse-query.js';
export type {
  AndNode,
  LeafNode,
  NearNode,
  NotNode,
  OrNode,
  PhraseNode,
  QueryNode,
  TermNode,
  WordPattern,
} from './query-ast.js';
export { forEachLeaf } from './query-ast.js';
export { ALL_FIELDS, FIELD_NAMES, fieldBit } from './fields.js';
export type { FieldMask, FieldName } from './fields.js';
export { MAX_FIELD_CHARS, normalizeText } from './normalize-text.js';
export type { MatchableText, NormalizedField, NormalizedText } from './normalize-text.js';
export { reuseTextUnits, tokenize } from './tokenize.js';
export { evaluateQuery } from './evaluate-query.js';
export type { QueryEvaluation } from './evaluate-query.js';
export { assertQueriesValid, checkQueries, compileTopics } from './compile-topics.js';
export type { CompiledTopic, TopicMatcher, TopicQueryConfig } from './compile-topics.js';
export { SNIPPET_CHARS, snippet } from './snippet.js';
