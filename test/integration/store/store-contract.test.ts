import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedConfig } from '../../../src/config/types.js';
import { openStore, type Store, type StoreTx } from '../../../src/store/index.js';
import type { Article } from '../../../src/types.js';

/** Every Store implementation runs this suite (BullMQ's idea: one contract, every backend). */
const implementations: [string, (dir: string) => Promise<Store>][] = [['sqlite', (dir) => openStore(`sqlite:${join(dir, 'store.db')}`)]];

const feed = (id: string, over: Partial<FeedConfig> = {}): FeedConfig => ({ id, url: `https://example.org/${id}.xml`, name: null, everyMs: 600_000, enabled: true, healthNotify: null, unhealthyAfter: 10, ...over });
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
/** Stores an article with one match opening a story, and deliveries to `notify` when `alert`. */
async function saveMatched(tx: StoreTx, key: string, now: Date, notify: string[] = ['hook', 'mail'], alert = true, topicId = 'topic-a') {
  const articleId = (await tx.insertArticles('outlet', [{ article: article(key), urlKey: `example.org/${key}`, fingerprint: `fp-${key}` }], now))[0]!;
  await tx.addSightings('outlet', [{ articleId, itemKey: key, url: `https://example.org/${key}` }], now);
  const storyId = await tx.createStory({ topicId, topicName: 'Topic A', headline: `Title ${key}`, primaryCode: 'KZ', primaryName: 'Kazakhstan', keyTerms: ['accord'], entities: [], source: 'Outlet', bands: ['0:abc'] }, now);
  const matchId = await tx.insertMatch({ topicId, topicName: 'Topic A', articleId, storyId, score: 1, matchedTerms: ['x'], snippet: 'a «x» b', entities: [], alerted: alert }, now);
  const deliveryIds = alert && matchId ? await tx.insertDeliveries({ matchId, storyId, notifierIds: notify, isUpdate: false }, now) : [];
  return { articleId, storyId, matchId, deliveryIds };
}

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

  it('reads the check states of several feeds at once, without the item count', async () => {
    await store.recordFetchSuccess('outlet', { status: 'ok', httpStatus: 200, etag: '"v1"', lastModified: null, title: 'The Outlet', nextCheckAt: later(600_000) }, t0);
    const states = await store.feedCheckStates(['outlet', 'other', 'unknown']);
    expect([...states.keys()].sort()).toEqual(['other', 'outlet']);
    expect(states.get('outlet')).toEqual(expect.objectContaining({ etag: '"v1"', title: 'The Outlet', health: 'ok', consecutiveFailures: 0 }));
    expect(states.get('outlet')).not.toHaveProperty('itemCount');
    const { itemCount, ...withoutCount } = (await store.getFeed('outlet'))!;
    expect(itemCount).toBe(0);
    expect(states.get('outlet')).toEqual(withoutCount);
    expect(await store.feedCheckStates([])).toEqual(new Map());
  });

  it("records a feed's state with its articles: a transaction that fails keeps neither", async () => {
    const success = { status: 'ok' as const, httpStatus: 200, etag: '"v2"', lastModified: null, title: 'The Outlet', nextCheckAt: later(600_000) };
    await expect(
      store.transaction(async (tx) => {
        await tx.insertArticles('outlet', [{ article: article('a1'), urlKey: 'example.org/a1', fingerprint: null }], t0);
        await tx.recordFetchSuccess('outlet', success, t0);
        throw new Error('store write failed');
      }),
    ).rejects.toThrow('store write failed');
    expect(await store.getFeed('outlet')).toMatchObject({ etag: null, lastStatus: null });
    expect(await store.transaction((tx) => tx.findArticlesByUrlKeys(['example.org/a1']))).toEqual(new Map());
    await store.transaction((tx) => tx.recordFetchSuccess('outlet', success, t0));
    expect(await store.getFeed('outlet')).toMatchObject({ etag: '"v2"', lastStatus: 'ok' });
    expect(await store.dueFeedIds(later(1000), 10)).toEqual(['other']);
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

  it('records each (feed, item) once and finds an article by its canonical URL from any feed', async () => {
    await store.transaction(async (tx) => {
      const [id, id2] = await tx.insertArticles(
        'outlet',
        [
          { article: article('a1'), urlKey: 'example.org/a1', fingerprint: null },
          { article: article('a2'), urlKey: 'example.org/a2', fingerprint: 'fp' },
        ],
        t0,
      );
      expect(id2).toBe(id! + 1);
      const sighting = (itemKey: string) => ({ articleId: id!, itemKey, url: 'https://example.org/a1' });
      expect(await tx.addSightings('outlet', [sighting('a1')], t0)).toEqual(new Set(['a1']));
      // Already recorded for this feed: not new; new for another feed.
      expect(await tx.addSightings('outlet', [sighting('a1'), sighting('a1-again')], t0)).toEqual(new Set(['a1-again']));
      expect(await tx.addSightings('other', [sighting('a1'), sighting('syndicated-a1')], t0)).toEqual(new Set(['a1', 'syndicated-a1']));
      expect(await tx.findArticlesByUrlKeys(['example.org/a1', 'example.org/none', 'example.org/a2'])).toEqual(
        new Map([
          ['example.org/a1', id],
          ['example.org/a2', id2],
        ]),
      );
    });
    expect(await store.unseenKeys('outlet', ['a1', 'a2'])).toEqual(new Set(['a2']));
    expect(await store.unseenKeys('other', ['syndicated-a1', 'a1', 'b1'])).toEqual(new Set(['b1']));
    expect((await store.getFeed('other'))!.itemCount).toBe(2);
  });

  it('rolls back every write of a failed transaction', async () => {
    await expect(
      store.transaction(async (tx) => {
        await saveMatched(tx, 'a1', t0);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.unseenKeys('outlet', ['a1'])).toEqual(new Set(['a1']));
    expect(await store.pendingDeliveryIds(10, t0)).toEqual([]);
    expect(await store.listStories({ limit: 10 })).toEqual([]);
  });

  it('keeps one match per (topic, article)', async () => {
    await store.transaction(async (tx) => {
      const { articleId, storyId } = await saveMatched(tx, 'a1', t0);
      const again = await tx.insertMatch({ topicId: 'topic-a', topicName: 'Topic A', articleId, storyId, score: 1, matchedTerms: [], snippet: '', entities: [], alerted: true }, t0);
      expect(again).toBeUndefined();
    });
  });

  it('groups articles in a story, finds it by band or by primary entity within the window', async () => {
    await store.transaction(async (tx) => {
      const { storyId } = await saveMatched(tx, 'a1', t0);
      const second = (await tx.insertArticles('other', [{ article: article('b1', { source: 'Other' }), urlKey: null, fingerprint: 'fp' }], later(60_000)))[0]!;
      await tx.addToStory(storyId, { topicId: 'topic-a', sources: ['Outlet', 'Other'], keyTerms: ['accord', 'join'], bands: ['1:def'] }, later(60_000));
      await tx.insertMatch({ topicId: 'topic-a', topicName: 'Topic A', articleId: second, storyId, score: 1, matchedTerms: [], snippet: 's', entities: [], alerted: false }, later(60_000));
      const byBand = await tx.storyCandidates('topic-a', { bands: ['1:def'], primaryCode: null, since: t0 });
      expect(byBand.map((c) => c.id)).toEqual([storyId]);
      expect(byBand[0]).toMatchObject({ keyTerms: ['accord', 'join'], sources: ['Outlet', 'Other'], primaryCode: 'KZ' });
      expect(byBand[0]!.articles.map((a) => a.fingerprint)).toEqual(['fp', 'fp-a1']);
      expect((await tx.storyCandidates('topic-a', { bands: [], primaryCode: 'KZ', since: t0 })).map((c) => c.id)).toEqual([storyId]);
      expect(await tx.storyCandidates('topic-a', { bands: ['1:def'], primaryCode: 'KZ', since: later(3_600_000) })).toEqual([]);
      expect(await tx.storyCandidates('topic-b', { bands: ['1:def'], primaryCode: 'KZ', since: t0 })).toEqual([]);
      // An old article processed late is not compared with stories that began after its window.
      const before = new Date(t0.getTime() - 3_600_000);
      expect(await tx.storyCandidates('topic-a', { bands: ['1:def'], primaryCode: 'KZ', since: before, until: new Date(t0.getTime() - 1) })).toEqual([]);
      expect((await tx.storyCandidates('topic-a', { bands: ['1:def'], primaryCode: 'KZ', since: before, until: t0 })).map((c) => c.id)).toEqual([storyId]);
    });
    const [story] = await store.listStories({ limit: 10 });
    expect(story).toMatchObject({ articleCount: 2, sources: ['Outlet', 'Other'], primaryEntity: { code: 'KZ', name: 'Kazakhstan' } });
    expect(story!.articles.map((a) => a.source)).toEqual(['Outlet', 'Other']);
  });

  it("never returns the fingerprint of a rolled-back insert for the article that reuses its id", async () => {
    const rolledBackId = await store
      .transaction(async (tx) => {
        const [id] = await tx.insertArticles('outlet', [{ article: article('gone'), urlKey: null, fingerprint: 'fp-rolled-back' }], t0);
        throw Object.assign(new Error('rolled back'), { id });
      })
      .catch((err: { id: number }) => err.id);
    await store.transaction(async (tx) => {
      // Stored without a fingerprint (as an article from before fingerprints were kept), so nothing replaces the
      // rolled-back one in the cache: only its absence is right.
      const [articleId] = await tx.insertArticles('outlet', [{ article: article('a1'), urlKey: null, fingerprint: null }], t0);
      expect(articleId).toBe(rolledBackId);
      const storyId = await tx.createStory({ topicId: 'topic-a', topicName: 'Topic A', headline: 'h', primaryCode: 'KZ', primaryName: 'Kazakhstan', keyTerms: [], entities: [], source: 'Outlet', bands: ['0:abc'] }, t0);
      await tx.insertMatch({ topicId: 'topic-a', topicName: 'Topic A', articleId: articleId!, storyId, score: 1, matchedTerms: [], snippet: '', entities: [], alerted: false }, t0);
      const [candidate] = await tx.storyCandidates('topic-a', { bands: ['0:abc'], primaryCode: null, since: t0 });
      expect(candidate!.articles).toEqual([{ articleId, fingerprint: null }]);
    });
    const { articleId: second } = await store.transaction((tx) => saveMatched(tx, 'b1', t0));
    // A committed fingerprint, served again from a later transaction.
    const found = await store.transaction((tx) => tx.storyCandidates('topic-a', { bands: ['0:abc'], primaryCode: null, since: t0 }));
    expect(found.flatMap((c) => c.articles).find((a) => a.articleId === second)?.fingerprint).toBe('fp-b1');
  });

  it('returns the stories found by band and those found by primary entity together, each once', async () => {
    await store.transaction(async (tx) => {
      const { storyId: kazakh } = await saveMatched(tx, 'a1', t0);
      const bandOnly = await tx.createStory({ topicId: 'topic-a', topicName: 'Topic A', headline: 'Other', primaryCode: 'AZ', primaryName: 'Azerbaijan', keyTerms: [], entities: [], source: 'Outlet', bands: ['2:xyz'] }, t0);
      await tx.createStory({ topicId: 'topic-a', topicName: 'Topic A', headline: 'Neither', primaryCode: 'AM', primaryName: 'Armenia', keyTerms: [], entities: [], source: 'Outlet', bands: ['3:nop'] }, t0);
      const found = await tx.storyCandidates('topic-a', { bands: ['0:abc', '2:xyz', '9:none'], primaryCode: 'KZ', since: t0 });
      expect(found.map((c) => c.id).sort()).toEqual([kazakh, bandOnly].sort());
    });
  });

  it('records a first alert given as the story opens, as setStoryAlertedAt would', async () => {
    const [opened, alertedLater] = await store.transaction(async (tx) => {
      const story = { topicId: 'topic-a', topicName: 'Topic A', headline: 'h', primaryCode: null, primaryName: null, keyTerms: [], entities: [], source: 'Outlet' };
      const opened = await tx.createStory({ ...story, bands: ['5:open'], alertedAt: later(500) }, t0);
      const alertedLater = await tx.createStory({ ...story, bands: ['6:later'] }, t0);
      await tx.setStoryAlertedAt(alertedLater, 'first', later(500));
      return [opened, alertedLater];
    });
    const found = await store.transaction((tx) => tx.storyCandidates('topic-a', { bands: ['5:open', '6:later'], primaryCode: null, since: t0 }));
    expect(found.map((c) => [c.id, c.lastAlertAt?.getTime(), c.lastUpdateAt]).sort()).toEqual(
      [
        [opened, later(500).getTime(), null],
        [alertedLater, later(500).getTime(), null],
      ].sort(),
    );
  });

  it('remembers primary entities per topic', async () => {
    await store.transaction(async (tx) => {
      const { storyId } = await saveMatched(tx, 'a1', t0);
      await tx.recordPrimaryEntity('topic-a', 'KZ', storyId, t0);
      await tx.recordPrimaryEntity('topic-a', 'KZ', storyId, t0);
      expect(await tx.knownPrimaryEntities('topic-a', ['KZ', 'AZ'])).toEqual(new Set(['KZ']));
      expect(await tx.knownPrimaryEntities('topic-b', ['KZ'])).toEqual(new Set());
    });
  });

  it('threads updates under the first delivery of a story per notifier', async () => {
    const { storyId, deliveryIds } = await store.transaction((tx) => saveMatched(tx, 'a1', t0, ['hook', 'mail']));
    const updateIds = await store.transaction(async (tx) => {
      const threads = await tx.storyThreadIds(storyId);
      expect([...threads.keys()].sort()).toEqual(['hook', 'mail']);
      const articleId = (await tx.insertArticles('other', [{ article: article('b1'), urlKey: null, fingerprint: null }], later(1000)))[0]!;
      const matchId = (await tx.insertMatch({ topicId: 'topic-a', topicName: 'Topic A', articleId, storyId, score: 1, matchedTerms: [], snippet: '', entities: [], alerted: true }, later(1000)))!;
      return tx.insertDeliveries({ matchId, storyId, notifierIds: ['hook'], isUpdate: true, threadIds: threads }, later(1000));
    });
    const update = await store.getDelivery(updateIds[0]!);
    expect(update).toMatchObject({ isUpdate: true, notifierId: 'hook' });
    expect(update!.threadId).toBe((await store.getDelivery(deliveryIds[0]!))!.notifierId === 'hook' ? deliveryIds[0] : deliveryIds[1]);
    expect(update!.story).toMatchObject({ id: storyId, articleCount: 1 });
  });

  it('tracks a delivery from pending through retries to delivered, and never back', async () => {
    const { deliveryIds } = await store.transaction((tx) => saveMatched(tx, 'a1', t0, ['hook']));
    const id = deliveryIds[0]!;
    expect(await store.pendingDeliveryIds(10, t0)).toEqual([id]);
    await store.recordDeliveryFailure(id, 'HTTP 500 from receiver', false, later(1000));
    expect(await store.getDelivery(id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500 from receiver' });
    await store.markDelivered(id, later(2000));
    const done = await store.getDelivery(id);
    expect(done).toMatchObject({ status: 'delivered', attempts: 2, lastError: null, notifierId: 'hook', isUpdate: false, threadId: null });
    expect(done!.match.article).toMatchObject({ title: 'Title a1', source: 'Outlet', url: 'https://example.org/a1' });
    await store.recordDeliveryFailure(id, 'late failure', true, later(3000));
    expect(await store.getDelivery(id)).toMatchObject({ status: 'delivered' });
    expect(await store.pendingDeliveryIds(10, later(3000))).toEqual([]);
  });

  it('answers reads and marks made in one turn (batched) each with its own delivery, and lands marks before close', async () => {
    const first = await store.transaction((tx) => saveMatched(tx, 'a1', t0, ['hook', 'mail']));
    const second = await store.transaction((tx) => saveMatched(tx, 'a2', t0, ['hook'], true, 'topic-b'));
    const updateIds = await store.transaction(async (tx) => {
      const articleId = (await tx.insertArticles('other', [{ article: article('b1', { source: 'Other' }), urlKey: null, fingerprint: null }], later(1000)))[0]!;
      await tx.addToStory(first.storyId, { topicId: 'topic-a', sources: ['Outlet', 'Other'], keyTerms: ['accord'], bands: [] }, later(1000));
      const matchId = (await tx.insertMatch({ topicId: 'topic-a', topicName: 'Topic A', articleId, storyId: first.storyId, score: 1, matchedTerms: [], snippet: 'b', entities: [], alerted: true }, later(1000)))!;
      return tx.insertDeliveries({ matchId, storyId: first.storyId, notifierIds: ['hook'], isUpdate: true }, later(1000));
    });
    await store.disableNotifier('mail', 'HTTP 410', later(1500));
    const ids = [...first.deliveryIds, second.deliveryIds[0]!, updateIds[0]!, 'no-such-delivery'];
    const [views, states] = await Promise.all([
      Promise.all(ids.map((id) => store.getDelivery(id))),
      Promise.all(['hook', 'mail', 'hook'].map((n) => store.notifierDisabled(n))),
    ]);
    expect(views.map((v) => v?.id)).toEqual([...ids.slice(0, 4), undefined]);
    expect(views.slice(0, 2).map((v) => v!.notifierId).sort()).toEqual(['hook', 'mail']);
    expect(views[2]!.match.article.url).toBe('https://example.org/a2');
    expect(views[2]!.story).toMatchObject({ id: second.storyId, topicId: 'topic-b', articleCount: 1 });
    expect(views[3]!.match.article.source).toBe('Other');
    // Read after the second article joined, the first story's views list both articles.
    expect(views[0]!.story!.articles.map((a) => a.source)).toEqual(['Outlet', 'Other']);
    expect(views[3]!.story!.articles.map((a) => a.source)).toEqual(['Outlet', 'Other']);
    expect(states.map((s) => s?.reason)).toEqual([undefined, 'HTTP 410', undefined]);

    // Marks not awaited before close still land.
    for (const id of ids.slice(0, 4)) void store.markDelivered(id, later(2000));
    await store.close();
    store = await open(dir);
    expect((await Promise.all(ids.slice(0, 4).map((id) => store.getDelivery(id)))).map((v) => v!.status)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    expect(await store.pendingDeliveryIds(10, later(3000))).toEqual([]);
  });

  it('lists more deliveries than one IN list reads, each with its own story', async () => {
    const saved = await store.transaction(async (tx) => {
      const all: { storyId: string; deliveryId: string }[] = [];
      for (let i = 0; i < 450; i++) {
        const { storyId, deliveryIds } = await saveMatched(tx, `bulk-${i}`, later(i), ['hook']);
        all.push({ storyId, deliveryId: deliveryIds[0]! });
      }
      return all;
    });
    const listed = await store.listDeliveries({ limit: 1000 });
    expect(listed).toHaveLength(450);
    const storyOf = new Map(saved.map((s) => [s.deliveryId, s.storyId]));
    for (const view of listed) {
      expect(view.story!.id).toBe(storyOf.get(view.id));
      expect(view.story!.articles.map((a) => a.url)).toEqual([view.match.article.url]);
    }
  });

  it('keeps a leased delivery from the reconcile until its lease ends, is released, or an attempt fails', async () => {
    const leaseUntil = later(60_000);
    const ids = await store.transaction(async (tx) => {
      const deliver = async (key: string, lease: boolean) => {
        const { matchId, storyId } = await saveMatched(tx, key, t0, []);
        const [id] = await tx.insertDeliveries({ matchId: matchId!, storyId, notifierIds: ['hook'], isUpdate: false, ...(lease ? { leaseUntil } : {}) }, t0);
        return id!;
      };
      return { leased: await deliver('a1', true), released: await deliver('a2', true), failed: await deliver('a3', true), unleased: await deliver('a4', false) };
    });
    expect(await store.pendingDeliveryIds(10, later(1000))).toEqual([ids.unleased]);
    await store.releaseDeliveryLeases([ids.released]);
    await store.recordDeliveryFailure(ids.failed, 'HTTP 500', false, later(2000));
    expect(new Set(await store.pendingDeliveryIds(10, later(3000)))).toEqual(new Set([ids.released, ids.failed, ids.unleased]));
    expect(await store.pendingDeliveryIds(10, leaseUntil)).toHaveLength(4);
  });

  it('records failed attempts of a digest: pending with its error, then failed for good', async () => {
    await store.transaction(async (tx) => {
      const { matchId, storyId } = await saveMatched(tx, 'a1', t0, []);
      await tx.insertDeliveries({ matchId: matchId!, storyId, notifierIds: ['daily'], isUpdate: false, held: new Set(['daily']) }, t0);
    });
    const id = await store.createDigest('daily', { start: t0, end: later(1000) }, later(1000));
    expect(id).toBeDefined();
    await store.recordDigestFailure(id!, 'HTTP 500 from receiver', false, later(2000));
    expect(await store.getDigest(id!)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500 from receiver' });
    expect(await store.pendingDigestIds(10)).toEqual([id]);
    await store.recordDigestFailure(id!, 'HTTP 400 from receiver', true, later(3000));
    expect(await store.getDigest(id!)).toMatchObject({ status: 'failed', attempts: 2, lastError: 'HTTP 400 from receiver' });
  });

  it('marks a final failure failed and lists it', async () => {
    const { deliveryIds } = await store.transaction((tx) => saveMatched(tx, 'a1', t0, ['hook']));
    await store.recordDeliveryFailure(deliveryIds[0]!, 'HTTP 400 from receiver', true, later(1000));
    const failed = await store.listDeliveries({ status: 'failed', limit: 10 });
    expect(failed.map((d) => [d.id, d.lastError])).toEqual([[deliveryIds[0], 'HTTP 400 from receiver']]);
  });

  it('lists matches and stories newest first, by topic and since a time', async () => {
    await store.transaction((tx) => saveMatched(tx, 'a1', t0));
    await store.transaction((tx) => saveMatched(tx, 'a2', later(60_000), [], true, 'topic-b'));
    expect((await store.listMatches({ limit: 10 })).map((m) => m.topicId)).toEqual(['topic-b', 'topic-a']);
    expect((await store.listMatches({ topicId: ['topic-a'], limit: 10 })).map((m) => [m.article.title, m.article.summary])).toEqual([['Title a1', 'Summary a1']]);
    expect((await store.listMatches({ since: later(30_000), limit: 10 })).map((m) => m.topicId)).toEqual(['topic-b']);
    expect((await store.listStories({ limit: 10 })).map((s) => s.topicId)).toEqual(['topic-b', 'topic-a']);
    expect((await store.listStories({ topicId: ['topic-a'], limit: 10 })).map((s) => s.headline)).toEqual(['Title a1']);
  });

  it('reports run progress: feeds checked since a time and deliveries not yet tried', async () => {
    await store.recordFetchFailure('other', { httpStatus: 500, error: 'HTTP 500', nextCheckAt: t0 }, later(1000));
    await store.recordFetchSuccess('outlet', { status: 'ok', httpStatus: 200, etag: null, lastModified: null, title: null, nextCheckAt: t0 }, t0);
    expect(await store.feedsCheckedSince(later(500))).toEqual(new Map([['other', 'error']]));
    expect(await store.countFeedsCheckedSince(later(500))).toBe(1);
    expect(await store.countFeedsCheckedSince(t0)).toBe(2);
    const { deliveryIds } = await store.transaction((tx) => saveMatched(tx, 'a1', later(1000), ['hook', 'mail', 'chat']));
    expect(await store.deliveryProgress(later(500))).toEqual({ notYetTried: 3, delivered: 0, awaitingRetry: 0, failed: 0 });
    expect(await store.countUntriedDeliveries(later(500))).toBe(3);
    await store.markDelivered(deliveryIds[0]!, later(2000));
    await store.recordDeliveryFailure(deliveryIds[1]!, 'HTTP 500', false, later(2000));
    await store.recordDeliveryFailure(deliveryIds[2]!, 'HTTP 400', true, later(2000));
    expect(await store.deliveryProgress(later(500))).toEqual({ notYetTried: 0, delivered: 1, awaitingRetry: 1, failed: 1 });
    expect(await store.countUntriedDeliveries(later(500))).toBe(0);
    // A delivery left pending by an earlier run counts as not yet tried in this one.
    expect(await store.deliveryProgress(later(3000))).toEqual({ notYetTried: 1, delivered: 0, awaitingRetry: 0, failed: 0 });
    expect(await store.countUntriedDeliveries(later(3000))).toBe(1);
  });

  it('survives a reopen: everything is on disk', async () => {
    await store.transaction((tx) => saveMatched(tx, 'a1', t0));
    await store.close();
    store = await open(dir);
    expect(await store.unseenKeys('outlet', ['a1'])).toEqual(new Set());
    expect(await store.pendingDeliveryIds(10, t0)).toHaveLength(2);
  });
});
