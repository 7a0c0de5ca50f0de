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

/** The alert a delivery carries. Its id is the delivery id, so a retried delivery keeps its webhook-id/Message-ID. */
export function alertOf(delivery: DeliveryView): Alert {
  const { match } = delivery;
  return {
    id: delivery.id,
    topic: { id: match.topicId, name: match.topicName },
    story: { id: match.matchId, firstSeen: match.createdAt.toISOString(), articleCount: 1, sources: [match.article.source] },
    update: false,
    threadId: null,
    entities: [],
    articles: [
      {
        url: match.article.url,
        title: match.article.title,
        source: match.article.source,
        published: match.article.published?.toISOString() ?? null,
        snippet: match.snippet,
      },
    ],
    matchedTerms: match.matchedTerms,
    createdAt: match.createdAt.toISOString(),
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
