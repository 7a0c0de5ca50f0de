import type { Logger } from 'pino';
import { NewswatchError, toError } from '../errors.js';
import type { Notifier, SendContext } from '../notify/index.js';
import type { DeliveryView, DigestView, Store } from '../store/index.js';
import type { Alert, DigestAlert } from '../types.js';

export interface DeliverDeps {
  store: Store;
  notifiers: ReadonlyMap<string, Notifier>;
  logger: Logger;
}

export type DeliverOutcome =
  | { status: 'delivered' }
  | { status: 'skipped'; reason: string }
  | { status: 'deferred'; waitMs: number }
  | { status: 'failed'; error: NewswatchError | Error; final: boolean };

/**
 * The alert a delivery carries, built when it is sent so a story alert lists every source known by then. Its id is
 * the delivery id, so a retried delivery keeps its webhook-id and Message-ID.
 */
export function alertOf(delivery: DeliveryView): Alert {
  const { match, story } = delivery;
  const matchArticle = {
    url: match.article.url,
    title: match.article.title,
    source: match.article.source,
    published: match.article.published?.toISOString() ?? null,
    snippet: match.snippet,
  };
  // A per-article alert, or a story that is only this article, carries just the match.
  const articles =
    story && story.articles.length > 1
      ? story.articles.map((a) => ({ url: a.url, title: a.title, source: a.source, published: a.published?.toISOString() ?? null, snippet: a.snippet }))
      : [matchArticle];
  return {
    id: delivery.id,
    topic: { id: match.topicId, name: match.topicName },
    story: story
      ? { id: story.id, firstSeen: story.firstSeen.toISOString(), articleCount: story.articleCount, sources: story.sources }
      : { id: match.matchId, firstSeen: match.createdAt.toISOString(), articleCount: 1, sources: [match.article.source] },
    update: delivery.isUpdate,
    threadId: delivery.threadId,
    entities: story && !delivery.isUpdate ? story.entities : match.entities,
    articles,
    matchedTerms: match.matchedTerms,
    createdAt: delivery.createdAt.toISOString(),
  };
}

/** Waits imposed before a send, e.g. a notifier's rate limit: how long to wait, 0 to go now. */
export type SendGate = (notifierId: string) => Promise<number>;

/**
 * One attempt at one stored delivery. Safe to run twice (at-least-once jobs): a delivery that is no longer pending
 * is skipped. `lastAttempt` turns a retryable failure into a final one. A 410 Gone disables the notifier: its
 * later deliveries fail at once, loudly, until `newswatch notify test` succeeds again.
 */
export async function deliver(
  deps: DeliverDeps,
  deliveryId: string,
  options: { lastAttempt: boolean; now: () => Date; gate?: SendGate; signal?: AbortSignal },
): Promise<DeliverOutcome> {
  const startedAt = performance.now();
  const delivery = await deps.store.getDelivery(deliveryId);
  if (!delivery) return { status: 'skipped', reason: 'unknown delivery' };
  if (delivery.status !== 'pending') return { status: 'skipped', reason: `already ${delivery.status}` };
  const log = deps.logger.child({ deliveryId, notifierId: delivery.notifierId, topicId: delivery.match.topicId });
  return attempt(deps, { notifierId: delivery.notifierId, attempts: delivery.attempts, log, startedAt, ...options }, {
    send: (notifier, ctx) => notifier.send(alertOf(delivery), ctx),
    failed: (error, final, at) => deps.store.recordDeliveryFailure(deliveryId, error, final, at),
    delivered: (at) => deps.store.markDelivered(deliveryId, at),
  });
}

/** One attempt at one stored digest: the held alerts of a period, sent as one message. */
export async function deliverDigest(
  deps: DeliverDeps,
  digestId: string,
  options: { lastAttempt: boolean; now: () => Date; gate?: SendGate; signal?: AbortSignal; topicOrder: readonly string[] },
): Promise<DeliverOutcome> {
  const startedAt = performance.now();
  const digest = await deps.store.getDigest(digestId);
  if (!digest) return { status: 'skipped', reason: 'unknown digest' };
  if (digest.status !== 'pending') return { status: 'skipped', reason: `already ${digest.status}` };
  const log = deps.logger.child({ digestId, notifierId: digest.notifierId });
  return attempt(deps, { notifierId: digest.notifierId, attempts: digest.attempts, log, startedAt, ...options }, {
    send: (notifier, ctx) => notifier.sendDigest(digestAlertOf(digest, options.topicOrder), ctx),
    failed: (error, final, at) => deps.store.recordDigestFailure(digestId, error, final, at),
    delivered: (at) => deps.store.markDigestDelivered(digestId, at),
  });
}

interface AttemptContext {
  notifierId: string;
  attempts: number;
  /** `performance.now()` when the attempt began loading its delivery (for `deliverMs` in the log). */
  startedAt: number;
  log: Logger;
  lastAttempt: boolean;
  now: () => Date;
  gate?: SendGate;
  signal?: AbortSignal;
}

interface AttemptActions {
  send(notifier: Notifier, ctx: SendContext): Promise<void>;
  failed(error: string, final: boolean, at: Date): Promise<void>;
  delivered(at: Date): Promise<void>;
}

async function attempt(deps: DeliverDeps, ctx: AttemptContext, actions: AttemptActions): Promise<DeliverOutcome> {
  const { log } = ctx;
  const fail = async (error: NewswatchError | Error, final: boolean): Promise<DeliverOutcome> => {
    await actions.failed(error.message, final, ctx.now());
    return { status: 'failed', error, final };
  };
  const notifier = deps.notifiers.get(ctx.notifierId);
  if (!notifier) {
    log.error('delivery failed: notifier missing');
    return fail(new NewswatchError('NOTIFY_FAILED', `notifier "${ctx.notifierId}" is no longer configured`), true);
  }
  const disabled = await deps.store.notifierDisabled(ctx.notifierId);
  if (disabled) {
    log.error({ since: disabled.at, reason: disabled.reason }, 'notifier is disabled; run `newswatch notify test` to re-enable it');
    return fail(new NewswatchError('NOTIFY_FAILED', `notifier "${ctx.notifierId}" is disabled: ${disabled.reason}`), true);
  }
  const waitMs = ctx.gate ? await ctx.gate(ctx.notifierId) : 0;
  if (waitMs > 0) return { status: 'deferred', waitMs };
  try {
    await actions.send(notifier, { logger: log, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  } catch (thrown) {
    const error = toError(thrown);
    if (error instanceof NewswatchError && error.httpStatus === 410) {
      await deps.store.disableNotifier(ctx.notifierId, error.message, ctx.now());
      log.error({ err: error.message }, 'NOTIFIER DISABLED: its endpoint answered 410 Gone; fix the config, then run `newswatch notify test`');
      return fail(error, true);
    }
    const final = ctx.lastAttempt || (error instanceof NewswatchError && !error.retryable);
    log.warn({ err: error.message, attempt: ctx.attempts + 1, final }, final ? 'delivery failed for good' : 'delivery failed, will retry');
    return fail(error, final);
  }
  await actions.delivered(ctx.now());
  log.info({ target: notifier.describe(), attempt: ctx.attempts + 1, deliverMs: Math.round((performance.now() - ctx.startedAt) * 10) / 10 }, 'alert delivered');
  return { status: 'delivered' };
}

/** A digest as notifiers receive it: grouped by topic in config order, new entities first within a topic. */
export function digestAlertOf(digest: DigestView, topicOrder: readonly string[]): DigestAlert {
  const byTopic = new Map<string, { topic: { id: string; name: string }; alerts: Alert[] }>();
  for (const delivery of digest.deliveries) {
    const alert = alertOf(delivery);
    const group = byTopic.get(alert.topic.id) ?? { topic: alert.topic, alerts: [] };
    group.alerts.push(alert);
    byTopic.set(alert.topic.id, group);
  }
  const rank = (id: string) => {
    const i = topicOrder.indexOf(id);
    return i === -1 ? topicOrder.length : i;
  };
  const hasNew = (a: Alert) => (a.entities.some((e) => e.new && e.primary) ? 0 : 1);
  const topics = [...byTopic.values()].sort((a, b) => rank(a.topic.id) - rank(b.topic.id));
  for (const group of topics) group.alerts.sort((a, b) => hasNew(a) - hasNew(b) || a.story.firstSeen.localeCompare(b.story.firstSeen));
  return { id: digest.id, periodStart: digest.periodStart.toISOString(), periodEnd: digest.periodEnd.toISOString(), topics, createdAt: digest.createdAt.toISOString() };
}
