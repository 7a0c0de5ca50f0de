import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, createGzip, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkConfig } from '../../../src/config/types.js';
import { NewswatchError } from '../../../src/errors.js';
import { createHttpClient, fetchFeed } from '../../../src/fetch/index.js';
import type { FetchOptions, FetchResult, HttpClient } from '../../../src/fetch/index.js';
import { parseFeed } from '../../../src/parse/index.js';

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback News</title></channel></rss>';
const MB = 1024 * 1024;

let server: Server;
let base: string;
let port: number;
const seen: Record<string, IncomingHttpHeaders[]> = {};
const bomb = gzipSync(Buffer.alloc(20 * MB));
const deflateBomb = deflateRawSync(Buffer.alloc(20 * MB));
const sixMegabytes = Buffer.alloc(6 * MB, 'a');
let bigBomb: Buffer = Buffer.alloc(0);

/** gzip of `size` zero bytes, compressed in 1 MB chunks so the plain bytes never sit in memory at once. */
async function gzipZeros(size: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const chunk = Buffer.alloc(MB);
  for (let written = 0; written < size; written += MB) {
    if (!gzip.write(chunk)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(out);
}

function route(path: string, headers: IncomingHttpHeaders): { status: number; headers?: Record<string, string>; body?: Buffer | string } | 'hang' | 'drip' {
  const redirect = /^\/redirect\/(\d+)$/.exec(path);
  if (redirect) {
    const left = Number(redirect[1]);
    return left === 0 ? { status: 200, body: FEED } : { status: 302, headers: { location: `/redirect/${left - 1}` } };
  }
  const status = /^\/status\/(\d+)$/.exec(path);
  if (status) return { status: Number(status[1]), body: 'nope' };
  switch (path) {
    case '/feed':
      if (headers['if-none-match'] === '"v1"') return { status: 304, headers: { etag: '"v1"' } };
      return {
        status: 200,
        headers: {
          'content-type': 'application/rss+xml; charset=utf-8',
          etag: '"v1"',
          'last-modified': 'Wed, 01 May 2024 10:00:00 GMT',
        },
        body: FEED,
      };
    case '/headers':
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(headers) };
    case '/429':
      return { status: 429, headers: { 'retry-after': '120' } };
    case '/429-date':
      return { status: 429, headers: { 'retry-after': new Date(Date.now() + 300_000).toUTCString() } };
    case '/cached':
      return { status: 200, headers: { 'cache-control': 'public, max-age=900' }, body: FEED };
    case '/cached-no-store':
      return { status: 200, headers: { 'cache-control': 'max-age=900, no-store' }, body: FEED };
    case '/html':
      return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html><html><head><title>Home</title></head><body>Welcome</body></html>' };
    case '/big-bomb':
      return { status: 200, headers: { 'content-encoding': 'gzip' }, body: bigBomb };
    case '/503-date':
      return { status: 503, headers: { 'retry-after': new Date(Date.now() + 600_000).toUTCString() } };
    case '/moved-relative':
      return { status: 301, headers: { location: 'feed?from=moved' } };
    case '/to-ftp':
      return { status: 302, headers: { location: 'ftp://127.0.0.1/feed.xml' } };
    case '/to-other-loopback':
      return { status: 302, headers: { location: `http://127.0.0.2:${port}/feed` } };
    case '/to-ipv6-loopback':
      return { status: 307, headers: { location: `http://[::1]:${port}/feed` } };
    case '/to-localhost-headers':
      return { status: 302, headers: { location: `http://localhost:${port}/headers` } };
    case '/gzip':
      return { status: 200, headers: { 'content-encoding': 'gzip' }, body: gzipSync(FEED) };
    case '/br':
      return { status: 200, headers: { 'content-encoding': 'br' }, body: brotliCompressSync(FEED) };
    case '/deflate':
      return { status: 200, headers: { 'content-encoding': 'deflate' }, body: deflateSync(FEED) };
    case '/deflate-raw':
      return { status: 200, headers: { 'content-encoding': 'deflate' }, body: deflateRawSync(FEED) };
    case '/bad-gzip':
      return { status: 200, headers: { 'content-encoding': 'gzip' }, body: Buffer.from('definitely not gzip') };
    case '/compress':
      return { status: 200, headers: { 'content-encoding': 'compress' }, body: FEED };
    case '/big':
      return { status: 200, body: sixMegabytes };
    case '/bomb':
      return { status: 200, headers: { 'content-encoding': 'gzip' }, body: bomb };
    case '/deflate-bomb':
      return { status: 200, headers: { 'content-encoding': 'deflate' }, body: deflateBomb };
    case '/hang':
      return 'hang';
    case '/drip':
      return 'drip';
    default:
      return { status: 404, body: 'not found' };
  }
}

beforeAll(async () => {
  bigBomb = await gzipZeros(200 * MB);
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    (seen[path] ??= []).push(req.headers);
    const answer = route(path, req.headers);
    if (answer === 'hang') return;
    if (answer === 'drip') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (path === '/big' && req.url?.includes('chunked')) {
      res.writeHead(200);
      res.write(sixMegabytes.subarray(0, 3 * MB));
      res.end(sixMegabytes.subarray(3 * MB));
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

const clients: HttpClient[] = [];

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await Promise.all(clients.map((c) => c.close()));
});

function network(overrides: Partial<NetworkConfig> = {}): NetworkConfig {
  return {
    allowPrivate: true,
    allowCidrs: [],
    userAgent: 'newswatch-test/1.0 (+https://newswatch.test)',
    timeoutMs: 5_000,
    maxBytes: 5 * MB,
    ...overrides,
  };
}

function client(net: NetworkConfig, options?: Parameters<typeof createHttpClient>[1]): HttpClient {
  const c = createHttpClient(net, options);
  clients.push(c);
  return c;
}

const open = network();
const openClient = (): HttpClient => (clients[0] ??= createHttpClient(open));

function get(path: string, opts: Partial<FetchOptions> = {}): Promise<FetchResult> {
  const net = opts.network ?? open;
  return fetchFeed(path.startsWith('http') ? path : `${base}${path}`, {
    network: net,
    client: opts.client ?? (net === open ? openClient() : client(net)),
    ...(opts.validators ? { validators: opts.validators } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}

async function failure(promise: Promise<unknown>): Promise<NewswatchError> {
  const err: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NewswatchError);
  return err as NewswatchError;
}

describe('fetchFeed over HTTP', () => {
  it('returns the body, content type and validators of a 200', async () => {
    const result = await get('/feed');
    expect(result).toMatchObject({
      status: 'ok',
      httpStatus: 200,
      contentType: 'application/rss+xml; charset=utf-8',
      validators: { etag: '"v1"', lastModified: 'Wed, 01 May 2024 10:00:00 GMT' },
      finalUrl: `${base}/feed`,
    });
    expect(result.status === 'ok' && result.body.toString()).toBe(FEED);
  });

  it('sends the user agent, feed Accept and Accept-Encoding headers', async () => {
    const result = await get('/headers');
    const headers = JSON.parse(result.status === 'ok' ? result.body.toString() : '{}') as IncomingHttpHeaders;
    expect(headers['user-agent']).toBe('newswatch-test/1.0 (+https://newswatch.test)');
    expect(headers.accept).toBe(
      'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8',
    );
    expect(headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('makes a conditional request and reports 304 as not-modified', async () => {
    const validators = { etag: '"v1"', lastModified: 'Wed, 01 May 2024 10:00:00 GMT' };
    const result = await get('/feed', { validators });
    expect(result).toEqual({ status: 'not-modified', httpStatus: 304, validators, finalUrl: `${base}/feed`, maxAgeSec: null });
    const last = seen['/feed']!.at(-1)!;
    expect(last['if-none-match']).toBe('"v1"');
    expect(last['if-modified-since']).toBe('Wed, 01 May 2024 10:00:00 GMT');
  });

  it.each([
    [500, true],
    [502, true],
    [408, true],
    [404, false],
    [403, false],
  ])('turns HTTP %i into HTTP_STATUS (retryable: %s)', async (status, retryable) => {
    const err = await failure(get(`/status/${status}`));
    expect(err.code).toBe('HTTP_STATUS');
    expect(err.httpStatus).toBe(status);
    expect(err.retryable).toBe(retryable);
    expect(err.message).toBe(`HTTP ${status} from ${base}/status/${status}`);
  });

  it('reads Retry-After seconds on a 429', async () => {
    const err = await failure(get('/429'));
    expect(err).toMatchObject({ code: 'HTTP_STATUS', retryable: true, retryAfterSec: 120 });
  });

  it('reads a Retry-After HTTP date on a 429', async () => {
    const err = await failure(get('/429-date'));
    expect(err).toMatchObject({ code: 'HTTP_STATUS', retryable: true });
    expect(err.retryAfterSec).toBeGreaterThan(290);
    expect(err.retryAfterSec).toBeLessThanOrEqual(300);
  });

  it('says a 410 feed is gone, and does not retry it', async () => {
    const err = await failure(get('/status/410'));
    expect(err).toMatchObject({ code: 'HTTP_STATUS', retryable: false, httpStatus: 410 });
    expect(err.message).toBe(`HTTP 410 Gone from ${base}/status/410: the feed was removed for good`);
  });

  it('reports Cache-Control max-age, and none with no-store', async () => {
    expect(await get('/cached')).toMatchObject({ status: 'ok', maxAgeSec: 900 });
    expect(await get('/cached-no-store')).toMatchObject({ status: 'ok', maxAgeSec: null });
    expect(await get('/feed')).toMatchObject({ status: 'ok', maxAgeSec: null });
  });

  it('fetches an HTML page that parseFeed then rejects as NOT_A_FEED with a clear message', async () => {
    const result = await get('/html');
    if (result.status !== 'ok') throw new Error('expected a 200');
    const err = await failure(parseFeed(result.body, { feedId: 'html', contentType: result.contentType, baseUrl: result.finalUrl }));
    expect(err).toMatchObject({ code: 'NOT_A_FEED', message: 'got an HTML page, not a feed', retryable: false });
  });

  it('reads a Retry-After HTTP date on a 503', async () => {
    const err = await failure(get('/503-date'));
    expect(err.code).toBe('HTTP_STATUS');
    expect(err.retryAfterSec).toBeGreaterThan(590);
    expect(err.retryAfterSec).toBeLessThanOrEqual(600);
  });

  it('keeps the query string and credentials out of messages', async () => {
    const err = await failure(get(`http://reader:hunter2@127.0.0.1:${port}/status/500?token=s3cret`));
    expect(err.message).toBe(`HTTP 500 from ${base}/status/500`);
  });

  it('sends URL credentials as Basic auth to the same origin only', async () => {
    const same = await get(`http://reader:hunter2@127.0.0.1:${port}/headers`);
    const sameHeaders = JSON.parse(same.status === 'ok' ? same.body.toString() : '{}') as IncomingHttpHeaders;
    expect(sameHeaders.authorization).toBe(`Basic ${Buffer.from('reader:hunter2').toString('base64')}`);
    expect(same.finalUrl).toBe(`${base}/headers`);

    const moved = await get(`http://reader:hunter2@127.0.0.1:${port}/to-localhost-headers`);
    const movedHeaders = JSON.parse(moved.status === 'ok' ? moved.body.toString() : '{}') as IncomingHttpHeaders;
    expect(movedHeaders.authorization).toBeUndefined();
  });
});

describe('fetchFeed redirects', () => {
  it('follows 5 redirects and reports the final URL', async () => {
    const result = await get('/redirect/5');
    expect(result.status).toBe('ok');
    expect(result.finalUrl).toBe(`${base}/redirect/0`);
  });

  it('gives up after 5 redirects', async () => {
    const err = await failure(get('/redirect/6'));
    expect(err.code).toBe('FETCH_FAILED');
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/too many redirects/);
  });

  it('resolves a relative Location', async () => {
    const result = await get('/moved-relative');
    expect(result.finalUrl).toBe(`${base}/feed?from=moved`);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const err = await failure(get('/to-ftp'));
    expect(err).toMatchObject({ code: 'FETCH_FAILED', retryable: false });
    expect(err.message).toMatch(/not http or https/);
  });
});

describe('fetchFeed content decoding and size cap', () => {
  it.each(['/gzip', '/br', '/deflate', '/deflate-raw'])('decodes %s', async (path) => {
    const result = await get(path);
    expect(result.status === 'ok' && result.body.toString()).toBe(FEED);
  });

  it('reports a corrupt gzip body as a retryable FETCH_FAILED', async () => {
    const err = await failure(get('/bad-gzip'));
    expect(err).toMatchObject({ code: 'FETCH_FAILED', retryable: true });
  });

  it('refuses an unsupported Content-Encoding', async () => {
    const err = await failure(get('/compress'));
    expect(err).toMatchObject({ code: 'FETCH_FAILED', retryable: false });
  });

  it('refuses a 6 MB body under a 5 MB cap (Content-Length known)', async () => {
    const err = await failure(get('/big'));
    expect(err).toMatchObject({ code: 'FETCH_TOO_LARGE', retryable: false });
    expect(err.message).toMatch(/^response too large/);
  });

  it('refuses a 6 MB chunked body under a 5 MB cap while streaming', async () => {
    const err = await failure(get('/big?chunked'));
    expect(err.code).toBe('FETCH_TOO_LARGE');
  });

  it('stops a gzip bomb (20 MB of zeros) at a 1 MB cap on decoded bytes', async () => {
    expect(bomb.length).toBeLessThan(MB);
    const before = process.memoryUsage().arrayBuffers;
    const err = await failure(get('/bomb', { network: network({ maxBytes: MB }) }));
    expect(err.code).toBe('FETCH_TOO_LARGE');
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(15 * MB);
  });

  it('stops a 200 KB → 200 MB gzip bomb at the default 5 MB cap', async () => {
    expect(bigBomb.length).toBeLessThan(250 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    const err = await failure(get('/big-bomb'));
    expect(err.code).toBe('FETCH_TOO_LARGE');
    expect(err.message).toBe(`response too large: more than ${5 * MB} bytes from ${base}/big-bomb`);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(30 * MB);
  });

  it('stops a raw deflate bomb the same way', async () => {
    const err = await failure(get('/deflate-bomb', { network: network({ maxBytes: MB }) }));
    expect(err.code).toBe('FETCH_TOO_LARGE');
  });
});

describe('fetchFeed deadlines and network errors', () => {
  it('times out a server that never answers', async () => {
    const started = Date.now();
    const err = await failure(get('/hang', { network: network({ timeoutMs: 500 }) }));
    expect(err).toMatchObject({ code: 'FETCH_TIMEOUT', retryable: true });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('times out a body that trickles in', async () => {
    const started = Date.now();
    const err = await failure(get('/drip', { network: network({ timeoutMs: 500 }) }));
    expect(err.code).toBe('FETCH_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("stops when the caller's signal aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const err = await failure(get('/hang', { signal: controller.signal }));
    expect(err).toMatchObject({ code: 'FETCH_FAILED', retryable: true });
  });

  it('reports a refused connection as a retryable FETCH_FAILED', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failure(get(`http://127.0.0.1:${freePort}/feed`));
    expect(err).toMatchObject({ code: 'FETCH_FAILED', retryable: true });
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  it('refuses a URL that is not http(s)', async () => {
    const err = await failure(get('file:///etc/passwd'));
    expect(err).toMatchObject({ code: 'FETCH_FAILED', retryable: false });
  });
});

describe('fetchFeed SSRF guard', () => {
  const strict = network({ allowPrivate: false });

  it.each([
    ['127.0.0.1', () => `${base}/feed`],
    ['localhost', () => `http://localhost:${port}/feed`],
    ['[::1]', () => `http://[::1]:${port}/feed`],
    ['[::ffff:127.0.0.1]', () => `http://[::ffff:127.0.0.1]:${port}/feed`],
    ['0x7f000001', () => `http://0x7f000001:${port}/feed`],
    ['2130706433', () => `http://2130706433:${port}/feed`],
    ['127.1', () => `http://127.1:${port}/feed`],
    ['0.0.0.0', () => `http://0.0.0.0:${port}/feed`],
    ['169.254.169.254', () => 'http://169.254.169.254/latest/meta-data/'],
  ])('blocks %s', async (_name, url) => {
    const before = seen['/feed']?.length ?? 0;
    const err = await failure(get(url(), { network: strict }));
    expect(err).toMatchObject({ code: 'SSRF_BLOCKED', retryable: false });
    expect(err.message).toMatch(/^destination not allowed: .+ is a private address \(set network\.allow_private or network\.allow_cidrs to allow it\)$/);
    expect(seen['/feed']?.length ?? 0).toBe(before);
  });

  it.each([
    ['10.0.0.1', '10/8'],
    ['172.16.5.4', '172.16/12'],
    ['192.168.1.1', '192.168/16'],
    ['100.64.0.1', '100.64/10'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['[fc00::1]', 'fc00::/7'],
    ['[fe80::1]', 'fe80::/10'],
    ['[::ffff:10.0.0.1]', 'IPv4-mapped 10/8'],
  ])('blocks the literal %s (%s) before any packet is sent', async (host) => {
    const err = await failure(get(`http://${host}/feed`, { network: strict }));
    expect(err).toMatchObject({ code: 'SSRF_BLOCKED', retryable: false });
  });

  it.each(['10.1.2.3', '172.31.255.1', '192.168.0.10', '100.100.100.100', 'fd12::1', 'fe80::abcd', '169.254.169.254'])(
    'blocks a hostname resolving to %s',
    async (address) => {
      const net = network({ allowPrivate: false });
      const stub = client(net, { resolveHost: async () => [{ address, family: address.includes(':') ? 6 : 4 }] });
      const err = await failure(get('http://intranet.example.test/feed', { network: net, client: stub }));
      expect(err.code).toBe('SSRF_BLOCKED');
      expect(err.message).toContain(address);
    },
  );

  it('says which address was refused', async () => {
    const err = await failure(get('/feed', { network: strict }));
    expect(err.message).toBe(
      'destination not allowed: 127.0.0.1 is a private address (set network.allow_private or network.allow_cidrs to allow it)',
    );
  });

  it('allows loopback with allowPrivate', async () => {
    expect((await get('/feed', { network: network({ allowPrivate: true }) })).status).toBe('ok');
  });

  it('allows loopback listed in allowCidrs', async () => {
    expect((await get('/feed', { network: network({ allowPrivate: false, allowCidrs: ['127.0.0.0/8'] }) })).status).toBe('ok');
  });

  it.each([
    ['another loopback address', '/to-other-loopback'],
    ['an IPv6 loopback literal', '/to-ipv6-loopback'],
  ])('blocks a redirect from an allowed host to %s', async (_name, path) => {
    const err = await failure(get(path, { network: network({ allowPrivate: false, allowCidrs: ['127.0.0.1/32'] }) }));
    expect(err.code).toBe('SSRF_BLOCKED');
  });

  it('blocks a hostname when any of its addresses is private (mixed DNS answer), before connecting', async () => {
    const net = network({ allowPrivate: false });
    const mixed = client(net, {
      resolveHost: async () => [
        { address: '93.184.216.34', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ],
    });
    const before = seen['/feed']?.length ?? 0;
    const err = await failure(get(`http://news.example.test:${port}/feed`, { network: net, client: mixed }));
    expect(err.code).toBe('SSRF_BLOCKED');
    expect(seen['/feed']?.length ?? 0).toBe(before);
  });

  it('connects to the address it checked, and sends the original Host', async () => {
    const net = network({ allowPrivate: false, allowCidrs: ['127.0.0.0/8'] });
    const pinned = client(net, { resolveHost: async () => [{ address: '127.0.0.1', family: 4 }] });
    const result = await get(`http://news.example.test:${port}/headers`, { network: net, client: pinned });
    const headers = JSON.parse(result.status === 'ok' ? result.body.toString() : '{}') as IncomingHttpHeaders;
    expect(headers.host).toBe(`news.example.test:${port}`);
  });

  it('reports an unknown host as a retryable FETCH_FAILED', async () => {
    const net = network({ allowPrivate: false });
    const nx = client(net, {
      resolveHost: async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND' });
      },
    });
    const err = await failure(get('http://nowhere.test/feed', { network: net, client: nx }));
    expect(err).toMatchObject({ code: 'FETCH_FAILED', retryable: true });
    expect(err.message).toMatch(/ENOTFOUND/);
  });

  it('uses one shared guarded client per network config when none is given', async () => {
    const net = network({ allowPrivate: false });
    const err = await failure(fetchFeed(`${base}/feed`, { network: net }));
    expect(err.code).toBe('SSRF_BLOCKED');
  });
});
