/**
 * One conditional GET of a feed, with the limits a daemon fetching untrusted URLs needs.
 *
 * Rules this module owns:
 * - Redirects (301/302/303/307/308) are followed by hand, at most 5, so each hop passes the SSRF connector again.
 *   Only http and https are followed, and an https → http downgrade is refused (the feed could then be altered in
 *   transit); both, and "too many redirects", are FETCH_FAILED and not retryable.
 * - The total deadline (`network.timeoutMs`) covers connect, headers and body; the caller's signal can shorten it.
 * - `network.maxBytes` caps the DECODED body (a gzip bomb is stopped while inflating). FETCH_TOO_LARGE is not
 *   retryable: the same feed will be just as large next time.
 * - Status: 304 → not-modified; 2xx → ok; 408, 429 and 5xx are retryable HTTP_STATUS (429/503 carry Retry-After,
 *   capped at 24 h); 410 is a non-retryable HTTP_STATUS whose message says the feed is gone; every other status
 *   is a non-retryable HTTP_STATUS.
 * - `maxAgeSec` reports Cache-Control max-age (cache-control.ts) for the caller's interval floor (min-interval.ts).
 * - With a `hostLimiter`, every hop waits for a slot on its host and holds it until its body is read. The wait for
 *   the first slot comes before the total deadline starts (bound it with `signal`); later hops wait within it.
 *   With `soleHost`, the first hop takes no slot (see sole-host-feeds.ts); redirect hops still do.
 * - Messages name the URL without credentials or query string (which may hold a feed token).
 */
import { request } from 'undici';
import type { Dispatcher } from 'undici';
import type { NetworkConfig } from '../config/types.js';
import { NewswatchError } from '../errors.js';
import { sharedHttpClient } from './http-client.js';
import type { HttpClient } from './http-client.js';
import { maxAgeFromCacheControl } from './cache-control.js';
import type { HostLimiter } from './host-limiter.js';
import { readBody } from './read-body.js';
import { parseRetryAfter } from './retry-after.js';

/** The HTTP validators of a feed response, sent back verbatim on the next conditional request. */
export interface FetchValidators {
  etag: string | null;
  lastModified: string | null;
}

export type FetchResult =
  | { status: 'not-modified'; httpStatus: 304; validators: FetchValidators; finalUrl: string; maxAgeSec: number | null }
  | {
      status: 'ok';
      httpStatus: number;
      body: Buffer;
      contentType: string | null;
      validators: FetchValidators;
      finalUrl: string;
      /** Cache-Control max-age in seconds (capped at 24 h), null when absent or with no-cache / no-store. */
      maxAgeSec: number | null;
    };

export interface FetchOptions {
  network: NetworkConfig;
  validators?: FetchValidators;
  signal?: AbortSignal;
  /** Client to send through; defaults to one shared per NetworkConfig object. */
  client?: HttpClient;
  /** Per-host concurrency and spacing (across processes); none by default. */
  hostLimiter?: HostLimiter;
  /** The feed is the only one on its host, so its first request needs no slot (sole-host-feeds.ts). */
  soleHost?: boolean;
}

export const MAX_REDIRECTS = 5;

export const ACCEPT_FEEDS =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * GET a feed with a conditional request; throws NewswatchError on any failure.
 * @throws NewswatchError FETCH_FAILED, FETCH_TIMEOUT, FETCH_TOO_LARGE, HTTP_STATUS or SSRF_BLOCKED.
 */
export async function fetchFeed(url: string, opts: FetchOptions): Promise<FetchResult> {
  const { network } = opts;
  const client = opts.client ?? sharedHttpClient(network);
  let current = parseHttpUrl(url, null);
  // Waiting for a slot on the first host is politeness, not slowness: it runs before the deadline starts.
  let slot = opts.hostLimiter && !opts.soleHost ? await opts.hostLimiter.acquire(current.host, opts.signal) : null;
  const deadline = AbortSignal.timeout(network.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([deadline, opts.signal]) : deadline;

  const headers: Record<string, string> = {
    'user-agent': network.userAgent,
    accept: ACCEPT_FEEDS,
    'accept-encoding': 'gzip, deflate, br',
  };
  if (opts.validators?.etag) headers['if-none-match'] = opts.validators.etag;
  if (opts.validators?.lastModified) headers['if-modified-since'] = opts.validators.lastModified;
  const authorization = basicAuthorization(current);
  const firstOrigin = current.origin;

  try {
    for (let hop = 0; ; hop++) {
      const hopHeaders = { ...headers };
      // Credentials from the configured URL go to its own origin only, never to where it redirects.
      if (authorization !== null && current.origin === firstOrigin) hopHeaders.authorization = authorization;
      const target = new URL(current);
      target.username = '';
      target.password = '';
      target.hash = '';

      slot ??= opts.hostLimiter && (hop > 0 || !opts.soleHost) ? await opts.hostLimiter.acquire(target.host, signal) : null;
      const release = slot;
      slot = null;
      const dispatcher = hop === 0 && opts.soleHost ? (client.soleHostDispatcher ?? client.dispatcher) : client.dispatcher;
      const answer = await requestOnce(target, hopHeaders, dispatcher).finally(() => release?.());
      if (answer.redirectTo === undefined) return answer.result;
      if (hop >= MAX_REDIRECTS) {
        throw new NewswatchError('FETCH_FAILED', `too many redirects (more than ${MAX_REDIRECTS}) from ${safeUrl(url)}`);
      }
      current = parseHttpUrl(answer.redirectTo, current);
    }
  } catch (err) {
    throw toFetchError(err, deadline, opts.signal, network.timeoutMs, current);
  }

  /** One request: its result, or where it redirects to. */
  async function requestOnce(
    target: URL,
    hopHeaders: Record<string, string>,
    dispatcher: Dispatcher,
  ): Promise<{ redirectTo: string; result?: never } | { redirectTo?: undefined; result: FetchResult }> {
    const res = await request(target, {
      dispatcher,
      method: 'GET',
      headers: hopHeaders,
      signal,
    });
    const status = res.statusCode;
    const location = headerValue(res.headers, 'location');

    if (REDIRECT_STATUSES.has(status) && location !== null) {
      discard(res.body);
      return { redirectTo: location };
    }

    const finalUrl = stripCredentials(current);
    const maxAgeSec = maxAgeFromCacheControl(headerValue(res.headers, 'cache-control'));
    if (status === 304) {
      discard(res.body);
      return {
        result: {
          status: 'not-modified',
          httpStatus: 304,
          validators: {
            etag: headerValue(res.headers, 'etag') ?? opts.validators?.etag ?? null,
            lastModified: headerValue(res.headers, 'last-modified') ?? opts.validators?.lastModified ?? null,
          },
          finalUrl,
          maxAgeSec,
        },
      };
    }
    if (status >= 200 && status < 300) {
      const length = headerValue(res.headers, 'content-length');
      const body = await readBody(
        res.body,
        headerValue(res.headers, 'content-encoding'),
        length !== null && /^\d+$/.test(length) ? Number(length) : null,
        network.maxBytes,
        safeUrl(current.href),
      );
      return {
        result: {
          status: 'ok',
          httpStatus: status,
          body,
          contentType: headerValue(res.headers, 'content-type'),
          validators: {
            etag: headerValue(res.headers, 'etag'),
            lastModified: headerValue(res.headers, 'last-modified'),
          },
          finalUrl,
          maxAgeSec,
        },
      };
    }
    discard(res.body);
    throw statusError(status, headerValue(res.headers, 'retry-after'), current);
  }
}

function statusError(status: number, retryAfter: string | null, url: URL): NewswatchError {
  const message = `HTTP ${status} from ${safeUrl(url.href)}`;
  if (status === 429 || status === 503) {
    return new NewswatchError('HTTP_STATUS', message, {
      retryable: true,
      retryAfterSec: parseRetryAfter(retryAfter, Date.now()),
      httpStatus: status,
    });
  }
  if (status === 410) {
    const gone = `HTTP 410 Gone from ${safeUrl(url.href)}: the feed was removed for good`;
    return new NewswatchError('HTTP_STATUS', gone, { retryable: false, httpStatus: status });
  }
  return new NewswatchError('HTTP_STATUS', message, { retryable: status === 408 || status >= 500, httpStatus: status });
}

function toFetchError(
  err: unknown,
  deadline: AbortSignal,
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
  url: URL,
): NewswatchError {
  const own = findNewswatchError(err);
  if (own) return own;
  const where = safeUrl(url.href);
  if (deadline.aborted || (callerSignal?.aborted && isTimeoutReason(callerSignal.reason))) {
    return new NewswatchError('FETCH_TIMEOUT', `timed out after ${timeoutMs} ms fetching ${where}`, {
      retryable: true,
      cause: err,
    });
  }
  if (callerSignal?.aborted) {
    return new NewswatchError('FETCH_FAILED', `fetch of ${where} was cancelled`, { retryable: true, cause: err });
  }
  const code = errorCode(err);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new NewswatchError('FETCH_TIMEOUT', `connect timed out fetching ${where}`, { retryable: true, cause: err });
  }
  const reason = code ?? (err instanceof Error ? err.message : String(err)).split('\n')[0];
  return new NewswatchError('FETCH_FAILED', `could not fetch ${where}: ${reason}`, { retryable: true, cause: err });
}

/** The NewswatchError thrown by us or by the connector, possibly wrapped by undici as a cause. */
function findNewswatchError(err: unknown): NewswatchError | null {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof NewswatchError) return e;
  }
  return null;
}

function isTimeoutReason(reason: unknown): boolean {
  return reason instanceof Error && reason.name === 'TimeoutError';
}

function errorCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function parseHttpUrl(raw: string, base: URL | null): URL {
  let url: URL;
  try {
    url = base === null ? new URL(raw) : new URL(raw, base);
  } catch (err) {
    const what = base === null ? 'invalid feed URL' : `invalid redirect from ${safeUrl(base.href)}`;
    throw new NewswatchError('FETCH_FAILED', what, { cause: err });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const what = base === null ? 'feed URL' : `redirect from ${safeUrl(base.href)}`;
    throw new NewswatchError('FETCH_FAILED', `${what} is not http or https (${url.protocol})`);
  }
  if (base !== null && base.protocol === 'https:' && url.protocol === 'http:') {
    throw new NewswatchError('FETCH_FAILED', `redirect from ${safeUrl(base.href)} to plain http refused`);
  }
  return url;
}

function basicAuthorization(url: URL): string | null {
  if (url.username === '' && url.password === '') return null;
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}

function stripCredentials(url: URL): string {
  const copy = new URL(url);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

/** Origin and path only: no credentials, no query string. */
export function safeUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function headerValue(headers: Dispatcher.ResponseData['headers'], name: string): string | null {
  const value = headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

function discard(body: Dispatcher.ResponseData['body']): void {
  body.dump().catch(() => {});
}
