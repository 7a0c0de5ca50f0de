import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedConfig } from '../../../src/config/types.js';
import { openStore, type NewArticleRecord, type Store } from '../../../src/store/index.js';
import type { Article } from '../../../src/types.js';

/** Every Store implementation runs this suite (BullMQ's idea: one contract, every backend). */
const implementations: [string, (dir: string) => Promise<Store>][] = [['sqlite', (dir) => openStore(`sqlite:${join(dir, 'store.db')}`)]];

const feed = (id: string, over: Partial<FeedConfig> = {}): FeedConfig => ({ id, url: `https://example.org/${id}.xml`, name: null, everyMs: 600_000, enabled: true, ...over });
const article = (key: string, over: Partial<Article> = {}): Article => ({
  key,
  feedId: 'outlet',
  source: 'Outlet',
  url: `https://example.org/${key}`,
  title: `Title ${key}`,
  summary: `Summary ${key}`,
  content: '',
  published: new Date('2026-11-20T10:00:00Z'),
  ...over,
});
const record = (key: string, notify: string[] = ['hook', 'mail'], alert = true): NewArticleRecord => ({
  article: article(key),
  matches: [{ topicId: 'topic-a', topicName: 'Topic A', score: 1, matchedTerms: ['x'], snippet: 'a «x» b', notify }],
  alert,
});

describe.each(implementations)('Store contract: %s', (_name, open) => {
  let dir: string;
  let store: Store;
  const t0 = new Date('2026-11-24T08:00:00Z');
  const later = (ms: number) => new Date(t0.getTime() + ms);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-store-'));
    store = await open(dir);
    await store.syncFeeds([feed('outlet'), feed('other')], t0);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes new feeds due at once and schedules them after a check', async () => {
    expect(await store.dueFeedIds(t0, 10)).toEqual(expect.arrayContaining(['outlet', 'other']));
    await store.recordFetchSuccess('outlet', { status: 'ok', httpStatus: 200, etag: '"v1"', lastModified: null, title: 'The Outlet', nextCheckAt: later(600_000) }, t0);
    expect(await store.dueFeedIds(later(1000), 10)).toEqual(['other']);
    const state = await store.getFeed('outlet');
    expect(state).toMatchObject({ etag: '"v1"', title: 'The Outlet', lastStatus: 'ok', consecutiveFailures: 0 });
  });

  it('keeps validators on a 304 that omits them, and counts failures until a success', async () => {
    await store.recordFetchSuccess('outlet', { status: 'ok', httpStatus: 200, etag: '"v1"', lastModified: 'Tue, 24 Nov 2026 07:00:00 GMT', title: null, nextCheckAt: t0 }, t0);
    await store.recordFetchSuccess('outlet', { status: 'not-modified', httpStatus: 304, etag: null, lastModified: null, title: null, nextCheckAt: t0 }, t0);
    expect(await store.getFeed('outlet')).toMatchObject({ etag: '"v1"', lastModified: 'Tue, 24 Nov 2026 07:00:00 GMT', lastStatus: 'not-modified' });
    await store.recordFetchFailure('outlet', { httpStatus: 500, error: 'HTTP 500', nextCheckAt: t0 }, t0);
    await store.recordFetchFailure('outlet', { httpStatus: 500, error: 'HTTP 500', nextCheckAt: t0 }, t0);
    expect(await store.getFeed('outlet')).toMatchObject({ consecutiveFailures: 2, lastError: 'HTTP 500', lastHttpStatus: 500 });
  });

  it('disables feeds that left the config and resets validators when a URL changes', async () => {
    await store.recordFetchSuccess('outlet', { status: 'ok', httpStatus: 200, etag: '"v1"', lastModified: null, title: null, nextCheckAt: later(60_000) }, t0);
    await store.syncFeeds([feed('outlet', { url: 'https://example.org/moved.xml' })], t0);
    expect(await store.getFeed('other')).toMatchObject({ enabled: false });
    expect(await store.getFeed('outlet')).toMatchObject({ url: 'https://example.org/moved.xml', etag: null });
    expect(await store.dueFeedIds(t0, 10)).toEqual(['outlet']);
  });

  it('stores an article once, however often it is saved, with one delivery per notifier', async () => {
    const first = await store.saveArticles('outlet', [record('a1')], t0);
    expect(first).toMatchObject({ newArticles: 1, newMatches: 1 });
    expect(first.deliveryIds).toHaveLength(2);
    const again = await store.saveArticles('outlet', [record('a1')], later(1000));
    expect(again).toEqual({ newArticles: 0, newMatches: 0, deliveryIds: [] });
    expect(await store.unseenKeys('outlet', ['a1', 'a2'])).toEqual(new Set(['a2']));
    expect(await store.unseenKeys('other', ['a1'])).toEqual(new Set(['a1']));
    expect((await store.getFeed('outlet'))!.itemCount).toBe(1);
  });

  it('stores backlog matches without deliveries', async () => {
    const saved = await store.saveArticles('outlet', [record('old', ['hook'], false)], t0);
    expect(saved).toMatchObject({ newArticles: 1, newMatches: 1, deliveryIds: [] });
    const [match] = await store.listMatches({ limit: 10 });
    expect(match).toMatchObject({ topicId: 'topic-a', alerted: false, matchedTerms: ['x'], snippet: 'a «x» b' });
  });

  it('tracks a delivery from pending through retries to delivered, and never back', async () => {
    const { deliveryIds } = await store.saveArticles('outlet', [record('a1', ['hook'])], t0);
    const id = deliveryIds[0]!;
    expect(await store.pendingDeliveryIds(10)).toEqual([id]);
    await store.recordDeliveryFailure(id, 'HTTP 500 from receiver', false, later(1000));
    expect(await store.getDelivery(id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500 from receiver' });
    await store.markDelivered(id, later(2000));
    const done = await store.getDelivery(id);
    expect(done).toMatchObject({ status: 'delivered', attempts: 2, lastError: null, notifierId: 'hook' });
    expect(done!.match.article).toMatchObject({ title: 'Title a1', source: 'Outlet', url: 'https://example.org/a1' });
    await store.recordDeliveryFailure(id, 'late failure', true, later(3000));
    expect(await store.getDelivery(id)).toMatchObject({ status: 'delivered' });
    expect(await store.pendingDeliveryIds(10)).toEqual([]);
  });

  it('marks a final failure failed and lists it', async () => {
    const { deliveryIds } = await store.saveArticles('outlet', [record('a1', ['hook'])], t0);
    await store.recordDeliveryFailure(deliveryIds[0]!, 'HTTP 400 from receiver', true, later(1000));
    const failed = await store.listDeliveries({ status: 'failed', limit: 10 });
    expect(failed.map((d) => [d.id, d.lastError])).toEqual([[deliveryIds[0], 'HTTP 400 from receiver']]);
  });

  it('lists matches newest first, by topic and since a time', async () => {
    await store.saveArticles('outlet', [record('a1')], t0);
    await store.saveArticles('outlet', [{ ...record('a2'), matches: [{ topicId: 'topic-b', topicName: 'Topic B', score: 0.5, matchedTerms: ['y'], snippet: '', notify: [] }] }], later(60_000));
    expect((await store.listMatches({ limit: 10 })).map((m) => m.topicId)).toEqual(['topic-b', 'topic-a']);
    expect((await store.listMatches({ topicId: ['topic-a'], limit: 10 })).map((m) => m.article.title)).toEqual(['Title a1']);
    expect((await store.listMatches({ since: later(30_000), limit: 10 })).map((m) => m.topicId)).toEqual(['topic-b']);
  });

  it('survives a reopen: everything is on disk', async () => {
    await store.saveArticles('outlet', [record('a1')], t0);
    await store.close();
    store = await open(dir);
    expect(await store.unseenKeys('outlet', ['a1'])).toEqual(new Set());
    expect(await store.pendingDeliveryIds(10)).toHaveLength(2);
  });
});
