import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startDaemon, waitFor } from '../helpers/cli.js';
import { serveFeed, startHttpPeer, type HttpPeer, type Route } from '../helpers/http-peers.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';
import { ABRAHAM_QUERY, eveningWireItems, gulfDailyItems, rss, type FixtureItem } from '../fixtures/news-feeds.js';

describe('the daemon across restarts (real redis-server and HTTP servers)', () => {
  let redis: TestRedis;
  let http: HttpPeer;
  let dir: string;
  let configFile: string;
  const now = new Date();
  let gulfItems: FixtureItem[] = gulfDailyItems(now);
  let hookStatus = 204;
  const hooks = () => http.requests.filter((r) => r.method === 'POST' && r.path === '/hook');
  const hookIds = () => hooks().map((h) => h.headers['webhook-id'] as string);

  beforeAll(async () => {
    [redis, http] = await Promise.all([startRedisServer(), startHttpPeer()]);
    dir = mkdtempSync(join(tmpdir(), 'nw-restart-'));
    http.route('/gulf-daily.xml', serveFeed(() => rss('Gulf Daily', gulfItems)));
    http.route('/evening-wire.xml', serveFeed(() => rss('Evening Wire', eveningWireItems(now))));
    const hook: Route = (_req, res) => res.writeHead(hookStatus).end();
    http.route('/hook', hook);
    configFile = join(dir, 'newswatch.yaml');
    writeFileSync(
      configFile,
      `redis: ${redis.url}
store: sqlite:${join(dir, 'newswatch.db')}
tick: 1s
network: { allow_private: true, timeout: 5s }
feeds:
  - { id: gulf-daily, url: "${http.url}/gulf-daily.xml", every: 30s }
  - { id: evening-wire, url: "${http.url}/evening-wire.xml", every: 30s }
topics:
  - { id: accords, name: Abraham Accords membership, query: '${ABRAHAM_QUERY}', notify: [hook] }
notifiers:
  - { id: hook, type: webhook, url: "${http.url}/hook" }
`,
    );
  }, 30_000);

  afterAll(async () => {
    await Promise.all([redis?.stop(), http?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a failed delivery and delivers it once, with the same webhook-id, on the next run', async () => {
    hookStatus = 500;
    const first = await runCli(['run', '--once', '--config', configFile], { cwd: dir });
    expect(first.code).toBe(0);
    const failedIds = new Set(hookIds());
    expect(failedIds.size).toBe(2);

    hookStatus = 204;
    const second = await runCli(['run', '--once', '--config', configFile], { cwd: dir });
    expect(second.code).toBe(0);
    const okIds = hooks().slice(-2).map((h) => h.headers['webhook-id']);
    expect(new Set(okIds)).toEqual(failedIds);

    const third = await runCli(['run', '--once', '--config', configFile], { cwd: dir });
    expect(third.code).toBe(0);
    expect(hooks()).toHaveLength(4);
  }, 90_000);

  it('runs as a daemon, stops gracefully on SIGTERM, and after a restart alerts only on what is new', async () => {
    const before = hooks().length;
    const daemon = startDaemon(['--config', configFile], { cwd: dir });
    // Feeds are due at start only if their next check has passed; the previous runs set it 30 s ahead.
    await waitFor(() => daemon.stderr().includes('newswatch running'), 20_000, 'daemon start');
    expect(await daemon.stop('SIGTERM')).toBe(0);
    expect(daemon.stderr()).toContain('"msg":"stopped"');
    expect(hooks()).toHaveLength(before);

    gulfItems = [
      {
        title: 'Azerbaijan says it will join the Abraham Accords',
        link: 'https://gulf-daily.example/world/azerbaijan-abraham-accords',
        description: 'Officials in Baku said Azerbaijan would sign the Abraham Accords next month.',
        published: new Date(),
      },
      ...gulfItems,
    ];
    const restarted = startDaemon(['--config', configFile], { cwd: dir });
    try {
      // The next check comes due within 30 s; the tick (1 s) picks it up.
      await waitFor(() => hooks().length > before, 45_000, 'the new alert');
      await new Promise((r) => setTimeout(r, 1500));
      const fresh = hooks().slice(before).map((h) => JSON.parse(h.body) as { articles: { title: string }[] });
      expect(fresh.map((b) => b.articles[0]!.title)).toEqual(['Azerbaijan says it will join the Abraham Accords']);
    } finally {
      expect(await restarted.stop('SIGINT')).toBe(0);
    }
  }, 90_000);
});
