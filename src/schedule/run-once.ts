import type { FetchStatus, Store } from '../store/index.js';
import type { Scheduler } from './scheduler.js';

export interface RunOnceSummary {
  feeds: number;
  failedFeeds: string[];
  delivered: number;
  /** Deliveries that failed at least once and wait for a retry (kept in the store; the next run retries them). */
  awaitingRetry: number;
  failedDeliveries: number;
}

const POLL_MS = 100;
/** How often feeds still unchecked are enqueued again (their group's job may have been queued without them). */
const REENQUEUE_MS = 5_000;

/**
 * `run --once`: polls every given feed once through the real queues, then waits until every delivery has been
 * attempted at least once during this run. Deliveries that need a retry stay pending in the store for the next run or the daemon.
 */
export async function runOnce(scheduler: Scheduler, store: Store, feedIds: readonly string[], startedAt: Date, timeoutMs: number): Promise<RunOnceSummary> {
  const deadline = Date.now() + timeoutMs;
  const sleep = () => new Promise((r) => setTimeout(r, POLL_MS));
  const timedOut = (what: string) => {
    if (Date.now() > deadline) throw new Error(`run --once gave up after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
  };

  await scheduler.enqueueFeeds(feedIds);
  let enqueuedAt = Date.now();
  // This polls on the worker's event loop while the jobs run: a COUNT a poll, the feeds themselves only once
  // enough have been checked (another process may check feeds this run did not enqueue).
  let checked = new Map<string, FetchStatus>();
  while (!feedIds.every((id) => checked.has(id))) {
    if ((await store.countFeedsCheckedSince(startedAt)) >= feedIds.length) {
      checked = await store.feedsCheckedSince(startedAt);
      if (feedIds.every((id) => checked.has(id))) break;
    }
    timedOut(`feeds ${feedIds.filter((id) => !checked.has(id)).slice(0, 5).join(', ')}`);
    if (Date.now() - enqueuedAt >= REENQUEUE_MS) {
      // A group's job left by an earlier process (or a daemon's tick) may lack some of our feeds, and
      // deduplication kept ours out; once that job is done, this gets them in. Queued groups ignore it.
      checked = await store.feedsCheckedSince(startedAt);
      await scheduler.enqueueFeeds(feedIds.filter((id) => !checked.has(id)));
      enqueuedAt = Date.now();
    }
    await sleep();
  }
  while ((await store.countUntriedDeliveries(startedAt)) > 0) {
    timedOut('deliveries');
    await sleep();
  }
  const progress = await store.deliveryProgress(startedAt);
  return {
    feeds: feedIds.length,
    failedFeeds: feedIds.filter((id) => checked.get(id) === 'error'),
    delivered: progress.delivered,
    awaitingRetry: progress.awaitingRetry,
    failedDeliveries: progress.failed,
  };
}
