import { pino } from 'pino';
import { buildConfigRuntime } from '../../src/app.js';
import type { Config } from '../../src/config/index.js';
import { Scheduler } from '../../src/schedule/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { flushRedis } from './redis-server.js';

/** A Scheduler and its store, for tests that drive the queues directly instead of through the CLI. */
export interface TestScheduler {
  scheduler: Scheduler;
  store: Store;
}

/** A Scheduler on a fresh SQLite store holding the config's feeds, wired the way the app wires it (not started). */
export async function openTestScheduler(options: {
  redisUrl: string;
  config: Config;
  storeFile: string;
  now?: () => Date;
  /** Replaces store methods the fetch path sees (to make a check throw). */
  wrapStore?: (store: Store) => Store;
}): Promise<TestScheduler> {
  const { config } = options;
  const now = options.now ?? (() => new Date());
  const store = await openStore(`sqlite:${options.storeFile}`);
  await store.syncFeeds(config.feeds, now());
  const logger = pino({ level: 'silent' });
  const runtime = buildConfigRuntime(config);
  const checkStore = options.wrapStore?.(store) ?? store;
  const scheduler = new Scheduler({
    redisUrl: options.redisUrl,
    tickMs: 60_000,
    now,
    current: () => ({ config, checkFeed: { ...runtime, store: checkStore, logger }, deliver: { store, notifiers: runtime.notifiers, logger } }),
    logger,
  });
  return { scheduler, store };
}

/** Closes what `openTestScheduler` opened and empties Redis for the next test. */
export async function closeTestScheduler(opened: TestScheduler | undefined, redisUrl: string): Promise<void> {
  await opened?.scheduler.close(1_000);
  await opened?.store.close();
  await flushRedis(redisUrl);
}
