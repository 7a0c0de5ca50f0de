import { readFile } from 'node:fs/promises';
import { fetchFeed } from '../fetch/index.js';
import { parseFeed } from '../parse/index.js';
import { articleJson, networkForCli } from './articles.js';
import { configOption, parseCommandArgs, printJsonLine, UsageError } from './common.js';

/** `newswatch parse FILE|URL`: the normalised articles, one JSON line each; exit 1 with a one-line error. */
export async function parseCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, configOption, true);
  const [input] = positionals;
  if (!input || positionals.length > 1) throw new UsageError('parse takes exactly one FILE or URL');
  let body: Buffer;
  let contentType: string | null = null;
  let baseUrl: string | undefined;
  if (/^https?:\/\//i.test(input)) {
    const fetched = await fetchFeed(input, { network: networkForCli(values.config) });
    if (fetched.status !== 'ok') throw new Error('unexpected 304 without validators');
    ({ body, contentType } = fetched);
    baseUrl = fetched.finalUrl;
  } else {
    body = await readFile(input);
  }
  const feed = await parseFeed(body, { feedId: 'cli', contentType, ...(baseUrl ? { baseUrl } : {}) });
  for (const article of feed.articles) printJsonLine(articleJson(article));
  return 0;
}
