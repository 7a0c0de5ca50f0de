/**
 * Webhook notifier: POSTs the versioned JSON alert or digest (webhook-payload.ts) signed per Standard Webhooks.
 * Rules owned here: the body is serialised once and those exact bytes are signed and sent; `webhook-id` is the
 * alert's or digest's delivery id (stable across retries, so receivers can dedupe) while the timestamp and signature
 * are fresh per attempt. Deadline, redirects and retryability are http-delivery.ts's.
 */
import type { WebhookNotifierConfig } from '../config/types.js';
import { parseHttpUrl } from './http-delivery.js';
import type { HttpMessage } from './http-delivery.js';
import { createHttpNotifier } from './http-notifier.js';
import { maskHttpUrl } from './mask.js';
import { invalidConfig } from './notifier-errors.js';
import { isValidWebhookSecret, signWebhook } from './sign.js';
import type { Notifier, NotifierDefinition, NotifierDeps } from './types.js';
import { buildWebhookBody, buildWebhookDigestBody } from './webhook-payload.js';

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

function createWebhookNotifier(config: WebhookNotifierConfig, deps: NotifierDeps): Notifier {
  const url = parseHttpUrl(config.id, 'webhook url', config.url);
  const secret = config.secret;
  if (secret !== null && !isValidWebhookSecret(secret)) {
    throw invalidConfig(config.id, 'webhook secret must be "whsec_" followed by base64');
  }
  const configured = normaliseHeaders(config);
  const signed = (id: string, body: string): HttpMessage => {
    const timestampSec = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      ...configured,
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestampSec),
    };
    if (secret !== null) headers['webhook-signature'] = signWebhook(secret, id, timestampSec, body);
    return { headers, body };
  };
  return createHttpNotifier(
    {
      id: config.id,
      type: 'webhook',
      url,
      secrets: secret === null ? [] : [secret],
      description: `webhook ${maskHttpUrl(url.href)} (${secret === null ? 'unsigned' : 'signed'})`,
      toMessage: (alert) => signed(alert.id, buildWebhookBody(alert)),
      toDigestMessage: (digest) => signed(digest.id, buildWebhookDigestBody(digest)),
    },
    deps,
  );
}

/** The `webhook` notifier type. */
export const webhookDefinition: NotifierDefinition<WebhookNotifierConfig> = {
  type: 'webhook',
  create: createWebhookNotifier,
};
