import { watch } from 'node:fs';
import { openApp, reloadApp, startQueues, type App } from '../app.js';
import { toError } from '../errors.js';
import { createLogger } from '../log.js';
import { startMetrics } from '../metrics.js';
import { runOnce } from '../schedule/index.js';
import { configOption, loadCliConfigOffThread, parseCommandArgs } from './common.js';

const ONCE_TIMEOUT_MS = 15 * 60_000;

/** `newswatch run [--once]`: the daemon. First SIGTERM/SIGINT shuts down gracefully, a second one forces exit. */
export async function runCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { ...configOption, once: { type: 'boolean' } });
  const config = await loadCliConfigOffThread(values.config);
  const logger = createLogger(process.env.LOG_LEVEL ?? config.logLevel);
  // Crash-only: state lives in the store and Redis, so an unexpected error exits and a supervisor restarts us.
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: toError(reason).stack }, 'unhandled rejection');
    process.exit(1);
  });

  const stopMetrics = startMetrics(process.env.NEWSWATCH_METRICS_FILE);
  const app = await openApp(config, logger);
  const startedAt = new Date();
  await app.store.syncFeeds(config.feeds, startedAt);
  let queues;
  try {
    queues = await startQueues(app);
  } catch (err) {
    await app.close();
    throw err;
  }
  const enabledFeeds = config.feeds.filter((f) => f.enabled).map((f) => f.id);

  if (values.once) {
    try {
      await queues.scheduler.start({ ticks: false, retryNow: true });
      const summary = await runOnce(queues.scheduler, app.store, enabledFeeds, startedAt, ONCE_TIMEOUT_MS);
      logger.info(summary, 'run --once finished');
      return 0;
    } finally {
      await queues.close();
      await app.close();
      stopMetrics();
    }
  }

  await queues.scheduler.start({ ticks: true });
  // Do not wait for the first tick: feeds due now are polled at start.
  await queues.scheduler.enqueueFeeds(await app.store.dueFeedIds(new Date(), 10_000));
  logger.info({ feeds: enabledFeeds.length, topics: config.topics.length, notifiers: config.notifiers.length }, 'newswatch running');
  const stopWatching = watchConfig(app, values.config);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      stopping = true;
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  stopWatching();
  await queues.close();
  await app.close();
  stopMetrics();
  logger.info('stopped');
  return 0;
}

/** Reloads the config on SIGHUP or when its file changes; a broken file is logged and the running config kept. */
function watchConfig(app: App, cliPath: string | undefined): () => void {
  let timer: NodeJS.Timeout | undefined;
  const reload = (reason: string) => {
    clearTimeout(timer);
    // Editors write a file in several steps: wait for them to finish.
    timer = setTimeout(async () => {
      try {
        await reloadApp(app, await loadCliConfigOffThread(cliPath));
      } catch (err) {
        app.logger.error({ reason, err: toError(err).message }, 'config reload failed; keeping the running config');
      }
    }, 300);
  };
  const onHup = () => reload('SIGHUP');
  process.on('SIGHUP', onHup);
  let watcher: ReturnType<typeof watch> | undefined;
  try {
    watcher = watch(app.config.file, () => reload('file changed'));
    watcher.on('error', () => watcher?.close());
  } catch {
    app.logger.warn({ file: app.config.file }, 'cannot watch the config file; send SIGHUP to reload');
  }
  return () => {
    clearTimeout(timer);
    process.off('SIGHUP', onHup);
    watcher?.close();
  };
}
