import type { TopicConfig } from '../../../src/config/types.js';
import type { MatchableText } from '../../../src/match/index.js';

/** A topic config with only what the matcher reads filled in. */
export function topic(id: string, query: string): TopicConfig {
  return { id, name: id, query, notify: [], entities: null };
}

/** An article with the given fields; the others empty. */
export function article(fields: Partial<MatchableText>): MatchableText {
  return { title: '', summary: '', content: '', ...fields };
}
