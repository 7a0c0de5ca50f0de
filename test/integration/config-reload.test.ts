import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logLines, startDaemon, waitFor } from '../helpers/cli.js';
import { respondWith, serveFeed, startHttpPeer, type HttpPeer } from '../helpers/http-peers.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';
import { ABRAHAM_QUERY, eveningWireItems, gulfDailyItems, rss } from '../fixtures/news-feeds.js';

describe('hot config reload (real redis-server and HTTP servers)', () => {
  let redis: TestRedis;
  let http: HttpPeer;
  let dir: string;
  const now = new Date();

  beforeAll(async () => {
    [redis, http] = await Promise.all([startRedisServer(), startHttpPeer()]);
    dir = mkdtempSync(join(tmpdir(), 'nw-reload-'));
    http.route('/gulf-daily.xml', serveFeed(() => rss('Gulf Daily', gulfDailyItems(now))));
    http.route('/evening-wire.xml', serveFeed(() => rss('Evening Wire', eveningWireItems(now))));
    http.route('/hook', respondWith(204));
  }, 30_000);
  afterAll(async () => {
    await Promise.all([redis?.stop(), http?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const config = (feeds: string[], query: string) => `redis: ${redis.url}
store: sqlite:${join(dir, 'newswatch.db')}
tick: 1s
network: { allow_private: true }
feeds:
${feeds.map((f) => `  - { id: ${f}, url: "${http.url}/${f}.xml" }`).join('\n')}
topics:
  - { id: accords, name: Abraham Accords membership, query: '${query}', notify: [hook] }
notifiers:
  - { id: hook, type: webhook, url: "${http.url}/hook" }
`;

  it('keeps running on a broken config, then applies a valid one without a restart', async () => {
    const file = join(dir, 'newswatch.yaml');
    writeFileSync(file, config(['gulf-daily'], '"Honda Civic"'));
    const daemon = startDaemon(['--config', file], { cwd: dir });
    try {
      await waitFor(() => daemon.stderr().includes('"feedId":"gulf-daily"') && daemon.stderr().includes('feed checked'), 20_000, 'first check');

      writeFileSync(file, `${config(['gulf-daily'], '"Honda Civic"')}\nfeedz: []\n`);
      await waitFor(() => daemon.stderr().includes('config reload failed'), 10_000, 'the reload error');
      const failure = logLines(daemon.stderr()).find((l) => String(l.msg).startsWith('config reload failed'));
      expect(failure?.err).toMatch(/newswatch\.yaml:\d+:1: feedz: unknown key "feedz"/);

      writeFileSync(file, config(['gulf-daily', 'evening-wire'], ABRAHAM_QUERY));
      await waitFor(() => daemon.stderr().includes('config reloaded'), 10_000, 'the reload');
      // The new feed is due at once; its accession report matches the new query.
      await waitFor(() => http.requests.some((r) => r.path === '/hook'), 20_000, 'an alert');
      const alert = JSON.parse(http.requests.find((r) => r.path === '/hook')!.body) as { articles: { source: string }[] };
      expect(alert.articles[0]!.source).toBe('Evening Wire');
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  }, 60_000);
});
