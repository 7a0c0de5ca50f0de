/** HTTP for feeds: conditional GET, redirects, limits, timeouts and the SSRF guard. */
export { fetchFeed, MAX_REDIRECTS } from './fetch-feed.js';
export type { FetchOptions, FetchResult, FetchValidators } from './fetch-feed.js';
export { createHttpClient, CONNECT_TIMEOUT_MS } from './http-client.js';
export type { HttpClient, HttpClientOptions, ResolveHost } from './http-client.js';
export { createAddressPolicy } from './address-policy.js';
export type { AddressPolicy } from './address-policy.js';
export { parseRetryAfter, MAX_RETRY_AFTER_SEC } from './retry-after.js';
