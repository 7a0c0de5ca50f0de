import type { Store } from '../store/index.js';
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
  const failedFeeds: string[] = [];
  for (const id of feedIds) {
    for (;;) {
      const feed = await store.getFeed(id);
      if (feed?.lastCheckedAt && feed.lastCheckedAt >= startedAt) {
        if (feed.lastStatus === 'error') failedFeeds.push(id);
        break;
      }
      timedOut(`feed ${id}`);
      await sleep();
    }
  }
  for (;;) {
    const pending = await store.listDeliveries({ status: 'pending', limit: 10_000 });
    if (pending.every((d) => d.attempts > 0 && d.updatedAt >= startedAt)) break;
    timedOut('deliveries');
    await sleep();
  }
  const recent = (await store.listDeliveries({ limit: 10_000 })).filter((d) => d.updatedAt >= startedAt);
  return {
    feeds: feedIds.length,
    failedFeeds,
    delivered: recent.filter((d) => d.status === 'delivered').length,
    awaitingRetry: recent.filter((d) => d.status === 'pending').length,
    failedDeliveries: recent.filter((d) => d.status === 'failed').length,
  };
}
