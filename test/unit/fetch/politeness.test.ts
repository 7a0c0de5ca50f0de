import { describe, expect, it } from 'vitest';
import { NewswatchError } from '../../../src/errors.js';
import { gdeltDocUrl, googleNewsSearchUrl, maxAgeFromCacheControl, minIntervalMs } from '../../../src/fetch/index.js';

const HOUR_MS = 3_600_000;

describe('maxAgeFromCacheControl', () => {
  it.each([
    [null, null],
    ['', null],
    ['max-age=300', 300],
    ['public, max-age=600, must-revalidate', 600],
    ['max-age="120"', 120],
    ['public, s-maxage=900, max-age=60', 900],
    ['max-age=600, no-cache', null],
    ['no-store, max-age=600', null],
    ['max-age=abc', null],
    ['max-age=31536000', 86_400],
    ['private', null],
  ])('reads %j as %j', (header, expected) => {
    expect(maxAgeFromCacheControl(header)).toBe(expected);
  });
});

describe('minIntervalMs', () => {
  it.each([
    [{}, 0],
    [{ maxAgeSec: null, ttlMinutes: null, updatePeriodMinutes: null }, 0],
    [{ maxAgeSec: 300 }, 300_000],
    [{ ttlMinutes: 60 }, HOUR_MS],
    [{ updatePeriodMinutes: 720 }, 12 * HOUR_MS],
    [{ maxAgeSec: 300, ttlMinutes: 60, updatePeriodMinutes: 30 }, HOUR_MS],
    [{ ttlMinutes: 7 * 24 * 60 }, 24 * HOUR_MS],
    [{ maxAgeSec: -5, ttlMinutes: Number.NaN }, 0],
  ])('gives the longest hint, capped at 24 h: %j → %i ms', (hints, expected) => {
    expect(minIntervalMs(hints)).toBe(expected);
  });
});

describe('search feed URLs', () => {
  it('builds a Google News search URL', () => {
    expect(googleNewsSearchUrl({ query: '"Abraham Accords" when:7d', lang: 'en-US', region: 'us' })).toBe(
      'https://news.google.com/rss/search?q=%22Abraham%20Accords%22%20when%3A7d&hl=en-US&gl=US&ceid=US%3Aen',
    );
    expect(googleNewsSearchUrl({ query: 'ferry', lang: 'fr', region: 'FR' })).toBe(
      'https://news.google.com/rss/search?q=ferry&hl=fr&gl=FR&ceid=FR%3Afr',
    );
  });

  it('builds a GDELT DOC 2.0 article-list RSS URL', () => {
    expect(gdeltDocUrl({ query: '(ferry OR harbour) sourcecountry:UK', timespan: '7d' })).toBe(
      'https://api.gdeltproject.org/api/v2/doc/doc?query=(ferry%20OR%20harbour)%20sourcecountry%3AUK&mode=artlist&format=rss&timespan=7d&sort=datedesc',
    );
    expect(gdeltDocUrl({ query: 'ferry' })).toContain('&timespan=24h&');
  });

  it.each([
    () => googleNewsSearchUrl({ query: ' ', lang: 'en', region: 'US' }),
    () => googleNewsSearchUrl({ query: 'x', lang: 'English', region: 'US' }),
    () => googleNewsSearchUrl({ query: 'x', lang: 'en', region: 'USA' }),
    () => gdeltDocUrl({ query: '' }),
    () => gdeltDocUrl({ query: 'x', timespan: 'forever' }),
  ])('rejects bad input with CONFIG_INVALID (%#)', (build) => {
    expect(build).toThrow(NewswatchError);
    try {
      build();
    } catch (err) {
      expect((err as NewswatchError).code).toBe('CONFIG_INVALID');
    }
  });
});
