import { compileTopics, snippet } from '../match/index.js';
import { readInputArticles } from './articles.js';
import { configOption, loadCliConfig, parseCommandArgs, printJsonLine, UsageError } from './common.js';

/** `newswatch match [--topic ID]... INPUT...`: dry-run the config's topics; one JSON line per match. */
export async function matchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...configOption, topic: { type: 'string', multiple: true } }, true);
  if (positionals.length === 0) throw new UsageError('match needs at least one INPUT (a feed file or a .jsonl file of articles)');
  const config = loadCliConfig(values.config, 'topics');
  const known = new Set(config.topics.map((t) => t.id));
  const unknown = (values.topic ?? []).filter((id) => !known.has(id));
  if (unknown.length > 0) throw new UsageError(`unknown topic ${unknown.map((id) => `"${id}"`).join(', ')} (the config has: ${[...known].join(', ')})`);
  const only = values.topic ? new Set(values.topic) : undefined;
  const matcher = compileTopics(config.topics);
  for (const input of positionals) {
    for (const { ref, article } of await readInputArticles(input)) {
      for (const m of matcher.matchArticle(article, only)) {
        printJsonLine({ topic: m.topicId, article: ref, score: m.score, matched_terms: m.matchedTerms, snippet: snippet(article, m.matchedTerms) });
      }
    }
  }
  return 0;
}
