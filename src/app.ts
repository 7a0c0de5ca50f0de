import type { Logger } from 'pino';
import type { Config, TopicConfig } from './config/index.js';
import { createEntityTracker, type EntityTracker } from './match/entities/index.js';
import { createNotifiers, type Notifier } from './notify/index.js';
import { closeParsePool } from './parse/index.js';
import { createArticleAnalyser, type ArticleAnalyser } from './pipeline/article-analysis.js';
import { openStore, type Store } from './store/index.js';
import { Scheduler, startLocalRedis } from './schedule/index.js';

/** What is built from the config's feeds, topics and notifiers: swapped whole on a reload. */
export interface ConfigRuntime {
  config: Config;
  /** Matches new articles against the topics, on a thread of its own (started before the queues: startQueues). */
  analyser: ArticleAnalyser;
  topics: ReadonlyMap<string, TopicConfig>;
  entityTrackers: ReadonlyMap<string, EntityTracker>;
  notifiers: ReadonlyMap<string, Notifier>;
}

/** Everything a command needs, opened from a validated config. The only place that opens connections. */
export interface App extends ConfigRuntime {
  logger: Logger;
  store: Store;
  close(): Promise<void>;
}

/** Checks the topics' queries, builds entity trackers and notifiers; throws on a bad query or notifier config. */
export function buildConfigRuntime(config: Config): ConfigRuntime {
  return {
    config,
    analyser: createArticleAnalyser(config.topics),
    topics: new Map(config.topics.map((t) => [t.id, t])),
    entityTrackers: createEntityTrackers(config.topics),
    notifiers: createNotifiers(config.notifiers, { userAgent: config.network.userAgent }),
  };
}

/** One entity tracker per topic that declares `entities`. */
export function createEntityTrackers(topics: readonly TopicConfig[]): Map<string, EntityTracker> {
  return new Map(topics.flatMap((t) => (t.entities ? [[t.id, createEntityTracker(t.entities)] as const] : [])));
}

export async function openApp(config: Config, logger: Logger): Promise<App> {
  const runtime = buildConfigRuntime(config);
  const store = await openStore(config.storeUrl);
  const app: App = {
    ...runtime,
    logger,
    store,
    close: async () => {
      await app.analyser.close();
      await store.close();
    },
  };
  return app;
}

/** How long the analyser a reload replaced keeps serving feed checks that began before it: a fetch and a parse. */
const RELOAD_GRACE_MS = 120_000;

/**
 * Hot reload: builds everything from the new config first and swaps it in only when all of it is valid, so
 * workers keep running on the old config when the new one is broken. Connections (Redis, store) are not
 * reopened: changing them needs a restart, and the log says so.
 */
export async function reloadApp(app: App, config: Config): Promise<void> {
  const runtime = buildConfigRuntime(config);
  const restartNeeded = ['redisUrl', 'storeUrl', 'dataDir', 'tickMs'].filter((k) => app.config[k as keyof Config] !== config[k as keyof Config]);
  if (restartNeeded.length > 0) app.logger.warn({ keys: restartNeeded }, 'these settings change only after a restart');
  try {
    await app.store.syncFeeds(config.feeds, new Date());
  } catch (err) {
    await runtime.analyser.close();
    throw err;
  }
  const previous = app.analyser;
  Object.assign(app, runtime);
  runtime.analyser.warm();
  // Feed checks that began before the reload still hold the old analyser and may not have matched yet (a fetch
  // takes up to its timeout): it stops once they are surely done, rather than failing them.
  setTimeout(() => void previous.close(), RELOAD_GRACE_MS).unref();
  app.logger.info({ feeds: config.feeds.length, topics: config.topics.length, notifiers: config.notifiers.length }, 'config reloaded');
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
  // The matching thread compiles the topics first (seconds for tens of thousands), so that it does not compete with
  // the first feed checks, as compiling on the event loop did not.
  await app.analyser.ready();
  const local = config.redisUrl ? null : await startLocalRedis(`${config.dataDir}/redis`, logger);
  const scheduler = new Scheduler({
    redisUrl: config.redisUrl ?? local!.url,
    tickMs: config.tickMs,
    current: () => ({
      config: app.config,
      checkFeed: { config: app.config, store: app.store, analyser: app.analyser, topics: app.topics, entityTrackers: app.entityTrackers, notifiers: app.notifiers, logger },
      deliver: { store: app.store, notifiers: app.notifiers, logger },
    }),
    logger,
  });
  const close = async () => {
    await scheduler.close();
    await closeParsePool();
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
