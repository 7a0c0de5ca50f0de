import type { Logger } from 'pino';
import type { Config, TopicConfig } from './config/index.js';
import { createEntityTracker, type EntityTracker } from './match/entities/index.js';
import { compileTopics, type TopicMatcher } from './match/index.js';
import { createNotifiers, type Notifier } from './notify/index.js';
import { openStore, type Store } from './store/index.js';
import { Scheduler, startLocalRedis } from './schedule/index.js';

/** Everything a command needs, opened from a validated config. The only place that opens connections. */
export interface App {
  config: Config;
  logger: Logger;
  store: Store;
  matcher: TopicMatcher;
  topics: ReadonlyMap<string, TopicConfig>;
  entityTrackers: ReadonlyMap<string, EntityTracker>;
  notifiers: ReadonlyMap<string, Notifier>;
  close(): Promise<void>;
}

/** One entity tracker per topic that declares `entities`. */
export function createEntityTrackers(topics: readonly TopicConfig[]): Map<string, EntityTracker> {
  return new Map(topics.flatMap((t) => (t.entities ? [[t.id, createEntityTracker(t.entities)] as const] : [])));
}

export async function openApp(config: Config, logger: Logger): Promise<App> {
  const matcher = compileTopics(config.topics);
  const notifiers = createNotifiers(config.notifiers, { userAgent: config.network.userAgent });
  const store = await openStore(config.storeUrl);
  return {
    config,
    logger,
    store,
    matcher,
    topics: new Map(config.topics.map((t) => [t.id, t])),
    entityTrackers: createEntityTrackers(config.topics),
    notifiers,
    close: () => store.close(),
  };
}

export interface QueueRuntime {
  scheduler: Scheduler;
  close(): Promise<void>;
}

/**
 * Connects the queues: to the configured Redis, or to a redis-server of our own under `<data_dir>/redis` when none
 * is configured (the embedded default).
 */
export async function startQueues(app: App): Promise<QueueRuntime> {
  const { config, logger } = app;
  const local = config.redisUrl ? null : await startLocalRedis(`${config.dataDir}/redis`, logger);
  const scheduler = new Scheduler({
    redisUrl: config.redisUrl ?? local!.url,
    feeds: config.feeds,
    tickMs: config.tickMs,
    checkFeed: { config, store: app.store, matcher: app.matcher, topics: app.topics, entityTrackers: app.entityTrackers, logger },
    deliver: { store: app.store, notifiers: app.notifiers, logger },
    logger,
  });
  const close = async () => {
    await scheduler.close();
    await local?.stop();
  };
  try {
    await scheduler.checkRedis();
  } catch (err) {
    await close();
    throw err;
  }
  return { scheduler, close };
}
