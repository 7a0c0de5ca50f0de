import { createHmac, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signWebhook } from '../../../src/notify/index.js';

// Key bytes 0x00..0x1f, so the vector below can be recomputed with any HMAC tool.
const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
const SECRET = `whsec_${KEY.toString('base64')}`;
const MSG_ID = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
const TIMESTAMP = 1_700_000_000;
const BODY = '{"type":"newswatch.alert","version":1,"id":"msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"}';

function headersFor(id: string, timestampSec: number, signature: string): Record<string, string> {
  return { 'webhook-id': id, 'webhook-timestamp': String(timestampSec), 'webhook-signature': signature };
}

describe('signWebhook', () => {
  it('matches an HMAC-SHA256 computed independently over id.timestamp.body', () => {
    const expected = createHmac('sha256', KEY).update(`${MSG_ID}.${TIMESTAMP}.${BODY}`).digest('base64');
    expect(signWebhook(SECRET, MSG_ID, TIMESTAMP, BODY)).toBe(`v1,${expected}`);
  });

  it('matches a fixed vector', () => {
    expect(signWebhook(SECRET, MSG_ID, TIMESTAMP, BODY)).toBe('v1,ZRrgN+7UL4iS/oDCaOsCFiR0dpxhK4i2tF9+oolemac=');
  });

  it('accepts a secret without the whsec_ prefix', () => {
    expect(signWebhook(KEY.toString('base64'), MSG_ID, TIMESTAMP, BODY)).toBe(
      signWebhook(SECRET, MSG_ID, TIMESTAMP, BODY),
    );
  });

  it('agrees with the standardwebhooks library signer', () => {
    const body = JSON.stringify({ title: 'Café – ünïcödé 😀' });
    expect(signWebhook(SECRET, MSG_ID, TIMESTAMP, body)).toBe(
      new Webhook(SECRET).sign(MSG_ID, new Date(TIMESTAMP * 1000), body),
    );
  });

  describe('as verified by the standardwebhooks receiver', () => {
    const now = Math.floor(Date.now() / 1000);
    const signature = signWebhook(SECRET, MSG_ID, now, BODY);

    it('verifies', () => {
      expect(new Webhook(SECRET).verify(BODY, headersFor(MSG_ID, now, signature))).toEqual(JSON.parse(BODY));
    });

    it('rejects a tampered body', () => {
      expect(() => new Webhook(SECRET).verify(`${BODY} `, headersFor(MSG_ID, now, signature))).toThrow();
    });

    it('rejects another message id', () => {
      expect(() => new Webhook(SECRET).verify(BODY, headersFor('msg_other', now, signature))).toThrow();
    });

    it('rejects a wrong secret', () => {
      const other = `whsec_${randomBytes(32).toString('base64')}`;
      expect(() => new Webhook(other).verify(BODY, headersFor(MSG_ID, now, signature))).toThrow();
    });

    it('rejects a timestamp more than 5 minutes old', () => {
      const old = now - 6 * 60;
      expect(() =>
        new Webhook(SECRET).verify(BODY, headersFor(MSG_ID, old, signWebhook(SECRET, MSG_ID, old, BODY))),
      ).toThrow();
    });

    it('accepts when one of several signatures matches (secret rotation)', () => {
      const previous = signWebhook(`whsec_${randomBytes(32).toString('base64')}`, MSG_ID, now, BODY);
      expect(() => new Webhook(SECRET).verify(BODY, headersFor(MSG_ID, now, `${previous} ${signature}`))).not.toThrow();
    });
  });
});
