import type { Logger } from 'pino';
import { NewswatchError, toError } from '../errors.js';
import type { Notifier } from '../notify/index.js';
import type { DeliveryView, Store } from '../store/index.js';
import type { Alert } from '../types.js';

export interface DeliverDeps {
  store: Store;
  notifiers: ReadonlyMap<string, Notifier>;
  logger: Logger;
}

export type DeliverOutcome =
  | { status: 'delivered' }
  | { status: 'skipped'; reason: string }
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

/**
 * One attempt at one stored delivery. Safe to run twice (at-least-once jobs): a delivery that is no longer pending
 * is skipped. `lastAttempt` turns a retryable failure into a final one.
 */
export async function deliver(deps: DeliverDeps, deliveryId: string, lastAttempt: boolean, now: () => Date, signal?: AbortSignal): Promise<DeliverOutcome> {
  const delivery = await deps.store.getDelivery(deliveryId);
  if (!delivery) return { status: 'skipped', reason: 'unknown delivery' };
  if (delivery.status !== 'pending') return { status: 'skipped', reason: `already ${delivery.status}` };
  const log = deps.logger.child({ deliveryId, notifierId: delivery.notifierId, topicId: delivery.match.topicId });

  const notifier = deps.notifiers.get(delivery.notifierId);
  if (!notifier) {
    const error = new NewswatchError('NOTIFY_FAILED', `notifier "${delivery.notifierId}" is no longer configured`);
    await deps.store.recordDeliveryFailure(deliveryId, error.message, true, now());
    log.error('delivery failed: notifier missing');
    return { status: 'failed', error, final: true };
  }
  try {
    await notifier.send(alertOf(delivery), { logger: log, ...(signal ? { signal } : {}) });
  } catch (thrown) {
    const error = toError(thrown);
    const final = lastAttempt || (error instanceof NewswatchError && !error.retryable);
    await deps.store.recordDeliveryFailure(deliveryId, error.message, final, now());
    log.warn({ err: error.message, attempt: delivery.attempts + 1, final }, final ? 'delivery failed for good' : 'delivery failed, will retry');
    return { status: 'failed', error, final };
  }
  await deps.store.markDelivered(deliveryId, now());
  log.info({ target: notifier.describe(), attempt: delivery.attempts + 1 }, 'alert delivered');
  return { status: 'delivered' };
}
