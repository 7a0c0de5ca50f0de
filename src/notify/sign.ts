/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): HMAC-SHA256 over `${id}.${timestamp}.${body}`,
 * keyed with the base64-decoded secret, sent as `webhook-signature: v1,<base64>`.
 */
import { createHmac } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** The raw HMAC key of a Standard Webhooks secret (`whsec_` + base64, the prefix being optional). */
export function decodeWebhookSecret(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

/** Whether a secret is non-empty standard base64 after its optional `whsec_` prefix. */
export function isValidWebhookSecret(secret: string): boolean {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) && encoded.length % 4 !== 1 && decodeWebhookSecret(secret).length > 0;
}

/** The `webhook-signature` value (`v1,<base64>`) for one message id, timestamp (seconds) and exact body. */
export function signWebhook(secret: string, msgId: string, timestampSec: number, body: string): string {
  const mac = createHmac('sha256', decodeWebhookSecret(secret))
    .update(`${msgId}.${timestampSec}.${body}`, 'utf8')
    .digest('base64');
  return `v1,${mac}`;
}
