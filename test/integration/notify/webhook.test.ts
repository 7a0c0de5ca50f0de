import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookNotifierConfig } from '../../../src/config/types.js';
import { NewswatchError } from '../../../src/errors.js';
import { createNotifier, type Notifier, type NotifierDeps } from '../../../src/notify/index.js';
import type { Alert } from '../../../src/types.js';
import { sampleAlert, sampleDigest } from '../../unit/notify/samples.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Respond = (req: IncomingMessage, res: ServerResponse) => void;

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const QUERY_TOKEN = 'q-token-5f4e3d';
const deps: NotifierDeps = { userAgent: 'newswatch-test/1.0' };

const alert: Alert = sampleAlert({
  id: 'dlv-7f3a',
  topic: { id: 'abraham-accords', name: 'Abraham Accords' },
  articles: [
    {
      url: 'https://www.thenationalnews.com/news/2025/11/06/kazakhstan-abraham-accords/',
      title: 'Kazakhstan to join Abraham Accords <b>now</b>',
      source: 'The National',
      published: '2025-11-06T18:00:00.000Z',
      snippet: 'Kazakhstan will join the Abraham Accords, "Trump says".',
    },
    { url: null, title: 'Second', source: 'Fox News', published: null, snippet: '' },
  ],
  matchedTerms: ['abraham accords', 'kazakhstan'],
});

let server: Server;
let base: string;
let received: Received[];
let respond: Respond;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      respond(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received = [];
  respond = (_req, res) => res.writeHead(204).end();
});

function notifier(overrides: Partial<WebhookNotifierConfig> = {}, extraDeps: Partial<NotifierDeps> = {}): Notifier {
  return createNotifier(
    {
      id: 'ops-webhook',
      type: 'webhook',
      url: `${base}/hooks/newswatch?token=${QUERY_TOKEN}`,
      secret: SECRET,
      headers: { 'X-Team': 'ops' },
      ...overrides,
    },
    { ...deps, ...extraDeps },
  );
}

async function failure(promise: Promise<unknown>): Promise<NewswatchError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(NewswatchError);
    const error = err as NewswatchError;
    expect(error.code).toBe('NOTIFY_FAILED');
    expect(error.message).not.toContain(QUERY_TOKEN);
    expect(error.message).not.toContain(SECRET.slice('whsec_'.length, 20));
    return error;
  }
  throw new Error('expected send to fail');
}

function signatureHeaders(request: Received): Record<string, string> {
  return {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  };
}

describe('webhook notifier', () => {
  it('POSTs the version-1 JSON body with the Standard Webhooks headers', async () => {
    const before = Math.floor(Date.now() / 1000);
    await notifier().send(alert, {});
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe(`/hooks/newswatch?token=${QUERY_TOKEN}`);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['user-agent']).toBe('newswatch-test/1.0');
    expect(request!.headers['x-team']).toBe('ops');
    expect(request!.headers['webhook-id']).toBe(alert.id);
    const timestamp = Number(request!.headers['webhook-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(JSON.parse(request!.body)).toEqual({
      type: 'newswatch.alert',
      version: 1,
      id: 'dlv-7f3a',
      created_at: '2025-11-06T19:00:00.000Z',
      topic: { id: 'abraham-accords', name: 'Abraham Accords' },
      story: {
        id: 'story-7',
        first_seen: '2025-11-06T18:00:00.000Z',
        article_count: 3,
        sources: ['The National', 'Fox News', 'Reuters'],
      },
      update: false,
      entities: [
        { code: 'KZ', name: 'Kazakhstan', primary: true, new: true },
        { code: 'IL', name: 'Israel', primary: false, new: false },
        { code: 'US', name: 'United States', primary: false, new: false },
      ],
      articles: [
        {
          url: 'https://www.thenationalnews.com/news/2025/11/06/kazakhstan-abraham-accords/',
          title: 'Kazakhstan to join Abraham Accords <b>now</b>',
          source: 'The National',
          published: '2025-11-06T18:00:00.000Z',
          snippet: 'Kazakhstan will join the Abraham Accords, "Trump says".',
        },
        { url: null, title: 'Second', source: 'Fox News', published: null, snippet: '' },
      ],
      matched_terms: ['abraham accords', 'kazakhstan'],
    });
  });

  it('signs the exact bytes it sends, verifiable with standardwebhooks', async () => {
    await notifier().send(alert, {});
    const [request] = received;
    expect(request!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(SECRET).verify(request!.body, signatureHeaders(request!))).toEqual(JSON.parse(request!.body));
    expect(() => new Webhook(SECRET).verify(`${request!.body} `, signatureHeaders(request!))).toThrow();
    const other = `whsec_${randomBytes(32).toString('base64')}`;
    expect(() => new Webhook(other).verify(request!.body, signatureHeaders(request!))).toThrow();
  });

  it('keeps the same webhook-id on a retry, with a valid signature each time', async () => {
    respond = (_req, res) => (received.length === 1 ? res.writeHead(503).end() : res.writeHead(200).end('ok'));
    const target = notifier();
    await expect(target.send(alert, {})).rejects.toThrow(NewswatchError);
    await target.send(alert, {});
    expect(received.map((request) => request.headers['webhook-id'])).toEqual([alert.id, alert.id]);
    for (const request of received) expect(() => new Webhook(SECRET).verify(request.body, signatureHeaders(request))).not.toThrow();
  });

  it('sends no signature when no secret is configured', async () => {
    await notifier({ secret: null }).send(alert, {});
    expect(received[0]!.headers['webhook-signature']).toBeUndefined();
    expect(received[0]!.headers['webhook-id']).toBe(alert.id);
  });

  it('reads a 200 reply with a body as success', async () => {
    respond = (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(200_000));
    await expect(notifier().send(alert, {})).resolves.toBeUndefined();
  });

  it.each([
    [500, true],
    [502, true],
    [503, true],
    [408, true],
    [400, false],
    [401, false],
    [404, false],
    [422, false],
  ])('treats %i as retryable=%s', async (status, retryable) => {
    respond = (_req, res) => res.writeHead(status).end('nope');
    const error = await failure(notifier().send(alert, {}));
    expect(error.retryable).toBe(retryable);
    expect(error.message).toContain(String(status));
  });

  it('says a 410 endpoint is gone and should be disabled, without retrying', async () => {
    respond = (_req, res) => res.writeHead(410).end();
    const error = await failure(notifier().send(alert, {}));
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/gone/i);
    expect(error.message).toMatch(/disable/i);
  });

  it('passes on Retry-After seconds from a 429', async () => {
    respond = (_req, res) => res.writeHead(429, { 'retry-after': '2' }).end();
    const error = await failure(notifier().send(alert, {}));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterSec).toBe(2);
  });

  it('passes on a Retry-After HTTP date from a 503', async () => {
    const at = new Date(Date.now() + 120_000).toUTCString();
    respond = (_req, res) => res.writeHead(503, { 'retry-after': at }).end();
    const error = await failure(notifier().send(alert, {}));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterSec).toBeGreaterThanOrEqual(118);
    expect(error.retryAfterSec).toBeLessThanOrEqual(121);
  });

  it('does not follow a 302 and does not retry it', async () => {
    respond = (req, res) =>
      req.url?.startsWith('/elsewhere')
        ? res.writeHead(204).end()
        : res.writeHead(302, { location: `${base}/elsewhere?token=${QUERY_TOKEN}` }).end();
    const error = await failure(notifier().send(alert, {}));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('302');
    expect(error.message).toMatch(/redirects are not followed/);
    expect(received).toHaveLength(1);
  });

  it('gives up on a server that never answers at the deadline, as retryable', async () => {
    respond = () => undefined;
    const started = Date.now();
    const error = await failure(notifier({}, { timeoutMs: 300 }).send(alert, {}));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/did not answer within 0.3 s/);
  });

  it('counts a 2xx whose body never ends as delivered', async () => {
    respond = (_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial');
    };
    await expect(notifier({}, { timeoutMs: 300 }).send(alert, {})).resolves.toBeUndefined();
  });

  it('treats a refused connection as retryable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(notifier({ url: `http://127.0.0.1:${port}/hook?token=${QUERY_TOKEN}` }).send(alert, {}));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('stops when the caller aborts, as retryable', async () => {
    respond = () => undefined;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(notifier().send(alert, { signal: controller.signal }));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/cancelled/);
  });
});

describe('webhook notifier digests', () => {
  const digest = sampleDigest();

  it('POSTs the newswatch.digest body with webhook-id = the digest id, verifiable with standardwebhooks', async () => {
    await notifier().sendDigest(digest, {});
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.method).toBe('POST');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-team']).toBe('ops');
    expect(request!.headers['webhook-id']).toBe('dgst-9');
    const body = new Webhook(SECRET).verify(request!.body, signatureHeaders(request!)) as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'newswatch.digest', version: 1, id: 'dgst-9', period: { start: digest.periodStart, end: digest.periodEnd } });
    expect(() => new Webhook(SECRET).verify(request!.body.replace('Qatar', 'Oman'), signatureHeaders(request!))).toThrow();
  });

  it('keeps the same webhook-id on a retry, with a fresh valid signature', async () => {
    respond = (_req, res) => (received.length === 1 ? res.writeHead(500).end() : res.writeHead(204).end());
    const target = notifier();
    const error = await failure(target.sendDigest(digest, {}));
    expect(error.retryable).toBe(true);
    await target.sendDigest(digest, {});
    expect(received.map((request) => request.headers['webhook-id'])).toEqual(['dgst-9', 'dgst-9']);
    for (const request of received) expect(() => new Webhook(SECRET).verify(request.body, signatureHeaders(request))).not.toThrow();
  });

  it.each([
    [400, false, 'webhook rejected the digest with 400'],
    [410, false, 'webhook answered 410 Gone: the endpoint no longer exists; disable this notifier'],
    [429, true, 'webhook answered 429 (retry after 2 s)'],
  ])('follows the alert rules for a %i (retryable=%s)', async (status, retryable, message) => {
    respond = (_req, res) => res.writeHead(status, status === 429 ? { 'retry-after': '2' } : {}).end();
    const error = await failure(notifier().sendDigest(digest, {}));
    expect(error.retryable).toBe(retryable);
    expect(error.message).toBe(message);
  });

  it('does not follow a redirect', async () => {
    respond = (_req, res) => res.writeHead(307, { location: `${base}/elsewhere` }).end();
    const error = await failure(notifier().sendDigest(digest, {}));
    expect(error.retryable).toBe(false);
    expect(received).toHaveLength(1);
  });

  it('gives up at the same deadline, as retryable', async () => {
    respond = () => undefined;
    const error = await failure(notifier({}, { timeoutMs: 300 }).sendDigest(digest, {}));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/did not answer within 0.3 s/);
  });
});
