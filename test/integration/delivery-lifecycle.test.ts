import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startDaemon, waitFor, type RunningDaemon } from '../helpers/cli.js';
import { startHttpPeer, type HttpPeer, type RecordedRequest, serveFeed } from '../helpers/http-peers.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';
import { ABRAHAM_QUERY, azerbaijanItem, eveningWireItems, gulfDailyItems, rss } from '../fixtures/news-feeds.js';

/**
 * Delivery as users see it, through the real daemon: retries with backoff and one webhook-id, permanent failures
 * visible in `deliveries --failed`, Retry-After honoured, 410 disabling the notifier, rate limits delaying (never
 * dropping) alerts.
 */
describe('delivery lifecycle (real redis-server and HTTP receivers)', () => {
  let redis: TestRedis;
  let http: HttpPeer;
  let dir: string;
  let config: string;
  let daemon: RunningDaemon;
  const now = new Date();
  const posts = (path: string): RecordedRequest[] => http.requests.filter((r) => r.method === 'POST' && r.path === path);
  const times = new Map<string, number[]>();
  const scripted = (path: string, replies: [number, Record<string, string>?][]) => {
    let n = 0;
    http.route(path, (_req, res) => {
      times.set(path, [...(times.get(path) ?? []), Date.now()]);
      const [status, headers] = replies[Math.min(n++, replies.length - 1)]!;
      res.writeHead(status, headers ?? {}).end();
    });
  };

  beforeAll(async () => {
    [redis, http] = await Promise.all([startRedisServer(), startHttpPeer()]);
    dir = mkdtempSync(join(tmpdir(), 'nw-delivery-'));
    http.route('/gulf-daily.xml', serveFeed(() => rss('Gulf Daily', gulfDailyItems(now))));
    http.route('/evening-wire.xml', serveFeed(() => rss('Evening Wire', [azerbaijanItem(now), ...eveningWireItems(now)])));
    scripted('/flaky', [[500], [500], [500], [200]]);
    scripted('/bad', [[400]]);
    scripted('/busy', [[429, { 'Retry-After': '2' }], [200]]);
    scripted('/gone', [[410]]);
    scripted('/limited', [[204]]);
    config = join(dir, 'newswatch.yaml');
    writeFileSync(
      config,
      `redis: ${redis.url}
store: sqlite:${join(dir, 'newswatch.db')}
tick: 1s
network: { allow_private: true }
delivery: { retry_schedule: [1s, 1s, 1s, 1s] }
feeds:
  - { id: gulf-daily, url: "${http.url}/gulf-daily.xml" }
  - { id: evening-wire, url: "${http.url}/evening-wire.xml" }
topics:
  - { id: azerbaijan, name: Azerbaijan, query: 'azerbaijan AND "abraham accords"', notify: [flaky, bad, busy, gone] }
  - { id: accords, name: Abraham Accords membership, query: '${ABRAHAM_QUERY}', alert: article, notify: [limited] }
notifiers:
  - { id: flaky, type: webhook, url: "${http.url}/flaky" }
  - { id: bad, type: webhook, url: "${http.url}/bad" }
  - { id: busy, type: webhook, url: "${http.url}/busy" }
  - { id: gone, type: webhook, url: "${http.url}/gone" }
  - { id: limited, type: webhook, url: "${http.url}/limited", rate_limit: 1/2s }
`,
    );
    daemon = startDaemon(['--config', config], { cwd: dir });
    await waitFor(() => posts('/flaky').length >= 4 && posts('/limited').length >= 3 && posts('/busy').length >= 2, 40_000, 'deliveries');
    // Give a wrongly scheduled extra retry time to show up.
    await new Promise((r) => setTimeout(r, 2500));
  }, 60_000);

  afterAll(async () => {
    await daemon?.stop();
    await Promise.all([redis?.stop(), http?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('retries a receiver that answers 500 three times and delivers exactly once more, under one webhook-id', () => {
    const requests = posts('/flaky');
    expect(requests).toHaveLength(4);
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(requests.map((r) => r.headers['webhook-timestamp'])).size).toBeGreaterThan(1);
  });

  it('does not retry a 400, and shows why in `deliveries --failed`', async () => {
    expect(posts('/bad')).toHaveLength(1);
    const res = await runCli(['deliveries', '--failed', '--json', '--config', config], { cwd: dir });
    expect(res.code).toBe(0);
    const failed = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { notifier: string; status: string; last_error: string; attempts: number });
    const bad = failed.find((d) => d.notifier === 'bad');
    expect(bad).toMatchObject({ status: 'failed', attempts: 1 });
    expect(bad!.last_error).toMatch(/400/);
  });

  it('waits at least Retry-After before retrying a 429', () => {
    const [first, second] = times.get('/busy')!;
    expect(posts('/busy')).toHaveLength(2);
    expect(second! - first!).toBeGreaterThanOrEqual(2000);
  });

  it('disables a notifier whose endpoint answers 410, loudly, and `notify test` re-enables it once it works', async () => {
    expect(posts('/gone')).toHaveLength(1);
    expect(daemon.stderr()).toMatch(/NOTIFIER DISABLED/);
    const failed = await runCli(['deliveries', '--failed', '--json', '--config', config], { cwd: dir });
    expect(failed.stdout).toMatch(/410 Gone/);
    scripted('/gone', [[204]]);
    const test = await runCli(['notify', 'test', 'gone', '--config', config], { cwd: dir });
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/enabled again/);
    const retried = await runCli(['deliveries', 'retry', '--all-failed', '--config', config], { cwd: dir });
    expect(retried.code).toBe(0);
    const originalId = posts('/gone')[0]!.headers['webhook-id'];
    await waitFor(() => posts('/gone').filter((r) => r.headers['webhook-id'] === originalId).length === 2, 15_000, 'the retried delivery');
  }, 30_000);

  it('spaces alerts to a rate-limited notifier instead of dropping them', () => {
    const sent = times.get('/limited')!;
    expect(posts('/limited')).toHaveLength(3);
    for (let i = 1; i < sent.length; i++) expect(sent[i]! - sent[i - 1]!).toBeGreaterThanOrEqual(1900);
  });
});
