import type { Logger } from 'pino';
import type { FeedConfig } from '../config/types.js';
import { toError } from '../errors.js';
import type { Notifier } from '../notify/index.js';
import type { FeedCheckState, Store } from '../store/index.js';
import type { Alert } from '../types.js';

export interface FeedHealthDeps {
  store: Store;
  notifiers: ReadonlyMap<string, Notifier>;
  logger: Logger;
}

/**
 * A feed is never silently given up. After `unhealthy_after` failures in a row it is marked unhealthy (and its
 * `health_notify` notifier told once); a 410 Gone pauses it until its URL changes; the first success after that
 * marks it healthy again (and says so once).
 */
export async function afterFeedFailure(deps: FeedHealthDeps, feed: FeedConfig, state: FeedCheckState | undefined, failures: number, error: { message: string; httpStatus: number | null }, now: Date): Promise<void> {
  const log = deps.logger.child({ feedId: feed.id });
  if (error.httpStatus === 410) {
    await deps.store.setFeedHealth(feed.id, 'gone');
    log.error({ url: feed.url }, 'feed is gone (410): paused until its URL changes in the config');
    await tell(deps, feed, `Feed "${feed.id}" is gone (410) and paused: ${error.message}`, now);
    return;
  }
  if (failures >= feed.unhealthyAfter && (state?.health ?? 'ok') === 'ok') {
    await deps.store.setFeedHealth(feed.id, 'unhealthy');
    log.error({ failures, err: error.message }, 'feed is unhealthy: it keeps failing (still retried with backoff)');
    await tell(deps, feed, `Feed "${feed.id}" has failed ${failures} times in a row: ${error.message}`, now);
  }
}

/** Marks an unhealthy feed healthy again after a successful check. */
export async function afterFeedSuccess(deps: FeedHealthDeps, feed: FeedConfig, state: FeedCheckState | undefined, now: Date): Promise<void> {
  if (!state || state.health === 'ok') return;
  await deps.store.setFeedHealth(feed.id, 'ok');
  deps.logger.info({ feedId: feed.id }, 'feed recovered');
  await tell(deps, feed, `Feed "${feed.id}" works again`, now);
}

/** One health message to the feed's `health_notify` notifier; a failure to send it is logged, not retried. */
async function tell(deps: FeedHealthDeps, feed: FeedConfig, message: string, now: Date): Promise<void> {
  if (!feed.healthNotify) return;
  const notifier = deps.notifiers.get(feed.healthNotify);
  if (!notifier) return;
  const alert: Alert = {
    id: `health-${feed.id}-${now.getTime()}`,
    topic: { id: 'feed-health', name: 'Feed health' },
    story: { id: `feed-${feed.id}`, firstSeen: now.toISOString(), articleCount: 1, sources: ['newswatch'] },
    update: false,
    threadId: null,
    entities: [],
    articles: [{ url: feed.url, title: message, source: 'newswatch', published: now.toISOString(), snippet: message }],
    matchedTerms: [],
    createdAt: now.toISOString(),
  };
  try {
    await notifier.send(alert, {});
  } catch (err) {
    deps.logger.warn({ feedId: feed.id, notifierId: notifier.id, err: toError(err).message }, 'feed health message not delivered');
  }
}
