import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logLines, runCli } from '../helpers/cli.js';
import { respondWith, serveFeed, startHttpPeer, type HttpPeer } from '../helpers/http-peers.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { ABRAHAM_QUERY, eveningWireItems, gulfDailyItems, rss } from '../fixtures/news-feeds.js';

describe('newswatch run --once, end to end (real redis-server, SMTP server and HTTP servers)', () => {
  let redis: TestRedis;
  let smtp: SmtpSink;
  let http: HttpPeer;
  let dir: string;
  let configFile: string;
  const now = new Date();
  const hooks = () => http.requests.filter((r) => r.method === 'POST' && r.path === '/hook');
  const feedGets = (path: string) => http.requests.filter((r) => r.method === 'GET' && r.path === path);

  beforeAll(async () => {
    [redis, smtp, http] = await Promise.all([startRedisServer(), startSmtpSink(), startHttpPeer()]);
    dir = mkdtempSync(join(tmpdir(), 'nw-e2e-'));
    http.route('/gulf-daily.xml', serveFeed(() => rss('Gulf Daily - World', gulfDailyItems(now))));
    http.route('/evening-wire.xml', serveFeed(() => rss('Evening Wire', eveningWireItems(now))));
    http.route('/broken-500.xml', respondWith(500, 'internal error'));
    http.route('/not-xml.xml', respondWith(200, 'this is plain text, not a feed', { 'Content-Type': 'text/plain' }));
    http.route('/slow.xml', () => {}); // never answers
    http.route('/hook', respondWith(204));
    configFile = join(dir, 'newswatch.yaml');
    writeFileSync(
      configFile,
      `redis: \${TEST_REDIS_URL}
store: sqlite:${join(dir, 'newswatch.db')}
network:
  allow_private: true
  timeout: 2s
feeds:
  - { id: gulf-daily, url: "${http.url}/gulf-daily.xml" }
  - { id: evening-wire, url: "${http.url}/evening-wire.xml", name: Evening Wire }
  - { id: broken-500, url: "${http.url}/broken-500.xml" }
  - { id: not-xml, url: "${http.url}/not-xml.xml" }
  - { id: slow-feed, url: "${http.url}/slow.xml" }
topics:
  - id: abraham-accords-membership
    name: Abraham Accords membership
    query: '${ABRAHAM_QUERY}'
    notify: [hook, mail]
notifiers:
  - id: hook
    type: webhook
    url: ${http.url}/hook
  - id: mail
    type: email
    smtp: \${TEST_SMTP_URL}
    from: newswatch@example.org
    to: [analyst@example.org]
`,
    );
  }, 30_000);

  afterAll(async () => {
    await Promise.all([redis?.stop(), smtp?.close(), http?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const env = () => ({ TEST_REDIS_URL: redis.url, TEST_SMTP_URL: smtp.url });

  it('alerts on both reports of the accession by webhook and email, and on nothing else', async () => {
    const run = await runCli(['run', '--once', '--config', configFile], { cwd: dir, env: env() });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.code).toBe(0);

    const bodies = hooks().map((h) => JSON.parse(h.body) as { type: string; topic: { id: string }; articles: { url: string; title: string; source: string }[] });
    expect(bodies).toHaveLength(2);
    for (const b of bodies) {
      expect(b.type).toBe('newswatch.alert');
      expect(b.topic.id).toBe('abraham-accords-membership');
    }
    const articles = bodies.flatMap((b) => b.articles);
    expect(articles.map((a) => a.title).sort()).toEqual([
      'Kazakhstan set to become newest member of the Abraham Accords',
      'US official: Kazakhstan joining the Abraham Accords',
    ]);
    expect(articles.map((a) => a.source).sort()).toEqual(['Evening Wire', 'Gulf Daily - World']);
    // Tracking parameters are gone from the canonical link.
    expect(articles.map((a) => a.url)).toContain('https://gulf-daily.example/world/kazakhstan-abraham-accords');

    expect(smtp.messages).toHaveLength(2);
    for (const mail of smtp.messages) {
      expect(mail.to).toEqual(['analyst@example.org']);
      expect(mail.raw).toMatch(/^Subject: .*Abraham Accords membership/m);
      expect(mail.raw).toMatch(/text\/plain/);
      expect(mail.raw).toMatch(/text\/html/);
    }
    const allAlerts = [...hooks().map((h) => h.body), ...smtp.messages.map((m) => m.raw)].join('\n');
    for (const noise of ['Honda', 'Desalination', 'Stocks climb', 'White House lawn']) expect(allAlerts).not.toContain(noise);
  }, 90_000);

  it('logs each broken feed with its id and still checks the others', async () => {
    const feeds = await runCli(['feeds', '--json', '--config', configFile], { cwd: dir, env: env() });
    expect(feeds.code).toBe(0);
    const rows = new Map(feeds.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; status: string; error: string | null; items: number }).map((r) => [r.id, r]));
    expect(rows.get('gulf-daily')).toMatchObject({ status: 'ok', items: 3 });
    expect(rows.get('evening-wire')).toMatchObject({ status: 'ok', items: 3 });
    expect(rows.get('broken-500')).toMatchObject({ status: 'error' });
    expect(rows.get('broken-500')!.error).toMatch(/500/);
    expect(rows.get('not-xml')).toMatchObject({ status: 'error' });
    expect(rows.get('slow-feed')).toMatchObject({ status: 'error' });
    expect(rows.get('slow-feed')!.error).toMatch(/time/i);
  });

  it('stores the two matches, and keeps the 2020 backlog item without alerting it', async () => {
    const res = await runCli(['matches', '--json', '--config', configFile], { cwd: dir, env: env() });
    expect(res.code).toBe(0);
    const rows = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { topic: string; alerted: boolean; articles: { title: string; source: string }[] });
    const alerted = rows.filter((r) => r.alerted).map((r) => r.articles[0]!.title).sort();
    expect(alerted).toEqual(['Kazakhstan set to become newest member of the Abraham Accords', 'US official: Kazakhstan joining the Abraham Accords']);
    const backlog = rows.filter((r) => !r.alerted).map((r) => r.articles[0]!.title);
    expect(backlog).toEqual(['Abraham Accords signed on the White House lawn']);
  });

  it('a second run on unchanged feeds sends conditional GETs, gets 304s and re-sends nothing', async () => {
    const before = { hooks: hooks().length, mails: smtp.messages.length, gets: feedGets('/gulf-daily.xml').length };
    const run = await runCli(['run', '--once', '--config', configFile], { cwd: dir, env: env() });
    expect(run.code).toBe(0);
    const second = feedGets('/gulf-daily.xml').slice(before.gets);
    expect(second).toHaveLength(1);
    expect(second[0]!.headers['if-none-match']).toMatch(/^"/);
    const feeds = await runCli(['feeds', '--json', '--config', configFile], { cwd: dir, env: env() });
    const states = feeds.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; status: string; http_status: number });
    for (const id of ['gulf-daily', 'evening-wire']) expect(states.find((s) => s.id === id)).toMatchObject({ status: 'not-modified', http_status: 304 });
    expect(hooks()).toHaveLength(before.hooks);
    expect(smtp.messages).toHaveLength(before.mails);
  }, 90_000);

  it('names the broken feeds in its log lines', async () => {
    const run = await runCli(['run', '--once', '--config', configFile], { cwd: dir, env: { ...env(), LOG_LEVEL: 'info' } });
    const failures = logLines(run.stderr).filter((l) => l.msg === 'feed check failed').map((l) => l.feedId);
    expect(new Set(failures)).toEqual(new Set(['broken-500', 'not-xml', 'slow-feed']));
  }, 90_000);
});
