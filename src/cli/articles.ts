import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DEFAULT_NETWORK_CONFIG, type NetworkConfig } from '../config/index.js';
import { parseFeed } from '../parse/index.js';
import type { Article } from '../types.js';
import { configFileExists, loadCliConfig } from './common.js';

/** The JSON shape of an article on the command line. */
export function articleJson(a: Article) {
  return {
    key: a.key,
    feed: a.feedId,
    source: a.source,
    url: a.url,
    title: a.title,
    summary: a.summary,
    content: a.content,
    published: a.published?.toISOString() ?? null,
  };
}

/** The config's network settings when a config file exists, else the defaults. */
export function networkForCli(cliPath: string | undefined): NetworkConfig {
  return configFileExists(cliPath) ? loadCliConfig(cliPath, 'topics').network : DEFAULT_NETWORK_CONFIG;
}

export interface InputArticle {
  /** What `match` prints as "article": the input id, else the link, else the key. */
  ref: string;
  article: Article;
}

/** Reads articles from a `.jsonl` file (`{id,title,summary,content,link,source,published}` a line) or a feed file. */
export async function readInputArticles(file: string): Promise<InputArticle[]> {
  const text = await readFile(file);
  if (file.endsWith('.jsonl')) {
    return text
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, i) => {
        let row: Record<string, unknown>;
        try {
          row = JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw new Error(`${file}:${i + 1}: not a JSON object`);
        }
        const str = (k: string) => (typeof row[k] === 'string' ? (row[k] as string) : '');
        const published = str('published') ? new Date(str('published')) : null;
        const ref = str('id') || str('link') || `${basename(file)}:${i + 1}`;
        const article: Article = {
          key: ref,
          feedId: basename(file),
          source: str('source'),
          url: str('link') || null,
          title: str('title'),
          summary: str('summary'),
          content: str('content'),
          published: published && !Number.isNaN(published.getTime()) ? published : null,
        };
        return { ref, article };
      });
  }
  const feed = await parseFeed(text, { feedId: basename(file) });
  return feed.articles.map((article) => ({ ref: article.url ?? article.key, article }));
}
