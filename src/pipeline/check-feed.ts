import type { Logger } from 'pino';
import type { Config, FeedConfig, TopicConfig } from '../config/types.js';
import { NewswatchError, toError } from '../errors.js';
import { fetchFeed, type FetchResult } from '../fetch/index.js';
import { snippet, type TopicMatcher } from '../match/index.js';
import { parseFeed } from '../parse/index.js';
import type { NewArticleRecord, Store } from '../store/index.js';
import type { Article } from '../types.js';
import { nextCheckAfterFailure } from './backoff.js';

export interface CheckFeedDeps {
  config: Pick<Config, 'network' | 'backfillMs'>;
  store: Store;
  matcher: TopicMatcher;
  topics: ReadonlyMap<string, TopicConfig>;
  logger: Logger;
  fetch?: typeof fetchFeed;
}

export type CheckFeedResult =
  | { status: 'not-modified' }
  | { status: 'ok'; items: number; newArticles: number; newMatches: number; deliveryIds: string[] }
  | { status: 'error'; error: string; retryable: boolean };

/**
 * One poll of one feed: conditional fetch → parse → skip seen items → match → store matches and deliveries.
 * Expected failures (HTTP errors, timeouts, bad XML) become feed state with backoff, never exceptions: a broken
 * feed must not stop the others. Only a store failure throws, so the job is retried.
 */
export async function checkFeed(deps: CheckFeedDeps, feed: FeedConfig, now: Date, signal?: AbortSignal): Promise<CheckFeedResult> {
  const log = deps.logger.child({ feedId: feed.id });
  const state = await deps.store.getFeed(feed.id);
  const failures = state?.consecutiveFailures ?? 0;

  let fetched: FetchResult;
  let articles: Article[];
  let channelTitle: string | null = null;
  try {
    fetched = await (deps.fetch ?? fetchFeed)(feed.url, {
      network: deps.config.network,
      validators: { etag: state?.etag ?? null, lastModified: state?.lastModified ?? null },
      ...(signal ? { signal } : {}),
    });
    if (fetched.status === 'not-modified') {
      await deps.store.recordFetchSuccess(
        feed.id,
        { status: 'not-modified', httpStatus: 304, ...fetched.validators, title: null, nextCheckAt: new Date(now.getTime() + feed.everyMs) },
        now,
      );
      log.debug('feed not modified');
      return { status: 'not-modified' };
    }
    const parsed = await parseFeed(fetched.body, {
      feedId: feed.id,
      sourceName: feed.name ?? state?.title ?? null,
      baseUrl: fetched.finalUrl,
      contentType: fetched.contentType,
    });
    articles = parsed.articles;
    channelTitle = parsed.title;
  } catch (thrown) {
    const err = toError(thrown);
    const retryAfterSec = err instanceof NewswatchError ? err.retryAfterSec : undefined;
    const nextCheckAt = nextCheckAfterFailure(now, feed.everyMs, failures + 1, retryAfterSec);
    const httpStatus = /\bHTTP (\d{3})\b/.exec(err.message)?.[1];
    await deps.store.recordFetchFailure(
      feed.id,
      { error: err.message, httpStatus: httpStatus ? Number(httpStatus) : null, nextCheckAt },
      now,
    );
    log.warn({ err: err.message, code: err instanceof NewswatchError ? err.code : undefined, failures: failures + 1, nextCheckAt }, 'feed check failed');
    return { status: 'error', error: err.message, retryable: err instanceof NewswatchError ? err.retryable : true };
  }

  const records = await newArticleRecords(deps, feed.id, articles, now);
  const saved = await deps.store.saveArticles(feed.id, records, now);
  await deps.store.recordFetchSuccess(
    feed.id,
    { status: 'ok', httpStatus: fetched.httpStatus, ...fetched.validators, title: channelTitle, nextCheckAt: new Date(now.getTime() + feed.everyMs) },
    now,
  );
  log.info({ items: articles.length, newArticles: saved.newArticles, newMatches: saved.newMatches, deliveries: saved.deliveryIds.length }, 'feed checked');
  return { status: 'ok', items: articles.length, ...saved };
}

async function newArticleRecords(deps: CheckFeedDeps, feedId: string, articles: Article[], now: Date): Promise<NewArticleRecord[]> {
  // A feed can list the same item twice; the first occurrence wins.
  const byKey = new Map<string, Article>();
  for (const a of articles) if (!byKey.has(a.key)) byKey.set(a.key, a);
  const unseen = await deps.store.unseenKeys(feedId, [...byKey.keys()]);
  const records: NewArticleRecord[] = [];
  for (const article of byKey.values()) {
    if (!unseen.has(article.key)) continue;
    const matches = deps.matcher.matchArticle(article).flatMap((m) => {
      const topic = deps.topics.get(m.topicId);
      return topic ? [{ ...m, topicName: topic.name, notify: topic.notify, snippet: snippet(article, m.matchedTerms) }] : [];
    });
    records.push({ article, matches, alert: isFresh(article, now, deps.config.backfillMs) });
  }
  return records;
}

/** Backlog items (older than the backfill window) are stored but never alerted; undated items count as fresh. */
function isFresh(article: Article, now: Date, backfillMs: number): boolean {
  return article.published === null || now.getTime() - article.published.getTime() <= backfillMs;
}
