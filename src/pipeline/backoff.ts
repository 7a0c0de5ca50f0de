const MAX_FEED_BACKOFF_MS = 24 * 3600_000;

/**
 * When to poll a healthy feed again: its interval, raised to what the publisher asked for (Cache-Control max-age,
 * RSS ttl, sy:updatePeriod; capped upstream at 24 h), plus up to 5 % jitter so feeds configured together spread out.
 */
export function nextCheckAfterSuccess(now: Date, everyMs: number, publisherFloorMs: number, random = Math.random): Date {
  const interval = Math.max(everyMs, publisherFloorMs);
  return new Date(now.getTime() + interval + Math.round(interval * 0.05 * random()));
}

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

/**
 * Delay before the next delivery attempt after `attemptsMade` attempts, from the configured schedule (default like
 * Svix: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), with ±20 % jitter. A receiver's Retry-After is a floor, capped
 * at 24 h so a hostile header cannot park an alert for ever.
 */
export function deliveryRetryDelayMs(attemptsMade: number, scheduleMs: readonly number[], retryAfterSec?: number, random = Math.random): number {
  const base = scheduleMs[Math.min(Math.max(attemptsMade, 1), scheduleMs.length) - 1] ?? 5_000;
  const jittered = Math.round(base * (0.8 + 0.2 * 2 * random()));
  return Math.max(jittered, Math.min(retryAfterSec ?? 0, 24 * 3600) * 1000);
}
