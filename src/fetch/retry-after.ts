/** Reading Retry-After (delay-seconds or HTTP-date) from a feed server's or a notification service's reply. */

/** Longest wait we accept from a server: a Retry-After of a week must not park a feed or an alert for a week. */
export const MAX_RETRY_AFTER_SEC = 24 * 60 * 60;

/**
 * Seconds to wait according to a Retry-After header, capped at 24 h; undefined when the header is absent or
 * unreadable. Of repeated headers the first counts.
 */
export function parseRetryAfter(value: string | readonly string[] | null | undefined, now: Date | number = Date.now()): number | undefined {
  const text = (typeof value === 'string' ? value : value?.[0])?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Math.min(Number(text), MAX_RETRY_AFTER_SEC);
  // Date.parse also reads "-5" or "1.5" as dates; only the HTTP-date forms (weekday name first, a time) count.
  if (!/^[A-Za-z]{3,9},? .*\b\d{2}:\d{2}:\d{2}\b/.test(text)) return undefined;
  // HTTP dates are always GMT; asctime carries no zone and would otherwise be read as local time.
  const at = Date.parse(/\b(GMT|UTC)\b/i.test(text) ? text : `${text} GMT`);
  if (Number.isNaN(at)) return undefined;
  const nowMs = typeof now === 'number' ? now : now.getTime();
  return Math.min(Math.max(0, Math.ceil((at - nowMs) / 1000)), MAX_RETRY_AFTER_SEC);
}
