import { compileTopics } from '../../../src/match/index.js';
import type { MatchableText, TopicQueryConfig } from '../../../src/match/index.js';

/** A topic config with only what the matcher reads filled in. */
export function topic(id: string, query: string): TopicQueryConfig {
  return { id, name: id, query };
}

/** An article with the given fields; the others empty. */
export function article(fields: Partial<MatchableText>): MatchableText {
  return { title: '', summary: '', content: '', ...fields };
}

/** Whether `query` matches the article, or an article whose summary is `text`. */
export function matches(query: string, text: MatchableText | string): boolean {
  const art = typeof text === 'string' ? article({ summary: text }) : text;
  return compileTopics([topic('t', query)]).matchArticle(art).length === 1;
}
