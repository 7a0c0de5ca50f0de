/**
 * The politeness floor on a feed's polling interval, from what the publisher says about freshness.
 *
 * Which wins: the LONGEST of the hints given — Cache-Control max-age (the HTTP response), RSS <ttl> and
 * sy:updatePeriod ÷ sy:updateFrequency (the feed) — because each one is the publisher saying "not sooner than
 * this", and the floor is capped at 24 h so a `<ttl>` of a week or `sy:updatePeriod` yearly cannot silence a
 * feed. With no hint the floor is 0 (the configured interval stands). The caller polls at
 * max(configured interval, floor) and keeps its own backoff and jitter on top.
 */

export const MAX_MIN_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Freshness hints of one feed; null or absent when the feed or response gave none. */
export interface FreshnessHints {
  maxAgeSec?: number | null;
  ttlMinutes?: number | null;
  updatePeriodMinutes?: number | null;
}

/** Milliseconds the feed should not be polled sooner than: the longest hint, capped at 24 h; 0 without hints. */
export function minIntervalMs(hints: FreshnessHints): number {
  const candidates = [
    hints.maxAgeSec == null ? 0 : hints.maxAgeSec * 1000,
    hints.ttlMinutes == null ? 0 : hints.ttlMinutes * 60_000,
    hints.updatePeriodMinutes == null ? 0 : hints.updatePeriodMinutes * 60_000,
  ].filter((ms) => Number.isFinite(ms) && ms > 0);
  return Math.min(Math.max(0, ...candidates), MAX_MIN_INTERVAL_MS);
}
