/**
 * How often a feed says it changes: RSS `<ttl>` and the RSS 1.0 syndication module (`sy:updatePeriod`,
 * `sy:updateFrequency`). Per the module, the frequency is how many times per period the feed updates, so the
 * interval is period ÷ frequency ("daily", 2 → 720 minutes). Unreadable or non-positive values give null.
 */
import { textOf } from './raw-feed.js';

const PERIOD_MINUTES: Readonly<Record<string, number>> = {
  hourly: 60,
  daily: 24 * 60,
  weekly: 7 * 24 * 60,
  monthly: 30 * 24 * 60,
  yearly: 365 * 24 * 60,
};

/** Minutes from an RSS <ttl>, or null. */
export function ttlMinutes(ttl: unknown): number | null {
  const text = textOf(ttl).trim();
  if (!/^\d{1,9}$/.test(text)) return null;
  const minutes = Number(text);
  return minutes > 0 ? minutes : null;
}

/** Minutes between updates according to sy:updatePeriod and sy:updateFrequency, or null. */
export function updatePeriodMinutes(period: unknown, frequency: unknown): number | null {
  const minutes = PERIOD_MINUTES[textOf(period).trim().toLowerCase()];
  if (minutes === undefined) return null;
  const freqText = textOf(frequency).trim();
  const times = freqText === '' ? 1 : /^\d{1,6}$/.test(freqText) ? Number(freqText) : NaN;
  if (!(times > 0)) return minutes;
  return Math.max(1, Math.round(minutes / times));
}
