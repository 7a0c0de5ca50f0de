const MAX_FEED_BACKOFF_MS = 24 * 3600_000;

/**
 * When to try a failing feed again: the normal interval doubled per consecutive failure (capped at 24 h), with
 * ±10 % jitter so feeds that failed together do not retry together. A server's Retry-After is a floor.
 */
export function nextCheckAfterFailure(now: Date, everyMs: number, failures: number, retryAfterSec?: number, random = Math.random): Date {
  const base = Math.min(everyMs * 2 ** Math.min(failures - 1, 20), MAX_FEED_BACKOFF_MS);
  const jittered = base * (0.9 + 0.2 * random());
  const floor = retryAfterSec ? Math.min(retryAfterSec * 1000, MAX_FEED_BACKOFF_MS) : 0;
  return new Date(now.getTime() + Math.max(jittered, floor));
}

/** Delivery retry schedule after attempt N fails (Svix-like): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const DELIVERY_RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000] as const;
export const DELIVERY_MAX_ATTEMPTS = DELIVERY_RETRY_DELAYS_MS.length + 1;

/** Delay before the next delivery attempt, with ±20 % jitter; a Retry-After from the receiver is a floor. */
export function deliveryRetryDelayMs(attemptsMade: number, retryAfterSec?: number, random = Math.random): number {
  const base = DELIVERY_RETRY_DELAYS_MS[Math.min(attemptsMade, DELIVERY_RETRY_DELAYS_MS.length) - 1] ?? DELIVERY_RETRY_DELAYS_MS[0];
  const jittered = Math.round(base * (0.8 + 0.4 * random()));
  return Math.max(jittered, (retryAfterSec ?? 0) * 1000);
}
