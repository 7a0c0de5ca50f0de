/** Longest max-age we keep: beyond a day it says nothing useful about a news feed. */
export const MAX_AGE_CAP_SEC = 24 * 60 * 60;

/**
 * Seconds from a Cache-Control `max-age` (or `s-maxage`, which a shared cache obeys first), capped at 24 h; null
 * when absent or unreadable, and when `no-cache` or `no-store` says the response must not be reused as is.
 */
export function maxAgeFromCacheControl(header: string | null | undefined): number | null {
  if (!header) return null;
  let maxAge: number | null = null;
  let sharedMaxAge: number | null = null;
  for (const part of header.split(',')) {
    const [rawName = '', rawValue] = part.split('=', 2);
    const name = rawName.trim().toLowerCase();
    if (name === 'no-cache' || name === 'no-store') return null;
    const value = rawValue?.trim().replace(/^"(.*)"$/, '$1');
    if (value === undefined || !/^\d{1,10}$/.test(value)) continue;
    if (name === 'max-age') maxAge = Number(value);
    else if (name === 's-maxage') sharedMaxAge = Number(value);
  }
  const seconds = sharedMaxAge ?? maxAge;
  return seconds === null ? null : Math.min(seconds, MAX_AGE_CAP_SEC);
}
