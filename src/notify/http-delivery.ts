/**
 * One HTTP POST per delivery attempt, shared by every notifier that talks HTTP (webhook, Slack, Discord, Telegram,
 * ntfy). Rules owned here: one total deadline covers connect, headers and body; redirects are never followed and
 * count as failures; 408, 429, 5xx and network failures can be retried (no sooner than a Retry-After the service
 * sends), other statuses cannot; 410 says the endpoint is gone; no error message carries a secret.
 */
import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import type { NewswatchError } from '../errors.js';
import { startDeadline } from './deadline.js';
import type { Deadline } from './deadline.js';
import { maskHttpUrl } from './mask.js';
import { deliveryFailed, invalidConfig } from './notifier-errors.js';
import { parseRetryAfter } from '../fetch/index.js';
import { toOneLine, truncate } from './sanitize.js';

/** Total deadline of one HTTP delivery attempt unless deps.timeoutMs says otherwise. */
export const HTTP_TIMEOUT_MS = 15_000;
// Enough to drain a typical "ok" reply so the socket can be reused, and to read a service's error description.
const MAX_REPLY_BYTES = 64 * 1024;
// Path segments this long are tokens (Slack, Discord and Telegram put the credential in the path).
const MIN_PATH_TOKEN_CHARS = 16;
// Query values shorter than this are not scrubbed, so "?v=1" cannot blank out digits of a status.
const MIN_QUERY_TOKEN_CHARS = 8;

let sharedAgent: Agent | undefined;

function getAgent(): Agent {
  // Lazily, so importing the registry opens nothing; shared by every HTTP notifier in the process.
  sharedAgent ??= new Agent({ connect: { timeout: 10_000 }, keepAliveTimeout: 4_000 });
  return sharedAgent;
}

/** Where a notifier POSTs, how it is named in errors and what must never appear in them. */
export interface HttpEndpoint {
  /** The notifier type, first word of every error message: "webhook answered 503". */
  service: string;
  url: string;
  userAgent: string;
  timeoutMs: number;
  secrets: readonly string[];
}

/** What is sent: headers besides User-Agent, and the exact body. */
export interface HttpMessage {
  headers: Record<string, string>;
  body: string;
}

/** A reply as read: the body only for a non-2xx status (at most 64 KB), '' otherwise. */
export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a service says about a failure in its reply body: a description, and how long to wait. */
export interface ReplyDetail {
  detail?: string;
  retryAfterSec?: number;
}

/**
 * Parses a configured URL that must be absolute http(s).
 * @throws NewswatchError 'CONFIG_INVALID' naming `key`, never the value (it may hold a token).
 */
export function parseHttpUrl(notifierId: string, key: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidConfig(notifierId, `${key} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidConfig(notifierId, `${key} must be http or https`);
  }
  return url;
}

/** The parts of a URL that are likely credentials: password, query string and values, long path segments. */
export function urlSecrets(url: URL): string[] {
  const query = [...url.searchParams.values()].filter((value) => value.length >= MIN_QUERY_TOKEN_CHARS);
  const path = url.pathname.split('/').filter((segment) => segment.length >= MIN_PATH_TOKEN_CHARS);
  return [url.password, url.search.slice(1), ...query, ...path];
}

/** 408, 429 and 5xx: the service may take the same request later. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status < 600);
}

function firstHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readReply(response: Dispatcher.ResponseData, signal: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= MAX_REPLY_BYTES) break;
    }
  } catch {
    // The status is what counts; a body that stalls or breaks only loses the detail.
  } finally {
    if (size >= MAX_REPLY_BYTES || signal.aborted) response.body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, MAX_REPLY_BYTES).toString('utf8');
}

function requestError(
  endpoint: HttpEndpoint,
  err: unknown,
  callerSignal: AbortSignal | undefined,
  deadline: Deadline,
): NewswatchError {
  const fail = (message: string, retryable: boolean): NewswatchError =>
    deliveryFailed(`${endpoint.service} ${message}`, endpoint.secrets, { retryable, cause: err });
  if (deadline.timedOut()) return fail(`did not answer within ${endpoint.timeoutMs / 1000} s`, true);
  if (callerSignal?.aborted) return fail('delivery was cancelled', true);
  const code = (err as { code?: unknown } | null)?.code;
  const detail = typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
  // Invalid arguments are our request being refused locally; sending it again cannot change that.
  return fail(`request failed: ${detail}`, code !== 'UND_ERR_INVALID_ARG');
}

/** What one delivery carries, as named in errors: "slack rejected the digest with 400". */
export type DeliveryKind = 'alert' | 'digest';

/** The error for a non-2xx reply, following the rules in the header comment. */
export function replyError(
  endpoint: HttpEndpoint,
  reply: HttpReply,
  explained: ReplyDetail = {},
  kind: DeliveryKind = 'alert',
): NewswatchError {
  const { status } = reply;
  const retryable = isRetryableStatus(status);
  const fail = (message: string, retryAfterSec?: number): NewswatchError =>
    deliveryFailed(`${endpoint.service} ${message}`, endpoint.secrets, { retryable, retryAfterSec, httpStatus: status });
  const why = explained.detail ? `: ${truncate(toOneLine(explained.detail), 300)}` : '';
  if (status >= 300 && status < 400) {
    const location = firstHeader(reply.headers, 'location');
    const target = location ? `redirect to ${maskHttpUrl(location, endpoint.url)}` : 'redirect without a Location';
    return fail(`answered ${status} ${target}; redirects are not followed`);
  }
  if (status === 410) return fail('answered 410 Gone: the endpoint no longer exists; disable this notifier');
  if (!retryable) return fail(`rejected the ${kind} with ${status}${why}`);
  const retryAfterSec = explained.retryAfterSec ?? parseRetryAfter(firstHeader(reply.headers, 'retry-after'));
  const wait = retryAfterSec === undefined ? '' : ` (retry after ${retryAfterSec} s)`;
  return fail(`answered ${status}${why}${wait}`, retryAfterSec);
}

/**
 * POSTs once under the endpoint's total deadline and resolves with a 2xx reply.
 * @throws NewswatchError 'NOTIFY_FAILED' for anything else; `explain` reads the service's own error body.
 */
export async function postOnce(
  endpoint: HttpEndpoint,
  message: HttpMessage,
  options: { signal?: AbortSignal | undefined; explain?: (reply: HttpReply) => ReplyDetail; kind?: DeliveryKind } = {},
): Promise<HttpReply> {
  const deadline = startDeadline(endpoint.timeoutMs, options.signal);
  try {
    let response: Dispatcher.ResponseData;
    try {
      response = await request(endpoint.url, {
        method: 'POST',
        headers: { 'user-agent': endpoint.userAgent, ...message.headers },
        body: message.body,
        signal: deadline.signal,
        dispatcher: getAgent(),
      });
    } catch (err) {
      throw requestError(endpoint, err, options.signal, deadline);
    }
    const { statusCode: status, headers } = response;
    if (status >= 200 && status < 300) {
      // A receiver that answered 2xx has the message even if its body then stalls.
      await response.body.dump({ limit: MAX_REPLY_BYTES, signal: deadline.signal }).catch(() => undefined);
      return { status, headers, body: '' };
    }
    const reply = { status, headers, body: await readReply(response, deadline.signal) };
    throw replyError(endpoint, reply, options.explain?.(reply) ?? {}, options.kind);
  } finally {
    deadline.dispose();
  }
}
