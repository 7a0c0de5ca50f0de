import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../../src/config/index.js';
import { closeParsePool } from '../../../src/parse/index.js';
import { DELIVERY_LEASE_MS, runOnce, type Scheduler } from '../../../src/schedule/index.js';
import { DELIVER_QUEUE } from '../../../src/schedule/jobs.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { waitFor } from '../../helpers/cli.js';
import { respondWith, serveFeed, startHttpPeer, type HttpPeer } from '../../helpers/http-peers.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { closeTestScheduler, openTestScheduler, type TestScheduler } from '../../helpers/scheduler.js';
import { ABRAHAM_QUERY, eveningWireItems, rss } from '../../fixtures/news-feeds.js';

/**
 * A new delivery's first attempt is made by the fetch job's process, without a queued job; retries go through the
 * queue, and a delivery whose process died before trying it waits for its lease to end, then the reconcile sends it.
 * Real redis-server, SQLite store and HTTP servers.
 */
describe('inline first delivery attempts (real redis-server, store and HTTP servers)', () => {
  let redis: TestRedis;
  let http: HttpPeer;
  let dir: string;
  let config: Config;
  let store: Store;
  let opened: TestScheduler | undefined;
  const hooks = () => http.requests.filter((r) => r.path === '/hook');
  /** Jobs ever added to the deliver queue: each `add` writes an "added" event to the queue's event stream. */
  const deliverJobsAdded = async () => {
    const client = new Redis(redis.url);
    try {
      const events = (await client.xrange(`bull:${DELIVER_QUEUE}:events`, '-', '+')) as [string, string[]][];
      return events.filter(([, fields]) => fields[1] === 'added').length;
    } finally {
      client.disconnect();
    }
  };

  beforeAll(async () => {
    [redis, http] = await Promise.all([startRedisServer(), startHttpPeer()]);
    dir = mkdtempSync(join(tmpdir(), 'nw-inline-'));
    http.route('/wire.xml', serveFeed(() => rss('Evening Wire', eveningWireItems(new Date()).slice(0, 1))));
    const file = join(dir, 'newswatch.yaml');
    writeFileSync(
      file,
      `network: { allow_private: true, timeout: 5s }
feeds:
  - { id: wire, url: "${http.url}/wire.xml" }
topics:
  - { id: accords, name: Abraham Accords membership, query: '${ABRAHAM_QUERY}', alert: article, notify: [hook] }
notifiers:
  - { id: hook, type: webhook, url: "${http.url}/hook" }
delivery: { retry_schedule: [1s, 1s] }
`,
    );
    config = loadConfig(file, { env: {}, cwd: dir });
  }, 30_000);

  afterEach(async () => {
    await closeTestScheduler(opened, redis.url);
    opened = undefined;
    http.requests.length = 0;
  });

  afterAll(async () => {
    await closeParsePool();
    await Promise.all([redis?.stop(), http?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  async function startScheduler(db: string, now?: () => Date): Promise<Scheduler> {
    opened = await openTestScheduler({ redisUrl: redis.url, config, storeFile: join(dir, db), ...(now ? { now } : {}) });
    store = opened.store;
    await opened.scheduler.start({ ticks: false });
    return opened.scheduler;
  }

  it('sends a new alert without queueing a delivery job for it', async () => {
    http.route('/hook', respondWith(204));
    const s = await startScheduler('sent.db');
    const summary = await runOnce(s, store, ['wire'], new Date(), 20_000);
    expect(summary).toMatchObject({ delivered: 1, awaitingRetry: 0, failedDeliveries: 0 });
    expect(hooks()).toHaveLength(1);
    expect(await deliverJobsAdded()).toBe(0);
  }, 30_000);

  it('retries a failed inline attempt through a queued job, counting the inline attempt against the schedule', async () => {
    let calls = 0;
    http.route('/hook', (req, res, body) => respondWith(++calls === 1 ? 503 : 204)(req, res, body));
    const s = await startScheduler('retried.db');
    await runOnce(s, store, ['wire'], new Date(), 20_000);
    await waitFor(() => hooks().length === 2, 10_000, 'the retry');
    const [delivery] = await store.listDeliveries({ limit: 10 });
    await waitFor(async () => (await store.getDelivery(delivery!.id))?.status === 'delivered', 5_000, 'delivered');
    expect(await store.getDelivery(delivery!.id)).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(new Set(hooks().map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(await deliverJobsAdded()).toBe(1);
  }, 30_000);

  it('leaves a delivery leased to a process that died alone until the lease ends, then the reconcile sends it once', async () => {
    http.route('/hook', respondWith(204));
    const t0 = new Date();
    let clock = t0;
    // The process that stored it died before its attempt: the delivery is pending, leased, with no job.
    const dead = await openStore(`sqlite:${join(dir, 'leased.db')}`);
    await dead.syncFeeds(config.feeds, t0);
    const deliveryId = await dead.transaction(async (tx) => {
      const [articleId] = await tx.insertArticles('wire', [{ article: { key: 'k1', feedId: 'wire', source: 'Evening Wire', url: 'https://news.example/k1', title: 'Kazakhstan joins the Abraham Accords', summary: 'It signs.', content: '', published: t0 }, urlKey: 'news.example/k1', fingerprint: null }], t0);
      const matchId = await tx.insertMatch({ topicId: 'accords', topicName: 'Abraham Accords membership', articleId: articleId!, storyId: null, score: 1, matchedTerms: ['abraham accords'], snippet: 'joins', entities: [], alerted: true }, t0);
      const [id] = await tx.insertDeliveries({ matchId: matchId!, storyId: null, notifierIds: ['hook'], isUpdate: false, leaseUntil: new Date(t0.getTime() + DELIVERY_LEASE_MS) }, t0);
      return id!;
    });
    await dead.close();

    const s = await startScheduler('leased.db', () => clock);
    await s.reconcile();
    await new Promise((r) => setTimeout(r, 1500));
    expect(hooks()).toHaveLength(0);
    clock = new Date(t0.getTime() + DELIVERY_LEASE_MS);
    await s.reconcile();
    await waitFor(async () => (await store.getDelivery(deliveryId))?.status === 'delivered', 10_000, 'the delivery after its lease');
    await s.reconcile();
    await new Promise((r) => setTimeout(r, 500));
    expect(hooks()).toHaveLength(1);
  }, 30_000);
});
