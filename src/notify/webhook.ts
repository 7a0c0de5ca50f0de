/**
 * Webhook notifier: POSTs a versioned JSON alert signed per Standard Webhooks.
 * Rules owned here: the body is serialised once and those exact bytes are signed and sent; `webhook-id` is the
 * alert id (stable across retries, so receivers can dedupe) while the timestamp and signature are fresh per
 * attempt; redirects are never followed; one total deadline covers connect, headers and body.
 */
import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import type { WebhookNotifierConfig } from '../config/types.js';
import { NewswatchError } from '../errors.js';
import type { Alert } from '../types.js';
import { startDeadline } from './deadline.js';
import type { Deadline } from './deadline.js';
import { maskHttpUrl, scrubSecrets } from './mask.js';
import { isValidWebhookSecret, signWebhook } from './sign.js';
import type { Notifier, NotifierDefinition, NotifierDeps, SendContext } from './types.js';

/** Total deadline of one delivery attempt unless deps.timeoutMs says otherwise. */
export const WEBHOOK_TIMEOUT_MS = 15_000;

/** Headers newswatch sets itself; a config that tries to set them is rejected at load. */
const RESERVED_HEADERS = new Set([
  'content-type',
  'content-length',
  'transfer-encoding',
  'connection',
  'host',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
]);
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Enough to drain a typical "ok" reply so the socket can be reused; anything longer is cut off.
const MAX_DRAIN_BYTES = 64 * 1024;

let sharedAgent: Agent | undefined;

function getAgent(): Agent {
  // Lazily, so importing the registry opens nothing; shared by every webhook notifier in the process.
  sharedAgent ??= new Agent({ connect: { timeout: 10_000 }, keepAliveTimeout: 4_000 });
  return sharedAgent;
}

/** The version-1 JSON body of an alert, exactly as sent and signed. */
export function buildWebhookBody(alert: Alert): string {
  return JSON.stringify({
    type: 'newswatch.alert',
    version: 1,
    id: alert.id,
    created_at: alert.createdAt,
    topic: { id: alert.topic.id, name: alert.topic.name },
    articles: alert.articles.map((article) => ({
      url: article.url,
      title: article.title,
      source: article.source,
      published: article.published,
      snippet: article.snippet,
    })),
    matched_terms: [...alert.matchedTerms],
  });
}

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

function firstHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function invalidConfig(id: string, problem: string): NewswatchError {
  return new NewswatchError('CONFIG_INVALID', `notifier ${id}: ${problem}`, { retryable: false });
}

function normaliseHeaders(config: WebhookNotifierConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.headers)) {
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name)) throw invalidConfig(config.id, `header name "${name}" is not a valid HTTP token`);
    if (RESERVED_HEADERS.has(lower)) throw invalidConfig(config.id, `header "${name}" is set by newswatch`);
    // The value may be a token, so it never goes into the message.
    if (/[\r\n\0]/.test(value)) throw invalidConfig(config.id, `header "${name}" contains a line break or NUL`);
    out[lower] = value;
  }
  return out;
}

class WebhookNotifier implements Notifier {
  readonly type = 'webhook';
  readonly id: string;
  readonly #url: string;
  readonly #secret: string | null;
  readonly #headers: Record<string, string>;
  readonly #userAgent: string;
  readonly #timeoutMs: number;
  readonly #scrub: readonly string[];

  constructor(config: WebhookNotifierConfig, deps: NotifierDeps) {
    this.id = config.id;
    let url: URL;
    try {
      url = new URL(config.url);
    } catch {
      throw invalidConfig(config.id, 'webhook url is not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw invalidConfig(config.id, 'webhook url must be http or https');
    }
    if (config.secret !== null && !isValidWebhookSecret(config.secret)) {
      throw invalidConfig(config.id, 'webhook secret must be "whsec_" followed by base64');
    }
    this.#url = url.href;
    this.#secret = config.secret;
    this.#headers = normaliseHeaders(config);
    this.#userAgent = deps.userAgent;
    this.#timeoutMs = deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
    // Query values are often tokens; short ones are skipped so "?v=1" cannot blank out digits of a status.
    const queryValues = [...url.searchParams.values()].filter((value) => value.length >= 8);
    this.#scrub = [config.secret ?? '', url.search.slice(1), url.password, ...queryValues];
  }

  describe(): string {
    return `webhook ${maskHttpUrl(this.#url)} (${this.#secret === null ? 'unsigned' : 'signed'})`;
  }

  async send(alert: Alert, ctx: SendContext): Promise<void> {
    const body = buildWebhookBody(alert);
    const timestampSec = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'user-agent': this.#userAgent,
      ...this.#headers,
      'content-type': 'application/json',
      'webhook-id': alert.id,
      'webhook-timestamp': String(timestampSec),
    };
    if (this.#secret !== null) headers['webhook-signature'] = signWebhook(this.#secret, alert.id, timestampSec, body);

    const deadline = startDeadline(this.#timeoutMs, ctx.signal);
    try {
      let response: Dispatcher.ResponseData;
      try {
        response = await request(this.#url, {
          method: 'POST',
          headers,
          body,
          signal: deadline.signal,
          dispatcher: getAgent(),
        });
      } catch (err) {
        throw this.#requestError(err, ctx.signal, deadline);
      }
      const { statusCode } = response;
      // The status is what counts: a receiver that answered 2xx has the alert even if its body then stalls.
      await response.body.dump({ limit: MAX_DRAIN_BYTES, signal: deadline.signal }).catch(() => undefined);
      if (statusCode >= 200 && statusCode < 300) {
        ctx.logger?.debug({ notifierId: this.id, alertId: alert.id, status: statusCode }, 'webhook delivered');
        return;
      }
      throw this.#statusError(statusCode, response.headers);
    } finally {
      deadline.dispose();
    }
  }

  #fail(message: string, options: { retryable: boolean; retryAfterSec?: number; cause?: unknown }): NewswatchError {
    return new NewswatchError('NOTIFY_FAILED', scrubSecrets(message, this.#scrub), options);
  }

  #requestError(err: unknown, callerSignal: AbortSignal | undefined, deadline: Deadline): NewswatchError {
    if (deadline.timedOut()) {
      return this.#fail(`webhook did not answer within ${this.#timeoutMs / 1000} s`, { retryable: true, cause: err });
    }
    if (callerSignal?.aborted) return this.#fail('webhook delivery was cancelled', { retryable: true, cause: err });
    const code = (err as { code?: unknown } | null)?.code;
    const detail = typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
    // Invalid arguments are our request being refused locally; sending it again cannot change that.
    const retryable = code !== 'UND_ERR_INVALID_ARG';
    return this.#fail(`webhook request failed: ${detail}`, { retryable, cause: err });
  }

  #statusError(status: number, headers: IncomingHttpHeaders): NewswatchError {
    if (status >= 300 && status < 400) {
      const location = firstHeader(headers, 'location');
      const target = location ? `redirect to ${maskHttpUrl(location, this.#url)}` : 'redirect without a Location';
      return this.#fail(`webhook answered ${status} ${target}; redirects are not followed`, { retryable: false });
    }
    if (status === 410) {
      return this.#fail('webhook answered 410 Gone: the endpoint no longer exists; disable this notifier', {
        retryable: false,
      });
    }
    if (status === 408 || status === 429 || (status >= 500 && status < 600)) {
      const retryAfterSec =
        status === 429 || status === 503 ? parseRetryAfter(firstHeader(headers, 'retry-after')) : undefined;
      const wait = retryAfterSec === undefined ? '' : ` (retry after ${retryAfterSec} s)`;
      return this.#fail(`webhook answered ${status}${wait}`, { retryable: true, retryAfterSec });
    }
    return this.#fail(`webhook rejected the alert with ${status}`, { retryable: false });
  }
}

/** The `webhook` notifier type. */
export const webhookDefinition: NotifierDefinition<WebhookNotifierConfig> = {
  type: 'webhook',
  create: (config, deps) => new WebhookNotifier(config, deps),
};
