import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { respondWith, serveFeed, startHttpPeer, type HttpPeer } from '../helpers/http-peers.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { ABRAHAM_QUERY, azerbaijanItem, eveningWireItems, gulfDailyItems, rss, syndicateItems } from '../fixtures/news-feeds.js';

interface StoryLine {
  story: string;
  topic: string;
  alerted: boolean;
  entities: { code: string; primary: boolean; new: boolean }[];
  articles: { url: string; title: string; source: string }[];
}
interface AlertBody {
  story: { id: string; article_count: number; sources: string[] };
  update: boolean;
  entities: { code: string; primary: boolean; new: boolean }[];
  articles: { title: string }[];
}

describe('stories: one real-world event, one alert (real redis-server, SMTP and HTTP servers)', () => {
  let redis: TestRedis;
  let smtp: SmtpSink;
  let http: HttpPeer;
  const now = new Date();
  let withAzerbaijan = false;
  const hooks = (path = '/hook') => http.requests.filter((r) => r.method === 'POST' && r.path === path).map((r) => ({ headers: r.headers, body: JSON.parse(r.body) as AlertBody }));

  beforeAll(async () => {
    [redis, smtp, http] = await Promise.all([startRedisServer(), startSmtpSink(), startHttpPeer()]);
    http.route('/gulf-daily.xml', serveFeed(() => rss('Gulf Daily', gulfDailyItems(now))));
    http.route('/evening-wire.xml', serveFeed(() => rss('Evening Wire', withAzerbaijan ? [azerbaijanItem(now), ...eveningWireItems(now)] : eveningWireItems(now))));
    http.route('/syndicate.xml', serveFeed(() => rss('Regional Syndicate', syndicateItems(now))));
    http.route('/hook', respondWith(204));
    http.route('/hook-updates', respondWith(204));
  }, 30_000);
  afterAll(async () => {
    await Promise.all([redis?.stop(), smtp?.close(), http?.close()]);
  });

  function writeConfig(dir: string, options: { feeds: string[]; updates: boolean; hook: string; mail: boolean }): string {
    const file = join(dir, 'newswatch.yaml');
    writeFileSync(
      file,
      `redis: ${redis.url}
store: sqlite:${join(dir, 'newswatch.db')}
network: { allow_private: true }
feeds:
${options.feeds.map((f) => `  - { id: ${f}, url: "${http.url}/${f}.xml" }`).join('\n')}
topics:
  - id: accords
    name: Abraham Accords membership
    query: '${ABRAHAM_QUERY}'
    entities: { type: country, known: [United Arab Emirates, Bahrain, Morocco, Sudan], ignore: [Israel, United States] }
    updates: ${options.updates}
    notify: [hook${options.mail ? ', mail' : ''}]
notifiers:
  - { id: hook, type: webhook, url: "${http.url}${options.hook}" }
  - { id: mail, type: email, smtp: "${smtp.url}", from: newswatch@example.org, to: analyst@example.org }
`,
    );
    return file;
  }
  const stories = async (dir: string, config: string) => {
    const res = await runCli(['matches', '--json', '--config', config], { cwd: dir });
    expect(res.code).toBe(0);
    return res.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as StoryLine);
  };

  describe('with alert: story (the default)', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'nw-stories-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('folds two outlets reporting the accession into one story and alerts once per notifier', async () => {
      const config = writeConfig(dir, { feeds: ['gulf-daily', 'evening-wire'], updates: false, hook: '/hook', mail: true });
      const res = await runCli(['run', '--once', '--config', config], { cwd: dir });
      expect(res.code).toBe(0);
      expect(hooks()).toHaveLength(1);
      expect(smtp.messages).toHaveLength(1);
      // Where each feed's and alert's time went, for the pipeline benchmark: one figure per stage, never negative.
      const checked = res.stderr.split('\n').filter((l) => l.includes('feed checked')).map((l) => JSON.parse(l) as Record<string, number>);
      expect(checked).toHaveLength(2);
      for (const entry of checked) for (const key of ['fetchMs', 'parseMs', 'dedupMs', 'matchMs', 'storeMs']) expect(entry[key]).toBeGreaterThanOrEqual(0);
      const delivered = res.stderr.split('\n').filter((l) => l.includes('alert delivered')).map((l) => JSON.parse(l) as { deliverMs: number });
      expect(delivered).toHaveLength(2);
      for (const entry of delivered) expect(entry.deliverMs).toBeGreaterThan(0);
      const kz = (await stories(dir, config)).filter((s) => s.entities.some((e) => e.code === 'KZ' && e.primary));
      expect(kz).toHaveLength(1);
      expect(kz[0]!.articles).toHaveLength(2);
      expect(new Set(kz[0]!.articles.map((a) => a.source))).toEqual(new Set(['Gulf Daily', 'Evening Wire']));
      const alert = hooks()[0]!.body;
      expect(alert.story.id).toBe(kz[0]!.story);
      expect(alert.entities[0]).toMatchObject({ code: 'KZ', primary: true, new: true });
    }, 90_000);

    it('ignores a syndicated copy under another URL (AMP, tracking parameters) and wire copy of the same text', async () => {
      const config = writeConfig(dir, { feeds: ['gulf-daily', 'evening-wire', 'syndicate'], updates: false, hook: '/hook', mail: true });
      const res = await runCli(['run', '--once', '--config', config], { cwd: dir });
      expect(res.code).toBe(0);
      expect(hooks()).toHaveLength(1);
      expect(smtp.messages).toHaveLength(1);
      const kz = (await stories(dir, config)).filter((s) => s.entities.some((e) => e.code === 'KZ'));
      expect(kz).toHaveLength(1);
      expect(kz[0]!.articles).toHaveLength(2);
      const checked = res.stderr.split('\n').filter((l) => l.includes('"feedId":"syndicate"') && l.includes('feed checked'));
      expect(JSON.parse(checked[0]!)).toMatchObject({ copies: 2, newMatches: 0 });

    }, 90_000);

    it('alerts again for a different Abraham Accords event', async () => {
      withAzerbaijan = true;
      const config = writeConfig(dir, { feeds: ['gulf-daily', 'evening-wire', 'syndicate'], updates: false, hook: '/hook', mail: true });
      expect((await runCli(['run', '--once', '--config', config], { cwd: dir })).code).toBe(0);
      withAzerbaijan = false;
      expect(hooks()).toHaveLength(2);
      expect(smtp.messages).toHaveLength(2);
      const second = hooks()[1]!.body;
      expect(second.story.id).not.toBe(hooks()[0]!.body.story.id);
      expect(second.articles.map((a) => a.title)).toEqual(['Azerbaijan signals it will sign the Abraham Accords next']);
      expect(second.entities.find((e) => e.primary)).toMatchObject({ code: 'AZ', new: true });
      // The 2020 signing is stored as a backlog story, never alerted.
      expect((await stories(dir, config)).filter((s) => s.alerted)).toHaveLength(2);
    }, 90_000);
  });

  describe('with updates: true', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'nw-updates-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('sends one alert and one follow-up for the second source, threaded to the first', async () => {
      const mailsBefore = smtp.messages.length;
      const config = writeConfig(dir, { feeds: ['gulf-daily', 'evening-wire'], updates: true, hook: '/hook-updates', mail: true });
      expect((await runCli(['run', '--once', '--config', config], { cwd: dir })).code).toBe(0);
      const alerts = hooks('/hook-updates');
      expect(alerts.map((a) => a.body.update).sort()).toEqual([false, true]);
      expect(new Set(alerts.map((a) => a.body.story.id)).size).toBe(1);
      const update = alerts.find((a) => a.body.update)!;
      expect(update.body.story.article_count).toBe(2);

      const mails = smtp.messages.slice(mailsBefore);
      expect(mails).toHaveLength(2);
      const first = mails.find((m) => !/^In-Reply-To:/im.test(m.raw))!;
      const followUp = mails.find((m) => /^In-Reply-To:/im.test(m.raw))!;
      const firstId = /^Message-ID:\s*(<[^>]+>)/im.exec(first.raw)![1];
      expect(followUp.raw).toMatch(new RegExp(`^In-Reply-To:\\s*${firstId!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'im'));
    }, 90_000);
  });
});
