/**
 * URLs of the RSS search feeds a feed may be configured as, instead of a plain URL.
 *
 * Google News: `hl` is the language as given ("en-US" or "fr"), `gl` the region upper-cased, `ceid` is
 * `REGION:language` with the language's base subtag ("US:en"), as Google's own search links write it.
 * GDELT DOC 2.0: article list as RSS, newest first, over `timespan` (GDELT's units: min, h, d, w, m = months).
 * Values are percent-encoded (spaces as %20). Bad input throws CONFIG_INVALID, so config validation can call these.
 */
import { NewswatchError } from '../errors.js';

export interface GoogleNewsSearch {
  query: string;
  /** Interface language, e.g. "en", "en-US", "pt-BR". */
  lang: string;
  /** Two-letter region, e.g. "US". */
  region: string;
}

export interface GdeltSearch {
  query: string;
  /** How far back, e.g. "15min", "24h", "7d", "2w", "3m". Default "24h". */
  timespan?: string;
}

/**
 * The Google News RSS search URL for a query in a language and region.
 * @throws NewswatchError CONFIG_INVALID for an empty query or a malformed lang or region.
 */
export function googleNewsSearchUrl(search: GoogleNewsSearch): string {
  const query = requireQuery(search.query, 'google_news');
  const lang = search.lang.trim();
  const region = search.region.trim().toUpperCase();
  if (!/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/.test(lang)) {
    throw new NewswatchError('CONFIG_INVALID', `google_news.lang "${search.lang}" is not a language such as en or en-US`);
  }
  if (!/^[A-Z]{2}$/.test(region)) {
    throw new NewswatchError('CONFIG_INVALID', `google_news.region "${search.region}" is not a two-letter region such as US`);
  }
  const ceid = `${region}:${lang.split('-')[0]}`;
  return `https://news.google.com/rss/search?${encodeQuery({ q: query, hl: lang, gl: region, ceid })}`;
}

/**
 * The GDELT DOC 2.0 API URL listing the newest articles matching a query, as RSS.
 * @throws NewswatchError CONFIG_INVALID for an empty query or a malformed timespan.
 */
export function gdeltDocUrl(search: GdeltSearch): string {
  const query = requireQuery(search.query, 'gdelt');
  const timespan = (search.timespan ?? '24h').trim().toLowerCase();
  if (!/^\d{1,4}(?:min|h|d|w|m)$/.test(timespan)) {
    throw new NewswatchError('CONFIG_INVALID', `gdelt.timespan "${search.timespan}" is not a span such as 15min, 24h, 7d or 2w`);
  }
  const params = { query, mode: 'artlist', format: 'rss', timespan, sort: 'datedesc' };
  return `https://api.gdeltproject.org/api/v2/doc/doc?${encodeQuery(params)}`;
}

function requireQuery(raw: string, what: string): string {
  const query = raw.trim();
  if (query === '') throw new NewswatchError('CONFIG_INVALID', `${what}.query is empty`);
  return query;
}

function encodeQuery(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
}
