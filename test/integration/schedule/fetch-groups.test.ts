import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../../src/config/index.js';
import { closeParsePool } from '../../../src/parse/index.js';
import { runOnce, type Scheduler } from '../../../src/schedule/index.js';
import { fetchGroupOf, groupFeeds } from '../../../src/schedule/feed-groups.js';
import { FETCH_QUEUE, fetchGroupDedupId } from '../../../src/schedule/jobs.js';
import type { Store } from '../../../src/store/index.js';
import { serveFeed, startHttpPeer, type HttpPeer } from '../../helpers/http-peers.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { closeTestScheduler, openTestScheduler, type TestScheduler } from '../../helpers/scheduler.js';
import { rss } from '../../fixtures/news-feeds.js';

const FEEDS = 40;

/** Fetch jobs that each check a group of feeds, on a real redis-server, SQLite store and HTTP servers. */
describe('fetch groups (real redis-server, store and HTTP servers)', () => {
  let redis: TestRedis;
  let dir: string;
  // One server per feed: the host limiter spaces requests to one host by a second.
  let peers: HttpPeer[] = [];
  let config: Config;
  let store: Store;
  let opened: TestScheduler | undefined;
  const ids = Array.from({ length: FEEDS }, (_, i) => `feed-${i}`);
  const gets = (i: number) => peers[i]!.requests.filter((r) => r.method === 'GET').length;

  beforeAll(async () => {
    redis = await startRedisServer();
    dir = mkdtempSync(join(tmpdir(), 'nw-groups-'));
    peers = await Promise.all(ids.map(() => startHttpPeer()));
    const now = new Date();
    peers.forEach((peer, i) =>
      peer.route('/feed.xml', serveFeed(() => rss(`Feed ${i}`, [{ title: `Report ${i}`, link: `https://news.example/${i}`, description: `Item ${i}.`, published: now }]))),
    );
    const file = join(dir, 'newswatch.yaml');
    writeFileSync(file, `network: { allow_private: true, timeout: 5s }\nfeeds:\n${ids.map((id, i) => `  - { id: ${id}, url: "${peers[i]!.url}/feed.xml" }`).join('\n')}\n`);
    config = loadConfig(file, { env: {}, cwd: dir });
  }, 30_000);

  afterEach(async () => {
    await closeTestScheduler(opened, redis.url);
    opened = undefined;
    for (const peer of peers) peer.requests.length = 0;
  });

  afterAll(async () => {
    await closeParsePool();
    await Promise.all([redis?.stop(), ...peers.map((p) => p.close())]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** A scheduler on a fresh store; `wrapStore` may replace store methods (to make a check throw). */
  async function startScheduler(db: string, wrapStore?: (s: Store) => Store): Promise<Scheduler> {
    opened = await openTestScheduler({ redisUrl: redis.url, config, storeFile: join(dir, db), ...(wrapStore ? { wrapStore } : {}) });
    store = opened.store;
    return opened.scheduler;
  }

  it('enqueues one job per group, and the jobs check every feed exactly once', async () => {
    const s = await startScheduler('once.db');
    const queue = new Queue(FETCH_QUEUE, { connection: { url: redis.url } });
    await s.enqueueFeeds(ids);
    expect(await queue.getWaitingCount()).toBe(groupFeeds(ids).size);
    await queue.close();

    const startedAt = new Date(Date.now() - 1);
    await s.start({ ticks: false });
    const summary = await runOnce(s, store, ids, startedAt, 30_000);
    expect(summary.failedFeeds).toEqual([]);
    expect((await store.feedsCheckedSince(startedAt)).size).toBe(FEEDS);
    expect(ids.map((_, i) => gets(i))).toEqual(ids.map(() => 1));
  }, 60_000);

  it('retries only the feed whose check threw, not the rest of its group', async () => {
    const group = [...groupFeeds(ids).values()].find((g) => g.length >= 2)!;
    const victim = group[group.length - 1]!;
    let thrown = false;
    const s = await startScheduler('throws.db', (real) =>
      new Proxy(real, {
        get(target, key, receiver) {
          if (key !== 'unseenKeys') return Reflect.get(target, key, receiver) as unknown;
          return async (feedId: string, keys: readonly string[]) => {
            if (feedId === victim && !thrown) {
              thrown = true;
              throw new Error('store unavailable');
            }
            return target.unseenKeys(feedId, keys);
          };
        },
      }),
    );
    const startedAt = new Date(Date.now() - 1);
    await s.start({ ticks: false });
    await runOnce(s, store, group, startedAt, 30_000);
    expect(thrown).toBe(true);
    expect((await store.feedsCheckedSince(startedAt)).size).toBe(group.length);
    // The victim was fetched by the failed attempt and by the retry (its validators were never stored); its
    // group mates once each.
    expect(group.map((id) => gets(ids.indexOf(id)))).toEqual(group.map((id) => (id === victim ? 2 : 1)));
  }, 60_000);

  it("commits a group's 304s together, and a failed commit leaves those feeds due rather than lost", async () => {
    const group = [...groupFeeds(ids).values()].find((g) => g.length >= 2)!;
    let failCommits = 0;
    let transactions = 0;
    const s = await startScheduler('unchanged.db', (real) =>
      new Proxy(real, {
        get(target, key, receiver) {
          if (key !== 'transaction') return Reflect.get(target, key, receiver) as unknown;
          return async (work: Parameters<Store['transaction']>[0]) => {
            transactions++;
            if (failCommits > 0) {
              failCommits--;
              throw new Error('store unavailable');
            }
            return target.transaction(work);
          };
        },
      }),
    );
    await s.start({ ticks: false });
    const firstRun = new Date(Date.now() - 1);
    await runOnce(s, store, group, firstRun, 30_000);
    const before = new Map((await store.listFeeds()).map((f) => [f.id, f]));

    // Second run: every feed answers 304. The one commit of their states fails once; the job's retry commits them.
    failCommits = 1;
    transactions = 0;
    await new Promise((r) => setTimeout(r, 5));
    const secondRun = new Date();
    const summary = await runOnce(s, store, group, secondRun, 30_000);
    expect(summary.failedFeeds).toEqual([]);
    expect(failCommits).toBe(0);
    // One transaction for the whole group, failed, then one more by the retry: not one commit per feed.
    expect(transactions).toBe(2);
    const checked = await store.feedsCheckedSince(secondRun);
    expect([...checked.values()]).toEqual(group.map(() => 'not-modified'));
    for (const id of group) {
      const after = (await store.getFeed(id))!;
      expect(after.etag).toBe(before.get(id)!.etag);
      expect(after.lastCheckedAt!.getTime()).toBeGreaterThan(before.get(id)!.lastCheckedAt!.getTime());
    }
  }, 60_000);

  it('run --once checks a feed that a group job already queued without it left out', async () => {
    const group = [...groupFeeds(ids).values()].find((g) => g.length >= 2)!;
    const [first, ...rest] = group as [string, ...string[]];
    const s = await startScheduler('leftover.db');
    // The first feed answers slowly, so the leftover job is still running when run --once enqueues the group.
    const slowPeer = peers[ids.indexOf(first)]!;
    const serve = serveFeed(() => rss('Slow', [{ title: 'Slow report', link: 'https://news.example/slow', description: 'Slow.', published: new Date() }]));
    slowPeer.route('/feed.xml', (req, res, body) => void setTimeout(() => serve(req, res, body), 1_500));
    // A job of the same group, as an earlier process may have left it, holding only the first feed.
    const queue = new Queue(FETCH_QUEUE, { connection: { url: redis.url } });
    await queue.add('fetch-feeds', { feedIds: [first] }, { deduplication: { id: fetchGroupDedupId(fetchGroupOf(first)) } });
    await queue.close();

    const startedAt = new Date(Date.now() - 1);
    await s.enqueueFeeds(group); // deduplicated away: the group's job is queued
    await s.start({ ticks: false });
    const summary = await runOnce(s, store, group, startedAt, 30_000);
    expect(summary.feeds).toBe(group.length);
    expect((await store.feedsCheckedSince(startedAt)).size).toBe(group.length);
    for (const id of rest) expect(gets(ids.indexOf(id))).toBe(1);
  }, 60_000);
});

