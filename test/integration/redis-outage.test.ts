import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, waitFor, type RunningDaemon } from '../helpers/cli.js';
import { respondWith, serveFeed, startHttpPeer, type HttpPeer } from '../helpers/http-peers.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';
import { ABRAHAM_QUERY, azerbaijanItem, eveningWireItems, gulfDailyItems, rss } from '../fixtures/news-feeds.js';

/**
 * RELIABILITY rows 3 and 4: the daemon survives a Redis crash and a Redis that lost its data, and keeps alerting.
 * New feeds are added by editing the config (hot reload), so each phase has fresh work that only a working
 * queue can deliver.
 */
describe('Redis outages (real redis-server killed, restarted and flushed)', () => {
  let redis: TestRedis;
  let http: HttpPeer;
  let dir: string;
  let file: string;
  let daemon: RunningDaemon;
  const now = new Date();
  const alerts = () => http.requests.filter((r) => r.path === '/hook').map((r) => JSON.parse(r.body) as { articles: { source: string }[] });
  const writeConfig = (feeds: string[]) =>
    writeFileSync(
      file,
      `redis: ${redis.url}
store: sqlite:${join(dir, 'newswatch.db')}
tick: 1s
network: { allow_private: true }
feeds:
${feeds.map((f) => `  - { id: ${f}, url: "${http.url}/${f}.xml", name: ${f} }`).join('\n')}
topics:
  - { id: accords, name: Abraham Accords membership, query: '${ABRAHAM_QUERY}', alert: article, notify: [hook] }
notifiers:
  - { id: hook, type: webhook, url: "${http.url}/hook" }
`,
    );

  beforeAll(async () => {
    [redis, http] = await Promise.all([startRedisServer(), startHttpPeer()]);
    dir = mkdtempSync(join(tmpdir(), 'nw-outage-'));
    file = join(dir, 'newswatch.yaml');
    http.route('/first.xml', serveFeed(() => rss('First', gulfDailyItems(now).slice(0, 1))));
    http.route('/second.xml', serveFeed(() => rss('Second', eveningWireItems(now).slice(0, 1))));
    http.route('/third.xml', serveFeed(() => rss('Third', [azerbaijanItem(now)])));
    http.route('/hook', respondWith(204));
    writeConfig(['first']);
    daemon = startDaemon(['--config', file], { cwd: dir });
    await waitFor(() => alerts().length === 1, 20_000, 'the first alert');
  }, 40_000);

  afterAll(async () => {
    await daemon?.stop();
    await Promise.all([redis?.stop(), http?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps running while Redis is down and resumes when it comes back', async () => {
    await redis.kill();
    await new Promise((r) => setTimeout(r, 3000));
    await redis.restart();
    writeConfig(['first', 'second']);
    await waitFor(() => alerts().length === 2, 30_000, 'an alert after the restart');
    expect(alerts()[1]!.articles[0]!.source).toBe('second');
  }, 45_000);

  it('rebuilds its schedule after Redis lost every key (FLUSHALL)', async () => {
    const client = new Redis(redis.url);
    await client.flushall();
    client.disconnect();
    writeConfig(['first', 'second', 'third']);
    await waitFor(() => alerts().length === 3, 30_000, 'an alert after FLUSHALL');
    expect(alerts()[2]!.articles[0]!.source).toBe('third');
    // Nothing was sent twice.
    expect(new Set(http.requests.filter((r) => r.path === '/hook').map((r) => r.headers['webhook-id'])).size).toBe(3);
  }, 45_000);
});
