import type { Logger } from 'pino';
import type { Config, FeedConfig, TopicConfig } from '../config/types.js';
import { NewswatchError, toError } from '../errors.js';
import { fetchFeed, minIntervalMs, type FetchResult, type HostLimiter } from '../fetch/index.js';
import type { EntityTracker } from '../match/entities/index.js';
import { parseFeedInWorker } from '../parse/index.js';
import type { Notifier } from '../notify/index.js';
import type { FeedCheckState, Store } from '../store/index.js';
import type { Article } from '../types.js';
import type { ArticleAnalyser } from './article-analysis.js';
import { nextCheckAfterFailure, nextCheckAfterSuccess } from './backoff.js';
import { afterFeedFailure, afterFeedSuccess } from './feed-health.js';
import { recordArticles } from './record-articles.js';
import type { NotModifiedWrites } from './state-writes.js';

export interface CheckFeedDeps {
  config: Pick<Config, 'network' | 'backfillMs' | 'notifierPolicies'>;
  store: Store;
  /** Matches and fingerprints new articles (on its own thread in the daemon). */
  analyser: ArticleAnalyser;
  topics: ReadonlyMap<string, TopicConfig>;
  entityTrackers: ReadonlyMap<string, EntityTracker>;
  /** For feed health messages (`health_notify`). */
  notifiers: ReadonlyMap<string, Notifier>;
  logger: Logger;
  /** Caps concurrent requests per host across processes (through Redis); none in tests that need no politeness. */
  hostLimiter?: HostLimiter;
  /** Feeds alone on their host, whose first request takes no host slot (fetch/sole-host-feeds.ts). */
  soleHostFeeds?: ReadonlySet<string>;
  fetch?: typeof fetchFeed;
  /** Set when the caller sends the new deliveries itself: they are leased to it for this long. */
  deliveryLeaseMs?: number;
}

export interface CheckFeedOptions {
  /** The feed's state as the caller read it (a fetch job reads its group's in one query); read here when absent. */
  state?: FeedCheckState;
  /** Holds a 304's state update for the caller to commit with others; committed here at once when absent. */
  notModifiedWrites?: NotModifiedWrites;
  signal?: AbortSignal;
}

export type CheckFeedResult =
  | { status: 'not-modified' }
  | { status: 'ok'; items: number; newArticles: number; copies: number; newMatches: number; newStories: number; deliveryIds: string[] }
  | { status: 'error'; error: string; retryable: boolean };

/**
 * One poll of one feed: conditional fetch → parse → skip seen items → match → store matches and deliveries.
 * Expected failures (HTTP errors, timeouts, bad XML) become feed state with backoff, never exceptions: a broken
 * feed must not stop the others. Only a store failure or a lost matching thread (MATCH_FAILED) throws, so the job is
 * retried.
 */
export async function checkFeed(deps: CheckFeedDeps, feed: FeedConfig, now: Date, options: CheckFeedOptions = {}): Promise<CheckFeedResult> {
  const { signal } = options;
  const log = deps.logger.child({ feedId: feed.id });
  // A state read before a config reload changed the feed's URL is stale: its validators belong to the old URL.
  const state = options.state?.url === feed.url ? options.state : (await deps.store.feedCheckStates([feed.id])).get(feed.id);
  const failures = state?.consecutiveFailures ?? 0;
  // Where the time went, in the "feed checked" log line (the pipeline benchmark reads it): wall time, so a stage
  // also counts what it waited for (the event loop, a core, the store's lock).
  const timings = { fetchMs: 0, parseMs: 0, dedupMs: 0, matchMs: 0, storeMs: 0 };

  let fetched: FetchResult;
  let articles: Article[];
  let channelTitle: string | null = null;
  let warning: string | null = null;
  let hintIntervalMs = 0;
  try {
    const fetchStart = performance.now();
    fetched = await (deps.fetch ?? fetchFeed)(feed.url, {
      network: deps.config.network,
      validators: { etag: state?.etag ?? null, lastModified: state?.lastModified ?? null },
      ...(signal ? { signal } : {}),
      ...(deps.hostLimiter ? { hostLimiter: deps.hostLimiter, soleHost: deps.soleHostFeeds?.has(feed.id) === true } : {}),
    });
    if (fetched.status === 'not-modified') {
      const hintMs = Math.max(state?.hintIntervalMs ?? 0, minIntervalMs({ maxAgeSec: fetched.maxAgeSec }));
      const result = { status: 'not-modified', httpStatus: 304, ...fetched.validators, title: null, nextCheckAt: nextCheckAfterSuccess(now, feed.everyMs, hintMs) } as const;
      if (options.notModifiedWrites) options.notModifiedWrites.add(feed.id, result, now);
      else await deps.store.recordFetchSuccess(feed.id, result, now);
      log.debug('feed not modified');
      await afterFeedSuccess(deps, feed, state, now);
      return { status: 'not-modified' };
    }
    timings.fetchMs = elapsedMs(fetchStart);
    const parseStart = performance.now();
    const parsed = await parseFeedInWorker(fetched.body, {
      feedId: feed.id,
      sourceName: feed.name ?? state?.title ?? null,
      baseUrl: fetched.finalUrl,
      contentType: fetched.contentType,
    });
    articles = parsed.articles;
    channelTitle = parsed.title;
    warning = parsed.warnings.length > 0 ? parsed.warnings.join('; ') : null;
    hintIntervalMs = minIntervalMs({ ttlMinutes: parsed.ttlMinutes, updatePeriodMinutes: parsed.updatePeriodMinutes });
    if (warning) log.warn({ warning }, 'feed is malformed; read it anyway');
    timings.parseMs = elapsedMs(parseStart);
  } catch (thrown) {
    const err = toError(thrown);
    const retryAfterSec = err instanceof NewswatchError ? err.retryAfterSec : undefined;
    const nextCheckAt = nextCheckAfterFailure(now, feed.everyMs, failures + 1, retryAfterSec);
    const status = (err instanceof NewswatchError ? err.httpStatus : undefined) ?? Number(/\bHTTP (\d{3})\b/.exec(err.message)?.[1] ?? NaN);
    const httpStatus = Number.isNaN(status) ? null : status;
    await deps.store.recordFetchFailure(feed.id, { error: err.message, httpStatus, nextCheckAt }, now);
    log.warn({ err: err.message, code: err instanceof NewswatchError ? err.code : undefined, failures: failures + 1, nextCheckAt }, 'feed check failed');
    await afterFeedFailure(deps, feed, state, failures + 1, { message: err.message, httpStatus }, now);
    return { status: 'error', error: err.message, retryable: err instanceof NewswatchError ? err.retryable : true };
  }

  const dedupStart = performance.now();
  const unseen = await unseenArticles(deps.store, feed.id, articles);
  timings.dedupMs = elapsedMs(dedupStart);
  const recordDeps = { ...deps, backfillMs: deps.config.backfillMs, notifierPolicies: deps.config.notifierPolicies };
  const success = {
    status: 'ok' as const,
    httpStatus: fetched.httpStatus,
    ...fetched.validators,
    title: channelTitle,
    warning,
    hintIntervalMs,
    nextCheckAt: nextCheckAfterSuccess(now, feed.everyMs, Math.max(hintIntervalMs, minIntervalMs({ maxAgeSec: fetched.maxAgeSec }))),
  };
  // Matched before the transaction, which must not wait on another thread while it holds the store.
  const matchStart = performance.now();
  const analyses = await deps.analyser.analyse(unseen);
  timings.matchMs = elapsedMs(matchStart);
  const storeStart = performance.now();
  // Only `tx` may be used inside: the SQLite store has one connection, held by the transaction.
  const saved = await deps.store.transaction(async (tx) => {
    const result = await recordArticles(
      tx,
      recordDeps,
      feed.id,
      unseen.map((article, i) => ({ article, analysis: analyses[i]! })),
      now,
    );
    await tx.recordFetchSuccess(feed.id, success, now);
    return result;
  });
  timings.storeMs = elapsedMs(storeStart);
  await afterFeedSuccess(deps, feed, state, now);
  log.info({ ...timings, items: articles.length, newArticles: saved.newArticles, copies: saved.copies, newMatches: saved.newMatches, newStories: saved.newStories, deliveries: saved.deliveryIds.length }, 'feed checked');
  return { status: 'ok', items: articles.length, ...saved };
}

/** The feed's items it has not listed before, first occurrence of each key. */
async function unseenArticles(store: Store, feedId: string, articles: Article[]): Promise<Article[]> {
  const byKey = new Map<string, Article>();
  for (const a of articles) if (!byKey.has(a.key)) byKey.set(a.key, a);
  const unseen = await store.unseenKeys(feedId, [...byKey.keys()]);
  return [...byKey.values()].filter((a) => unseen.has(a.key));
}

/** Milliseconds to a tenth: a feed's match or dedup step often takes under one. */
function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function elapsedMs(since: number): number {
  return roundMs(performance.now() - since);
}
