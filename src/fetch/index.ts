/** HTTP for feeds: conditional GET, redirects, limits, timeouts, the SSRF guard and per-host politeness. */
export { fetchFeed } from './fetch-feed.js';
export type { FetchOptions, FetchResult, FetchValidators } from './fetch-feed.js';
export { createHttpClient } from './http-client.js';
export type { HttpClient, HttpClientOptions, ResolveHost } from './http-client.js';
export { parseRetryAfter } from './retry-after.js';
export { maxAgeFromCacheControl } from './cache-control.js';
export { minIntervalMs, MAX_MIN_INTERVAL_MS } from './min-interval.js';
export type { FreshnessHints } from './min-interval.js';
export { createHostLimiter } from './host-limiter.js';
export type { HostLimiter, HostLimiterOptions, ReleaseHostSlot } from './host-limiter.js';
export { soleHostFeedIds } from './sole-host-feeds.js';
export { gdeltDocUrl, googleNewsSearchUrl } from './search-feed-url.js';
export type { GdeltSearch, GoogleNewsSearch } from './search-feed-url.js';
