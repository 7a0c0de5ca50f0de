import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config, FeedConfig } from '../config/types.js';
import { NewswatchError, toError } from '../errors.js';
import {
  checkFeed,
  deliver,
  deliverDigest,
  deliveryRetryDelayMs,
  type CheckFeedDeps,
  type CheckFeedResult,
  type DeliverDeps,
  type DeliverOutcome,
  NotModifiedWrites,
} from '../pipeline/index.js';
import { createHostLimiter, soleHostFeedIds, type HostLimiter } from '../fetch/index.js';
import { LONGEST_SEND_DEADLINE_MS } from '../notify/index.js';
import { lastDigestPeriod } from './digest-periods.js';
import { groupFeeds } from './feed-groups.js';
import { InlineDeliveries } from './inline-deliveries.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';
import {
  DELIVER_QUEUE,
  FETCH_QUEUE,
  TICK_SCHEDULER_ID,
  deliveryJobId,
  digestJobId,
  fetchGroupDedupId,
  type DeliverJobData,
  type DeliverJobName,
  type FetchJobData,
  type FetchJobName,
} from './jobs.js';

export interface SchedulerDeps {
  redisUrl: string;
  tickMs: number;
  /** Read at each job, so a config reload takes effect without restarting the workers. */
  current: () => { config: Config; checkFeed: CheckFeedDeps; deliver: DeliverDeps };
  logger: Logger;
  now?: () => Date;
  fetchConcurrency?: number;
  deliverConcurrency?: number;
}

const SHUTDOWN_GRACE_MS = 25_000;
const RECONCILE_BATCH = 1000;
const WATCHDOG_MIN_MS = 5_000;
/** A new delivery not attempted inline within this goes to the queue instead. */
const INLINE_MAX_WAIT_MS = 60_000;
/**
 * How long a new delivery is leased to the process that stored it: its wait for an inline slot plus its send, twice
 * over. A process killed before the attempt leaves its deliveries to the reconcile once this has passed.
 */
export const DELIVERY_LEASE_MS = INLINE_MAX_WAIT_MS + 2 * LONGEST_SEND_DEADLINE_MS;

/**
 * Deliveries in flight at once, inline and from the queue each. A delivery mostly waits (the receiver, Redis, the
 * store's turn), so 4 in flight left the 10,000-topic cold round's 17,000 alerts draining for 15 s after the last
 * feed: 8 gave 1,530 new items/s against 1,140-1,380 (16 no better). Per-notifier rate limits still apply.
 */
const DELIVER_CONCURRENCY = 8;

/** Attempts a delivery job's delivery had before the job was queued. */
function attemptsBefore(data: DeliverJobData | undefined): number {
  return data && 'attemptsBefore' in data ? (data.attemptsBefore ?? 0) : 0;
}

/**
 * The only user of BullMQ. A job scheduler ticks every `tickMs` and enqueues the feeds the store says are due, one
 * fetch job per group of feeds under the group's deduplication id (feed-groups.ts: a feed is never fetched twice
 * at once); fetch jobs store matches and make each new delivery's first attempt inline (inline-deliveries.ts),
 * queueing a delivery job only for its retries. The store is the source of truth: Redis can be wiped and
 * `reconcile` rebuilds what is missing from it.
 */
export class Scheduler {
  private readonly now: () => Date;
  private readonly connections: Redis[] = [];
  private readonly fetchQueue: Queue<FetchJobData, unknown, string>;
  private readonly deliverQueue: Queue<DeliverJobData, unknown, DeliverJobName>;
  private readonly rateLimiter: RateLimiter;
  private readonly hostLimiter: HostLimiter;
  // Typed loosely on purpose: the two workers differ in job types and are only started, watched and closed here.
  private workers: Worker<any, unknown, any>[] = [];
  private watchdog: NodeJS.Timeout | undefined;
  private readonly inline: InlineDeliveries;

  constructor(private readonly deps: SchedulerDeps) {
    this.now = deps.now ?? (() => new Date());
    this.fetchQueue = new Queue(FETCH_QUEUE, { connection: this.connect('queue'), skipVersionCheck: true });
    this.deliverQueue = new Queue(DELIVER_QUEUE, { connection: this.connect('queue'), skipVersionCheck: true });
    this.rateLimiter = createRateLimiter(this.connections[0]!);
    // A lease outlives the slowest request (total deadline) so a slow fetch never overlaps a new one.
    this.hostLimiter = createHostLimiter(this.connections[0]!, { leaseMs: Math.max(60_000, deps.current().config.network.timeoutMs * 2) });
    this.inline = new InlineDeliveries({
      concurrency: deps.deliverConcurrency ?? DELIVER_CONCURRENCY,
      maxWaitMs: INLINE_MAX_WAIT_MS,
      attempt: (id) => this.attemptInline(id),
      queue: (ids) => this.enqueueDeliveries(ids),
      release: (ids) => this.deps.current().checkFeed.store.releaseDeliveryLeases(ids),
      logger: deps.logger,
    });
  }

  private connect(role: string): Redis {
    // Workers need maxRetriesPerRequest null (BullMQ's blocking commands); errors are logged, never thrown at us.
    const client = new Redis(this.deps.redisUrl, { maxRetriesPerRequest: null, connectionName: `newswatch-${role}` });
    client.on('error', (err) => this.deps.logger.warn({ err: err.message, role }, 'redis connection error'));
    this.connections.push(client);
    return client;
  }

  /** Refuses a Redis that may evict BullMQ's keys (BullMQ itself only warns). */
  async checkRedis(): Promise<void> {
    const client = this.connections[0]!;
    let policy: string | undefined;
    try {
      const reply = (await client.config('GET', 'maxmemory-policy')) as string[];
      policy = reply[1];
    } catch (err) {
      this.deps.logger.warn({ err: toError(err).message }, 'could not read maxmemory-policy; make sure it is noeviction');
      return;
    }
    if (policy && policy !== 'noeviction') {
      throw new NewswatchError('REDIS_UNAVAILABLE', `redis maxmemory-policy is "${policy}"; newswatch needs "noeviction" or queued jobs can be silently lost (CONFIG SET maxmemory-policy noeviction)`);
    }
  }

  /** Starts the workers. With `ticks`, also upserts the tick scheduler (idempotent across processes). */
  async start(options: { ticks: boolean; retryNow?: boolean }): Promise<void> {
    const fetchWorker = new Worker<FetchJobData, unknown, FetchJobName>(FETCH_QUEUE, (job) => this.processFetchJob(job), {
      connection: this.connect('fetch-worker'),
      concurrency: this.deps.fetchConcurrency ?? 8,
      skipVersionCheck: true,
    });
    const deliverWorker = new Worker<DeliverJobData, unknown, DeliverJobName>(DELIVER_QUEUE, (job, token) => this.processDeliverJob(job, token), {
      connection: this.connect('deliver-worker'),
      concurrency: this.deps.deliverConcurrency ?? DELIVER_CONCURRENCY,
      skipVersionCheck: true,
      settings: {
        backoffStrategy: (attemptsMade, _type, err, job) =>
          deliveryRetryDelayMs(attemptsMade + attemptsBefore(job?.data), this.deps.current().config.retryScheduleMs, err instanceof NewswatchError ? err.retryAfterSec : undefined),
      },
    });
    this.workers = [fetchWorker, deliverWorker];
    for (const worker of this.workers) {
      worker.on('error', (err) => this.deps.logger.error({ err: toError(err).message, queue: worker.name }, 'worker error'));
      worker.on('failed', (job, err) => this.deps.logger.warn({ jobId: job?.id, queue: worker.name, err: err.message }, 'job attempt failed'));
    }
    if (options.ticks) {
      await this.upsertTick();
      // Redis may lose the scheduler (FLUSHALL, a failover to an empty replica): re-upserting is idempotent and
      // brings the ticks back; the ticks then re-enqueue due feeds and pending deliveries from the store.
      this.watchdog = setInterval(() => {
        this.upsertTick().catch((err: unknown) => this.deps.logger.warn({ err: toError(err).message }, 'could not refresh the tick scheduler'));
      }, Math.max(this.deps.tickMs * 4, WATCHDOG_MIN_MS));
      this.watchdog.unref();
    }
    await this.reconcile({ retryNow: options.retryNow ?? false });
    await this.collectDigests();
  }

  private async upsertTick(): Promise<void> {
    await this.fetchQueue.upsertJobScheduler(
      TICK_SCHEDULER_ID,
      { every: this.deps.tickMs },
      { name: 'tick', data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  }

  /**
   * Enqueues one fetch job per group of the given feeds. A group whose job is already queued or running gets no
   * second one: its feeds missing from that job wait for a later tick (or run --once enqueues them again).
   */
  async enqueueFeeds(feedIds: readonly string[]): Promise<void> {
    if (feedIds.length === 0) return;
    await this.fetchQueue.addBulk(
      [...groupFeeds(feedIds)].map(([group, ids]) => ({
        name: 'fetch-feeds' as const,
        data: { feedIds: ids },
        opts: { deduplication: { id: fetchGroupDedupId(group) }, attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: true, removeOnFail: 1000 },
      })),
    );
  }

  async enqueueDeliveries(deliveryIds: readonly string[]): Promise<void> {
    await this.enqueueDeliverJobs(deliveryIds.map((deliveryId) => ({ name: 'deliver' as const, data: { deliveryId }, jobId: deliveryJobId(deliveryId) })));
  }

  private async enqueueDeliverJobs(jobs: { name: DeliverJobName; data: DeliverJobData; jobId: string; delayMs?: number }[]): Promise<void> {
    if (jobs.length === 0) return;
    const attempts = this.deps.current().config.retryScheduleMs.length + 1;
    // The job id makes this idempotent: a delivery already queued (or waiting for its retry) is left as it is.
    await this.deliverQueue.addBulk(
      jobs.map(({ name, data, jobId, delayMs }) => ({
        name,
        data,
        opts: { jobId, attempts: Math.max(1, attempts - attemptsBefore(data)), backoff: { type: 'custom' }, removeOnComplete: true, removeOnFail: 1000, ...(delayMs ? { delay: delayMs } : {}) },
      })),
    );
  }

  /**
   * A new delivery's first attempt, inline. A retry it needs, or a rate limit's wait, becomes a delayed job, so
   * from then on it goes the way every queued delivery goes.
   */
  private async attemptInline(deliveryId: string): Promise<void> {
    const { config, deliver: deps } = this.deps.current();
    const outcome = await deliver(deps, deliveryId, { lastAttempt: config.retryScheduleMs.length === 0, now: this.now, gate: this.gateFor(config) });
    const retry = (delayMs: number, attemptsBefore: number) =>
      this.enqueueDeliverJobs([{ name: 'deliver', data: { deliveryId, attemptsBefore }, jobId: deliveryJobId(deliveryId), delayMs }]);
    if (outcome.status === 'deferred') await retry(outcome.waitMs, 0);
    if (outcome.status === 'failed' && !outcome.final) {
      const retryAfterSec = outcome.error instanceof NewswatchError ? outcome.error.retryAfterSec : undefined;
      await retry(deliveryRetryDelayMs(1, config.retryScheduleMs, retryAfterSec), 1);
    }
  }

  /** A notifier's rate limit, as a wait before its next send. */
  private gateFor(config: Config): (notifierId: string) => Promise<number> {
    return async (notifierId) => {
      const limit = config.notifierPolicies[notifierId]?.rateLimit;
      return limit ? this.rateLimiter.take(notifierId, limit) : 0;
    };
  }

  /** Closes every digest period that has ended: its held alerts become one digest delivery. */
  async collectDigests(): Promise<void> {
    const { config, checkFeed: deps } = this.deps.current();
    for (const [notifierId, policy] of Object.entries(config.notifierPolicies)) {
      if (!policy.digest) continue;
      const id = await deps.store.createDigest(notifierId, lastDigestPeriod(policy.digest, this.now()), this.now());
      if (id) this.deps.logger.info({ notifierId, digestId: id }, 'digest collected');
    }
    const pending = await deps.store.pendingDigestIds(RECONCILE_BATCH);
    await this.enqueueDeliverJobs(pending.map((digestId) => ({ name: 'deliver-digest' as const, data: { digestId }, jobId: digestJobId(digestId) })));
  }

  /**
   * Re-enqueues every pending delivery not leased to its creator, e.g. after Redis lost data, or once the lease of a
   * process that died before its inline attempt has run out.
   * With `retryNow`, deliveries waiting for a delayed retry are retried at once (`run --once` is its own schedule).
   */
  async reconcile(options: { retryNow?: boolean } = {}): Promise<void> {
    const pending = await this.deps.current().checkFeed.store.pendingDeliveryIds(RECONCILE_BATCH, this.now());
    await this.enqueueDeliveries(pending);
    if (options.retryNow) {
      for (const id of pending) {
        const job = await this.deliverQueue.getJob(deliveryJobId(id));
        if (job && (await job.isDelayed())) await job.promote();
      }
    }
    if (pending.length > 0) this.deps.logger.debug({ pending: pending.length }, 'pending deliveries re-enqueued');
  }

  private async processFetchJob(job: Job<FetchJobData, unknown, FetchJobName>): Promise<unknown> {
    const { config, checkFeed: deps } = this.deps.current();
    if (job.name === 'tick') {
      const configured = new Set(config.feeds.map((f) => f.id));
      const due = await deps.store.dueFeedIds(this.now(), 10_000);
      await this.enqueueFeeds(due.filter((id) => configured.has(id)));
      await this.reconcile();
      await this.collectDigests();
      return { due: due.length };
    }
    const feedIds = job.name === 'fetch-feeds' ? (job.data as { feedIds: string[] }).feedIds : [(job.data as { feedId: string }).feedId];
    return this.checkFeeds(job, feedIds);
  }

  /**
   * Checks feeds one after another. Their states are read in one query and the 304s' updates committed in one
   * transaction at the end. A check that throws (a store failure) does not stop the others: the job then keeps
   * only the feeds that threw and fails, so its retry checks just those.
   */
  private async checkFeeds(job: Job<FetchJobData, unknown, FetchJobName>, feedIds: readonly string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    const threw: string[] = [];
    let firstError: Error | undefined;
    const { store } = this.deps.current().checkFeed;
    const states = await store.feedCheckStates(feedIds);
    const notModifiedWrites = new NotModifiedWrites();
    for (const feedId of feedIds) {
      // Read per feed: a config reload applies to the rest of a long job.
      const { config, checkFeed: deps } = this.deps.current();
      const { byId, soleHost } = this.feedsOf(config);
      const feed = byId.get(feedId);
      if (!feed || !feed.enabled) {
        counts.skipped = (counts.skipped ?? 0) + 1;
        continue;
      }
      try {
        const state = states.get(feedId);
        const checkDeps = { ...deps, hostLimiter: this.hostLimiter, soleHostFeeds: soleHost, deliveryLeaseMs: DELIVERY_LEASE_MS };
        const result: CheckFeedResult = await checkFeed(checkDeps, feed, this.now(), { ...(state ? { state } : {}), notModifiedWrites });
        // Sent from here, not through a job each (inline-deliveries.ts); the store leased them to this process.
        if (result.status === 'ok') this.inline.add(result.deliveryIds);
        counts[result.status] = (counts[result.status] ?? 0) + 1;
      } catch (err) {
        firstError ??= toError(err);
        threw.push(feedId);
        this.deps.logger.warn({ feedId, err: toError(err).message }, 'feed check threw; its job will retry it');
      }
    }
    // Unflushed 304s only leave their feeds due: the retry (or the next tick) checks them again.
    await notModifiedWrites.flush(store);
    if (firstError === undefined) return counts;
    if (job.name === 'fetch-feeds' && threw.length < feedIds.length) {
      // If Redis is what failed, this fails too and the retry checks every feed again: harmless, only slower.
      await job.updateData({ feedIds: threw }).catch(() => {});
    }
    throw firstError;
  }

  private readonly feedsByConfig = new WeakMap<Config, { byId: Map<string, FeedConfig>; soleHost: Set<string> }>();

  /** The config's feeds by id, and those alone on their host; built once per (frozen) config. */
  private feedsOf(config: Config): { byId: Map<string, FeedConfig>; soleHost: Set<string> } {
    let feeds = this.feedsByConfig.get(config);
    if (feeds === undefined) {
      feeds = { byId: new Map(config.feeds.map((f) => [f.id, f])), soleHost: soleHostFeedIds(config.feeds) };
      this.feedsByConfig.set(config, feeds);
    }
    return feeds;
  }

  private async processDeliverJob(job: Job<DeliverJobData, unknown, DeliverJobName>, token?: string): Promise<unknown> {
    const { config, deliver: deps } = this.deps.current();
    const options = {
      lastAttempt: attemptsBefore(job.data) + job.attemptsMade + 1 >= config.retryScheduleMs.length + 1,
      now: this.now,
      gate: this.gateFor(config),
    };
    const outcome: DeliverOutcome =
      job.name === 'deliver-digest'
        ? await deliverDigest(deps, (job.data as { digestId: string }).digestId, { ...options, topicOrder: config.topics.map((t) => t.id) })
        : await deliver(deps, (job.data as { deliveryId: string }).deliveryId, options);
    if (outcome.status === 'deferred') {
      // Over the notifier's rate limit: wait without spending an attempt; the alert is delayed, never dropped.
      await job.moveToDelayed(Date.now() + outcome.waitMs, token);
      throw new DelayedError();
    }
    // Throwing asks BullMQ for a retry with backoff; final failures are recorded in the store and end the job.
    if (outcome.status === 'failed' && !outcome.final) throw outcome.error;
    return outcome.status === 'failed' ? { status: 'failed', error: outcome.error.message } : outcome;
  }

  /** Stops taking jobs and waits for running ones up to a grace period, then closes every connection. */
  async close(graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
    clearInterval(this.watchdog);
    const startedAt = Date.now();
    const graceful = Promise.all(this.workers.map((w) => w.close()));
    const timedOut = await Promise.race([graceful.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref())]);
    if (timedOut) {
      this.deps.logger.warn({ graceMs }, 'jobs still running after the grace period; forcing shutdown (they will be recovered as stalled)');
      await Promise.all(this.workers.map((w) => w.close(true)));
    }
    // After the fetch worker, which adds to it. Unfinished attempts keep their lease: the reconcile takes them later.
    if (!(await this.inline.close(Math.max(0, graceMs - (Date.now() - startedAt))))) {
      this.deps.logger.warn('inline deliveries still running after the grace period; the reconcile will take them over once their lease ends');
    }
    await Promise.all([this.fetchQueue.close(), this.deliverQueue.close()]);
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
