/** Reading Retry-After (delta-seconds or HTTP-date) from a notification service's reply. */

/** Seconds to wait from a Retry-After value (delta-seconds or HTTP-date), or undefined when absent or invalid. */
export function parseRetryAfter(value: string | string[] | undefined, now: Date = new Date()): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw);
  // Date.parse also reads "-5" or "1.5" as dates; only the HTTP-date forms (weekday name first, a time) count.
  if (!/^[A-Za-z]{3,9},? .*\b\d{2}:\d{2}:\d{2}\b/.test(raw)) return undefined;
  // HTTP dates are always GMT; asctime carries no zone and would otherwise be read as local time.
  const at = Date.parse(/\b(GMT|UTC)\b/i.test(raw) ? raw : `${raw} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
