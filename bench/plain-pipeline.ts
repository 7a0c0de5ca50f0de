/**
 * The "deliberately plain pipeline", run as a baseline on the same farm, Redis and receiver as the daemon, so
 * the targets can be read as ratios measured on this machine (the issue gives its figures, 7.2k new items/s cold at
 * 1,000 topics, 3.2k at 10,000 and 1.5k feeds/s all-304, from a machine we do not have).
 *
 * Plain means: one BullMQ job per feed, 16 at once (the issue found 64 slower); a conditional GET (undici), its
 * validators read from and written to SQLite per feed; rss-parser on the event loop; then per item one Redis round
 * trip (SET NX: seen before?) and, when new, the topic match (newswatch's matcher, so matching costs the same on
 * both sides) and one autocommitted INSERT; per match one webhook POST, awaited. No batching, no worker threads, no
 * story grouping, no retries.
 *
 * `node dist-bench/bench/plain-pipeline.js --config FILE --db FILE`: the config is the daemon's bench config (JSON,
 * so YAML); prints one JSON line with its counts and its span from the first feed request to the last job done.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import Parser from 'rss-parser';
import { request } from 'undici';
import { compileTopics, type TopicQueryConfig } from '../src/match/index.js';
import { PLAIN_USER_AGENT, type PlainResult } from './plain-pipeline-result.js';

const CONCURRENCY = 16;
const TIMEOUT_MS = 30_000;

interface BenchConfig {
  redis: string;
  feeds: { id: string; url: string }[];
  topics: TopicQueryConfig[];
  notifiers: { url: string }[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string' }, db: { type: 'string' } } });
  if (!values.config || !values.db) throw new Error('usage: plain-pipeline --config FILE --db FILE');
  const config = JSON.parse(readFileSync(values.config, 'utf8')) as BenchConfig;
  const matcher = compileTopics(config.topics);
  const webhook = config.notifiers[0]!.url;
  const urls = new Map(config.feeds.map((f) => [f.id, f.url]));

  const db = new SQLite(values.db);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS feeds (id TEXT PRIMARY KEY, etag TEXT, last_modified TEXT)');
  db.exec('CREATE TABLE IF NOT EXISTS articles (id INTEGER PRIMARY KEY, feed_id TEXT, item_key TEXT, title TEXT, url TEXT, summary TEXT, topics TEXT)');
  const readFeed = db.prepare('SELECT etag, last_modified FROM feeds WHERE id = ?');
  const writeFeed = db.prepare('INSERT INTO feeds (id, etag, last_modified) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified');
  const insertArticle = db.prepare('INSERT INTO articles (feed_id, item_key, title, url, summary, topics) VALUES (?, ?, ?, ?, ?, ?)');

  const redis = new Redis(config.redis, { maxRetriesPerRequest: null });
  const queueName = 'plain-fetch';
  const queue = new Queue(queueName, { connection: redis });
  const parser = new Parser();
  const result: PlainResult = { feeds: 0, notModified: 0, failed: 0, items: 0, newItems: 0, matches: 0, alerts: 0, spanMs: 0 };
  let firstRequestAt: number | null = null;

  const checkFeed = async (feedId: string): Promise<void> => {
    const url = urls.get(feedId)!;
    const state = readFeed.get(feedId) as { etag: string | null; last_modified: string | null } | undefined;
    const headers: Record<string, string> = { 'user-agent': PLAIN_USER_AGENT };
    if (state?.etag) headers['if-none-match'] = state.etag;
    if (state?.last_modified) headers['if-modified-since'] = state.last_modified;
    firstRequestAt ??= performance.now();
    const response = await request(url, { headers, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
    if (response.statusCode === 304) {
      await response.body.dump();
      result.notModified++;
      return;
    }
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`HTTP ${response.statusCode}`);
    }
    const feed = await parser.parseString(await response.body.text());
    const header = (name: string) => (typeof response.headers[name] === 'string' ? (response.headers[name] as string) : null);
    writeFeed.run(feedId, header('etag'), header('last-modified'));
    for (const item of feed.items) {
      result.items++;
      const key = item.guid ?? item.link ?? item.title ?? '';
      // The one Redis round trip per item: SET NX answers "OK" only for an item not seen before.
      if ((await redis.set(`plain:seen:${feedId}:${key}`, '1', 'NX')) !== 'OK') continue;
      result.newItems++;
      const title = item.title ?? '';
      const summary = item.contentSnippet ?? '';
      const matches = matcher.matchArticle({ title, summary, content: '' });
      insertArticle.run(feedId, key, title, item.link ?? null, summary, JSON.stringify(matches.map((m) => m.topicId)));
      for (const match of matches) {
        result.matches++;
        const body = JSON.stringify({ topic: match.topicId, title, url: item.link ?? null });
        const posted = await request(webhook, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'webhook-id': `plain:${feedId}:${key}:${match.topicId}` },
          body,
        });
        await posted.body.dump();
        if (posted.statusCode < 300) result.alerts++;
      }
    }
  };

  const worker = new Worker(queueName, async (job) => checkFeed((job.data as { feedId: string }).feedId), {
    connection: redis.duplicate(),
    concurrency: CONCURRENCY,
  });
  const done = new Promise<void>((resolve) => {
    let finished = 0;
    const settle = (failed: boolean) => {
      if (failed) result.failed++;
      else result.feeds++;
      if (++finished < urls.size) return;
      result.spanMs = Math.round(performance.now() - (firstRequestAt ?? 0));
      resolve();
    };
    worker.on('completed', () => settle(false));
    worker.on('failed', () => settle(true));
  });
  await queue.addBulk([...urls.keys()].map((feedId) => ({ name: 'fetch', data: { feedId }, opts: { removeOnComplete: true, removeOnFail: true } })));
  await done;
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await worker.close(true);
  await queue.close();
  db.close();
  // Keep-alive sockets and Redis connections would hold the process open a while; the figure is already out.
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
