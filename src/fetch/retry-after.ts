/** Longest wait we accept from a server: a Retry-After of a week must not park a feed for a week. */
export const MAX_RETRY_AFTER_SEC = 24 * 60 * 60;

/**
 * Seconds to wait according to a Retry-After header (delay-seconds or HTTP-date), capped at 24 h; undefined when
 * the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Math.min(Number(text), MAX_RETRY_AFTER_SEC);
  // Only an HTTP-date is left (weekday, month name, year); Date.parse alone would also accept "-5" or "1".
  if (!/[a-z]{3}/i.test(text) || !/\d{4}/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, Math.ceil((at - nowMs) / 1000)), MAX_RETRY_AFTER_SEC);
}
