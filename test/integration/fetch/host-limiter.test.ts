import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkConfig } from '../../../src/config/types.js';
import { NewswatchError } from '../../../src/errors.js';
import { createHostLimiter, createHttpClient, fetchFeed } from '../../../src/fetch/index.js';
import type { HostLimiter, HttpClient } from '../../../src/fetch/index.js';
import { startRedisServer } from '../../helpers/redis-server.js';
import type { TestRedis } from '../../helpers/redis-server.js';

let redis: TestRedis;
const connections: Redis[] = [];

function connect(): Redis {
  const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  connections.push(client);
  return client;
}

beforeAll(async () => {
  redis = await startRedisServer();
});

afterAll(async () => {
  for (const c of connections) c.disconnect();
  await redis.stop();
});

describe('createHostLimiter against a real redis-server', () => {
  it('never lets more than 2 of 50 acquisitions from 3 limiter instances (own connections) run at once', async () => {
    const limiters = [0, 1, 2].map(() => createHostLimiter(connect(), { maxConcurrent: 2, minSpacingMs: 0, leaseMs: 10_000, pollMs: 5, keyPrefix: 't1:' }));
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const release = await limiters[i % 3]!.acquire('news.example.test');
        inFlight++;
        peak = Math.max(peak, inFlight);
        await sleep(5 + (i % 4) * 3);
        inFlight--;
        await release();
      }),
    );
    expect(peak).toBe(2);
  });

  it('spaces request starts on one host by at least minSpacingMs', async () => {
    const limiter = createHostLimiter(connect(), { maxConcurrent: 5, minSpacingMs: 100, pollMs: 10, keyPrefix: 't2:' });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        const release = await limiter.acquire('spaced.test');
        starts.push(Date.now());
        await release();
      }),
    );
    starts.sort((a, b) => a - b);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    // Spacing holds on Redis's clock; here each start is seen after its reply is processed, a few ms late at times.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(50);
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(370);
  });

  it('lets a lease that was never released expire after leaseMs', async () => {
    const limiter = createHostLimiter(connect(), { maxConcurrent: 1, minSpacingMs: 0, leaseMs: 300, pollMs: 10, keyPrefix: 't3:' });
    await limiter.acquire('crashed.test'); // never released: the holder "crashed"
    const started = Date.now();
    const release = await limiter.acquire('crashed.test');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(2_000);
    await release();
  });

  it('keeps hosts apart', async () => {
    const limiter = createHostLimiter(connect(), { maxConcurrent: 1, minSpacingMs: 0, keyPrefix: 't4:' });
    await limiter.acquire('a.test');
    const started = Date.now();
    await limiter.acquire('b.test');
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('gives up waiting when the signal aborts', async () => {
    const limiter = createHostLimiter(connect(), { maxConcurrent: 1, minSpacingMs: 0, pollMs: 10, keyPrefix: 't5:' });
    await limiter.acquire('busy.test');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const err = await limiter.acquire('busy.test', controller.signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NewswatchError);
    expect(err).toMatchObject({ code: 'FETCH_FAILED', retryable: true });
    expect((err as Error).message).toBe('cancelled while waiting for a request slot on busy.test');
    expect(Date.now() - started).toBeLessThan(1_000);

    const timedOut = await limiter.acquire('busy.test', AbortSignal.timeout(50)).catch((e: unknown) => e);
    expect(timedOut).toMatchObject({ code: 'FETCH_TIMEOUT' });
  });

  it('reports a Redis that cannot be reached as REDIS_UNAVAILABLE', async () => {
    const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    dead.on('error', () => {});
    connections.push(dead);
    const err = await createHostLimiter(dead).acquire('x.test').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'REDIS_UNAVAILABLE', retryable: true });
  });
});

describe('fetchFeed through a host limiter', () => {
  let server: Server;
  let base: string;
  let active = 0;
  let peak = 0;
  let served = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/moved') {
        res.writeHead(302, { location: '/feed/moved' }).end();
        return;
      }
      active++;
      peak = Math.max(peak, active);
      setTimeout(() => {
        served++;
        // Counted as done before the body is sent, so a client that has it cannot look like an overlap.
        active--;
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(`<rss version="2.0"><channel><title>${req.url}</title></channel></rss>`);
      }, 10);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('fetches 50 feeds on one host with 16 workers and the server never sees more than 2 at once', async () => {
    const network: NetworkConfig = { allowPrivate: true, allowCidrs: [], userAgent: 'newswatch-test', timeoutMs: 10_000, maxBytes: 1_000_000 };
    const client = createHttpClient(network);
    const limiters: HostLimiter[] = [0, 1].map(() => createHostLimiter(connect(), { maxConcurrent: 2, minSpacingMs: 0, pollMs: 5, keyPrefix: 't6:' }));
    const urls = Array.from({ length: 50 }, (_, i) => `${base}/feed/${i}`);
    let next = 0;
    const worker = async (w: number): Promise<void> => {
      while (next < urls.length) {
        const url = urls[next++]!;
        const result = await fetchFeed(url, { network, client, hostLimiter: limiters[w % 2]! });
        expect(result.status).toBe('ok');
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
    await client.close();
    expect(served).toBe(50);
    expect(peak).toBeLessThanOrEqual(2);
    expect(peak).toBe(2);
  });

  it('does not count the wait for the first slot against the fetch deadline, and frees the slot after', async () => {
    const network: NetworkConfig = { allowPrivate: true, allowCidrs: [], userAgent: 'newswatch-test', timeoutMs: 200, maxBytes: 1_000_000 };
    const client = createHttpClient(network);
    const limiter = createHostLimiter(connect(), { maxConcurrent: 1, minSpacingMs: 0, pollMs: 5, keyPrefix: 't7:' });
    const held = await limiter.acquire(new URL(base).host);
    setTimeout(() => void held(), 400);
    const started = Date.now();
    const result = await fetchFeed(`${base}/slow-slot`, { network, client, hostLimiter: limiter });
    expect(result.status).toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    const again = Date.now();
    await (await limiter.acquire(new URL(base).host))();
    expect(Date.now() - again).toBeLessThan(200);
    await client.close();
  });

  it('takes no slot for the first request of a feed alone on its host, but does for a redirect hop', async () => {
    const network: NetworkConfig = { allowPrivate: true, allowCidrs: [], userAgent: 'newswatch-test', timeoutMs: 5_000, maxBytes: 1_000_000 };
    const client = createHttpClient(network);
    const limiter = createHostLimiter(connect(), { maxConcurrent: 1, minSpacingMs: 0, pollMs: 5, keyPrefix: 't8:' });
    const hold = async () => {
      const held = await limiter.acquire(new URL(base).host);
      setTimeout(() => void held(), 400);
    };
    await hold();
    let started = Date.now();
    expect((await fetchFeed(`${base}/feed/sole`, { network, client, hostLimiter: limiter, soleHost: true })).status).toBe('ok');
    expect(Date.now() - started).toBeLessThan(300);

    await sleep(450);
    await hold();
    started = Date.now();
    const moved = await fetchFeed(`${base}/moved`, { network, client, hostLimiter: limiter, soleHost: true });
    expect(moved).toMatchObject({ status: 'ok', finalUrl: `${base}/feed/moved` });
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    await client.close();
  });

  it("sends a sole-host feed's first request through the client's one-connection dispatcher, and redirect hops through the shared one", async () => {
    const network: NetworkConfig = { allowPrivate: true, allowCidrs: [], userAgent: 'newswatch-test', timeoutMs: 5_000, maxBytes: 1_000_000 };
    const origins = { shared: [] as string[], sole: [] as string[] };
    const counted = (agent: Agent, into: string[]) =>
      agent.compose((dispatch) => (options, handler) => {
        into.push(String(options.path));
        return dispatch(options, handler);
      });
    const shared = new Agent({ connections: 4 });
    const sole = new Agent({ connections: 1 });
    const client: HttpClient = { dispatcher: counted(shared, origins.shared), soleHostDispatcher: counted(sole, origins.sole), close: async () => {} };
    const limiter = createHostLimiter(connect(), { maxConcurrent: 1, minSpacingMs: 0, pollMs: 5, keyPrefix: 't9:' });
    expect(await fetchFeed(`${base}/moved`, { network, client, hostLimiter: limiter, soleHost: true })).toMatchObject({ status: 'ok', finalUrl: `${base}/feed/moved` });
    expect(origins).toEqual({ sole: ['/moved'], shared: ['/feed/moved'] });
    expect((await fetchFeed(`${base}/feed/other`, { network, client, hostLimiter: limiter })).status).toBe('ok');
    expect(origins).toEqual({ sole: ['/moved'], shared: ['/feed/moved', '/feed/other'] });
    await Promise.all([shared.close(), sole.close()]);
    // The daemon's own client has both.
    const own = createHttpClient(network);
    expect(own.soleHostDispatcher).toBeDefined();
    await own.close();
  });
});
