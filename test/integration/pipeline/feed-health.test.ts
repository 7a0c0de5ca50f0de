import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfigRuntime } from '../../../src/app.js';
import { loadConfig, type Config } from '../../../src/config/index.js';
import { checkFeed, type CheckFeedDeps } from '../../../src/pipeline/index.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { respondWith, serveFeed, startHttpPeer, type HttpPeer, type Route } from '../../helpers/http-peers.js';
import { gulfDailyItems, rss } from '../../fixtures/news-feeds.js';

/** The failure lifecycle of a feed, through checkFeed with a real store, feed server and health webhook. */
describe('feed health (real SQLite store and HTTP servers)', () => {
  let dir: string;
  let http: HttpPeer;
  let store: Store;
  let config: Config;
  let deps: CheckFeedDeps;
  let feedRoute: Route = respondWith(500, 'broken');
  const health = () => http.requests.filter((r) => r.path === '/health').map((r) => (JSON.parse(r.body) as { articles: { title: string }[] }).articles[0]!.title);
  const t0 = new Date('2026-11-24T08:00:00Z');
  const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-health-'));
    http = await startHttpPeer();
    http.route('/feed.xml', (req, res, body) => feedRoute(req, res, body));
    http.route('/gone.xml', respondWith(410, 'gone'));
    http.route('/health', respondWith(204));
    const file = join(dir, 'newswatch.yaml');
    writeFileSync(
      file,
      `network: { allow_private: true }
feeds:
  - { id: flaky, url: "${http.url}/feed.xml", every: 1m, unhealthy_after: 3, health_notify: ops }
  - { id: retired, url: "${http.url}/gone.xml", health_notify: ops }
notifiers:
  - { id: ops, type: webhook, url: "${http.url}/health" }
`,
    );
    config = loadConfig(file, { env: {}, cwd: dir });
    store = await openStore(`sqlite:${join(dir, 'newswatch.db')}`);
    await store.syncFeeds(config.feeds, t0);
    deps = { ...buildConfigRuntime(config), store, logger: pino({ level: 'silent' }) };
  });
  afterAll(async () => {
    await store?.close();
    await http?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs off, turns unhealthy after N failures in a row (one message), and recovers (one message)', async () => {
    const flaky = config.feeds[0]!;
    const nextChecks: number[] = [];
    for (let i = 0; i < 5; i++) {
      expect(await checkFeed(deps, flaky, minutes(i))).toMatchObject({ status: 'error' });
      const state = (await store.getFeed('flaky'))!;
      nextChecks.push(state.nextCheckAt.getTime() - minutes(i).getTime());
      expect(state.health).toBe(i + 1 >= 3 ? 'unhealthy' : 'ok');
    }
    // Exponential backoff with jitter: each wait roughly doubles.
    for (let i = 1; i < nextChecks.length; i++) expect(nextChecks[i]!).toBeGreaterThan(nextChecks[i - 1]! * 1.5);
    expect(health()).toEqual(['Feed "flaky" has failed 3 times in a row: HTTP 500 from http://127.0.0.1:' + new URL(http.url).port + '/feed.xml']);

    feedRoute = serveFeed(() => rss('Gulf Daily', gulfDailyItems(t0)));
    expect(await checkFeed(deps, flaky, minutes(30))).toMatchObject({ status: 'ok' });
    expect(await store.getFeed('flaky')).toMatchObject({ health: 'ok', consecutiveFailures: 0 });
    expect(health()).toHaveLength(2);
    expect(health()[1]).toBe('Feed "flaky" works again');
  });

  it('pauses a feed that answers 410 Gone and says so', async () => {
    const retired = config.feeds[1]!;
    expect(await checkFeed(deps, retired, t0)).toMatchObject({ status: 'error', retryable: false });
    expect(await store.getFeed('retired')).toMatchObject({ health: 'gone', lastHttpStatus: 410 });
    expect(await store.dueFeedIds(minutes(60 * 48), 10)).not.toContain('retired');
    expect(health().at(-1)).toMatch(/^Feed "retired" is gone \(410\) and paused/);
  });
});
