import { parseDuration } from '../config/index.js';
import { openStore } from '../store/index.js';
import { configOption, loadCliConfig, parseCommandArgs, printJsonLine, UsageError } from './common.js';

/** `newswatch matches`: stored matches, newest first, as a table or JSON lines. */
export async function matchesCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, {
    ...configOption,
    topic: { type: 'string', multiple: true },
    since: { type: 'string' },
    json: { type: 'boolean' },
    limit: { type: 'string', default: '100' },
  });
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, not "${values.limit}"`);
  let since: Date | undefined;
  if (values.since) {
    try {
      since = new Date(Date.now() - parseDuration(values.since));
    } catch {
      throw new UsageError(`--since takes a duration such as 24h or 7d, not "${values.since}"`);
    }
  }
  const config = loadCliConfig(values.config);
  const store = await openStore(config.storeUrl);
  try {
    const matches = await store.listMatches({ ...(values.topic ? { topicId: values.topic } : {}), ...(since ? { since } : {}), limit });
    for (const m of matches) {
      const published = m.article.published?.toISOString() ?? null;
      if (values.json) {
        printJsonLine({
          match: m.matchId,
          topic: m.topicId,
          topic_name: m.topicName,
          first_seen: m.createdAt.toISOString(),
          score: m.score,
          matched_terms: m.matchedTerms,
          snippet: m.snippet,
          alerted: m.alerted,
          articles: [{ url: m.article.url, title: m.article.title, source: m.article.source, published }],
        });
      } else {
        process.stdout.write(`${m.createdAt.toISOString()}  ${m.topicId}  ${m.article.title}\n    ${m.article.source} — ${m.article.url ?? '(no link)'}${m.alerted ? '' : '  [backlog, not alerted]'}\n`);
      }
    }
    if (!values.json && matches.length === 0) process.stdout.write('no matches\n');
  } finally {
    await store.close();
  }
  return 0;
}
