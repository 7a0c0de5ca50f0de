import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfigRuntime } from '../../../src/app.js';
import { loadConfig, type Config } from '../../../src/config/index.js';
import { deliver, deliverDigest } from '../../../src/pipeline/index.js';
import { recordArticles } from '../../../src/pipeline/record-articles.js';
import { lastDigestPeriod } from '../../../src/schedule/digest-periods.js';
import { openStore, type Store } from '../../../src/store/index.js';
import type { Article } from '../../../src/types.js';
import { respondWith, startHttpPeer, type HttpPeer } from '../../helpers/http-peers.js';

/**
 * Digests at fixed fake times, through the real pipeline functions, a real SQLite store and a real webhook
 * receiver: a period's digest holds every story of that period, once, and nothing of the next period.
 */
describe('digests (real SQLite store and webhook receiver, fixed clock)', () => {
  let dir: string;
  let http: HttpPeer;
  let store: Store;
  let config: Config;
  const logger = pino({ level: 'silent' });
  const at = (iso: string) => new Date(`2026-11-24T${iso}:00Z`);
  const digests = () => http.requests.filter((r) => r.path === '/digest').map((r) => JSON.parse(r.body) as DigestBody);
  interface DigestBody {
    type: string;
    id: string;
    period: { start: string; end: string };
    topics: { topic: { id: string }; stories: { story: { id: string }; entities: { code: string; primary: boolean; new: boolean }[]; articles: { title: string }[] }[] }[];
  }

  const article = (key: string, feedId: string, title: string, summary: string, published: Date): Article => ({
    key,
    feedId,
    source: feedId,
    url: `https://${feedId}.example/${key}`,
    title,
    summary,
    content: '',
    published,
  });

  async function ingest(feedId: string, articles: Article[], now: Date) {
    const runtime = buildConfigRuntime(config);
    const analyses = await runtime.analyser.analyse(articles);
    const analysed = articles.map((article, i) => ({ article, analysis: analyses[i]! }));
    return store.transaction((tx) =>
      recordArticles(tx, { ...runtime, backfillMs: config.backfillMs, notifierPolicies: config.notifierPolicies }, feedId, analysed, now),
    );
  }

  async function sendDigestFor(now: Date) {
    const id = await store.createDigest('daily', lastDigestPeriod(config.notifierPolicies.daily!.digest!, now), now);
    if (id) {
      const runtime = buildConfigRuntime(config);
      const outcome = await deliverDigest({ store, notifiers: runtime.notifiers, logger }, id, { lastAttempt: false, now: () => now, topicOrder: config.topics.map((t) => t.id) });
      expect(outcome).toEqual({ status: 'delivered' });
    }
    return id;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-digest-'));
    http = await startHttpPeer();
    http.route('/digest', respondWith(204));
    http.route('/instant', respondWith(204));
    store = await openStore(`sqlite:${join(dir, 'newswatch.db')}`);
    const file = join(dir, 'newswatch.yaml');
    writeFileSync(
      file,
      `topics:
  - id: accords
    name: Abraham Accords membership
    query: '"Abraham Accords" AND (join* OR sign*)'
    entities: { type: country, known: [United Arab Emirates, Bahrain], ignore: [Israel, United States] }
    notify: [daily]
  - id: ceasefire
    name: Ceasefires
    query: ceasefire
    priority: instant
    entities: { type: country }
    notify: [daily, instant]
notifiers:
  - { id: daily, type: webhook, url: "${http.url}/digest", digest: { every: 1h } }
  - { id: instant, type: webhook, url: "${http.url}/instant" }
`,
    );
    config = loadConfig(file, { env: {}, cwd: dir });
  });
  afterAll(async () => {
    await store?.close();
    await http?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds alerts of a digest notifier and sends every story of the period once, grouped by topic', async () => {
    const kz1 = article('kz1', 'gulf', 'Kazakhstan to join the Abraham Accords', 'Kazakhstan will sign the Abraham Accords at a summit in Washington, officials said.', at('07:05'));
    const kz2 = article('kz2', 'wire', 'Kazakhstan joining Abraham Accords, officials say', 'Officials said Kazakhstan is joining the Abraham Accords during the Washington summit.', at('07:20'));
    const first = await ingest('gulf', [kz1], at('07:10'));
    expect(first.deliveryIds).toEqual([]); // held for the digest, not queued
    await ingest('wire', [kz2], at('07:25'));
    const az = article('az1', 'wire', 'Azerbaijan says it will sign the Abraham Accords', 'Officials in Baku said Azerbaijan would sign the Abraham Accords next month.', at('07:35'));
    await ingest('wire', [az], at('07:40'));
    expect(await sendDigestFor(at('07:59'))).toBeUndefined(); // the 07:00–08:00 period has not ended yet

    expect(await sendDigestFor(at('08:05'))).toBeDefined();
    const late = article('kg1', 'gulf', 'Kyrgyzstan considers joining the Abraham Accords', 'Kyrgyzstan said it would consider whether to sign the Abraham Accords.', at('08:09'));
    await ingest('gulf', [late], at('08:10'));
    expect(await sendDigestFor(at('08:20'))).toBeUndefined(); // that period was sent; nothing twice

    expect(digests()).toHaveLength(1);
    const [digest] = digests();
    expect(digest!.type).toBe('newswatch.digest');
    expect(digest!.period).toEqual({ start: '2026-11-24T07:00:00.000Z', end: '2026-11-24T08:00:00.000Z' });
    expect(digest!.topics.map((t) => t.topic.id)).toEqual(['accords']);
    const stories = digest!.topics[0]!.stories;
    expect(stories).toHaveLength(2);
    expect(stories.map((s) => s.entities.find((e) => e.primary)?.code).sort()).toEqual(['AZ', 'KZ']);

    expect(await sendDigestFor(at('09:00'))).toBeDefined();
    expect(digests()).toHaveLength(2);
    const next = digests()[1]!;
    expect(next.topics[0]!.stories.map((s) => s.articles[0]!.title)).toEqual(['Kyrgyzstan considers joining the Abraham Accords']);
    const sent = new Set(digests().flatMap((d) => d.topics.flatMap((t) => t.stories.map((s) => s.story.id))));
    expect(sent.size).toBe(3);
  });

  it('lets `priority: instant` stories about a new entity skip the digest', async () => {
    const truce = article('tr1', 'wire', 'Sudan ceasefire agreed in Jeddah talks', 'Sudan agreed a ceasefire after talks in Jeddah, mediators said.', at('10:00'));
    const result = await ingest('wire', [truce], at('10:01'));
    expect(result.deliveryIds).toHaveLength(2); // both notifiers get it at once
    const runtime = buildConfigRuntime(config);
    for (const id of result.deliveryIds) {
      expect(await deliver({ store, notifiers: runtime.notifiers, logger }, id, { lastAttempt: false, now: () => at('10:02') })).toEqual({ status: 'delivered' });
    }
    expect(http.requests.filter((r) => r.path === '/instant')).toHaveLength(1);
    expect(http.requests.filter((r) => r.path === '/digest')).toHaveLength(3); // two digests + this one alert
  });
});
