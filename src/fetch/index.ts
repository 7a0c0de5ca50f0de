/** HTTP for feeds: conditional GET, redirects, limits, timeouts and the SSRF guard. */
export { fetchFeed } from './fetch-feed.js';
export type { FetchOptions, FetchResult, FetchValidators } from './fetch-feed.js';
export { createHttpClient } from './http-client.js';
export type { HttpClient, HttpClientOptions, ResolveHost } from './http-client.js';
export { parseRetryAfter } from './retry-after.js';
