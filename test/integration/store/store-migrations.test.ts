import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import { migrationProvider } from '../../../src/store/migrations.js';
import { BANDS, fingerprintArticle, serializeFingerprint } from '../../../src/stories/index.js';

/** A store file as an older newswatch left it: migrated up to `last` only. */
async function storeAt(file: string, last: string): Promise<Kysely<any>> {
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(file) }) });
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(last);
  if (error) throw error;
  return db;
}

describe('store migrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nw-migrate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('moves fingerprints (0004: on articles) into their own table and keeps story bands; stories are still found', async () => {
    const file = join(dir, 'old.db');
    const old = await storeAt(file, '0004_feed_health');
    const row = { feed_id: 'f', url: null, title: 't', summary: 's', content: 'c', source: 'S', published_at: null, first_seen_at: 1, duplicate_of: null, url_key: null };
    await old.insertInto('articles').values([{ ...row, item_key: 'a', fingerprint: 'fp-a' }, { ...row, item_key: 'b', fingerprint: null }]).execute();
    await old
      .insertInto('stories')
      .values({ id: 's1', topic_id: 't', topic_name: 'T', headline: 'h', primary_code: 'KZ', primary_name: 'Kazakhstan', key_terms: '[]', entities: '[]', sources: '["S"]', article_count: 2, first_seen_at: 1, last_seen_at: 2 })
      .execute();
    const match = { topic_id: 't', topic_name: 'T', story_id: 's1', score: 1, matched_terms: '[]', snippet: '', entities: '[]', alerted: 1 };
    await old.insertInto('matches').values([{ ...match, id: 'm1', article_id: 1, created_at: 1 }, { ...match, id: 'm2', article_id: 2, created_at: 2 }]).execute();
    await old.insertInto('story_bands').values({ topic_id: 't', band: '0:abc', story_id: 's1' }).execute();
    await old.destroy();

    const store = await openStore(`sqlite:${file}`);
    try {
      const byBand = await store.transaction((tx) => tx.storyCandidates('t', { bands: ['0:abc'], primaryCode: null, since: new Date(0) }));
      expect(byBand.map((c) => c.id)).toEqual(['s1']);
      const candidates = await store.transaction((tx) => tx.storyCandidates('t', { bands: [], primaryCode: 'KZ', since: new Date(0) }));
      expect(candidates.map((c) => c.articles)).toEqual([
        [
          { articleId: 2, fingerprint: null },
          { articleId: 1, fingerprint: 'fp-a' },
        ],
      ]);
    } finally {
      await store.close();
    }
  });

  it('keeps every sighting when sightings become keyed (0006): seen items stay seen, new ones are new', async () => {
    const file = join(dir, 'sightings.db');
    const old = await storeAt(file, '0005_story_lookup');
    const row = { feed_id: 'f', url: null, title: 't', summary: '', content: '', source: 'S', published_at: null, first_seen_at: 1, duplicate_of: null, url_key: null };
    await old.insertInto('articles').values([{ ...row, item_key: 'a' }, { ...row, item_key: 'b' }]).execute();
    await old.insertInto('feeds').values({ id: 'f', url: 'https://news.example/f.xml', next_check_at: 0, created_at: 0 }).execute();
    await old
      .insertInto('article_sightings')
      .values([
        { feed_id: 'f', item_key: 'a', article_id: 1, url: 'https://news.example/a', seen_at: 1 },
        { feed_id: 'f', item_key: 'b', article_id: 2, url: null, seen_at: 2 },
        { feed_id: 'g', item_key: 'a', article_id: 1, url: 'https://mirror.example/a', seen_at: 3 },
      ])
      .execute();
    await old.destroy();

    const store = await openStore(`sqlite:${file}`);
    try {
      expect(await store.unseenKeys('f', ['a', 'b', 'c'])).toEqual(new Set(['c']));
      expect(await store.unseenKeys('g', ['a', 'b'])).toEqual(new Set(['b']));
      expect((await store.getFeed('f'))?.itemCount).toBe(2);
      const added = await store.transaction((tx) => tx.addSightings('f', [{ articleId: 1, itemKey: 'a', url: null }, { articleId: 2, itemKey: 'c', url: null }], new Date(5)));
      expect(added).toEqual(new Set(['c']));
    } finally {
      await store.close();
    }
    const raw = new SQLite(file, { readonly: true });
    try {
      const { sql: ddl } = raw.prepare("select sql from sqlite_master where name = 'article_sightings'").get() as { sql: string };
      expect(ddl.toLowerCase()).toContain('without rowid');
    } finally {
      raw.close();
    }
  });

  it('derives each story\'s band keys again from its stored signatures (0008: 8 bands of 2 rows)', async () => {
    const file = join(dir, 'bands.db');
    const old = await storeAt(file, '0007_delivery_lease');
    const fingerprint = fingerprintArticle({ title: 'Kazakhstan to join the Abraham Accords', summary: 'The country will sign the accords next week, officials in Astana said.', content: '' });
    const row = { feed_id: 'f', url: null, title: 't', summary: 's', content: 'c', source: 'S', published_at: null, first_seen_at: 1, duplicate_of: null, url_key: null };
    await old.insertInto('articles').values([{ ...row, item_key: 'a' }, { ...row, item_key: 'b' }]).execute();
    await old.insertInto('article_fingerprints').values([{ article_id: 1, fingerprint: serializeFingerprint(fingerprint) }, { article_id: 2, fingerprint: 'x0:unreadable:' }]).execute();
    const story = { topic_id: 't', topic_name: 'T', headline: 'h', primary_code: null, primary_name: null, key_terms: '[]', entities: '[]', sources: '["S"]', article_count: 1, first_seen_at: 1, last_seen_at: 2 };
    await old.insertInto('stories').values([{ ...story, id: 's1' }, { ...story, id: 's2' }]).execute();
    const match = { topic_id: 't', topic_name: 'T', score: 1, matched_terms: '[]', snippet: '', entities: '[]', alerted: 1, created_at: 1 };
    await old.insertInto('matches').values([{ ...match, id: 'm1', article_id: 1, story_id: 's1' }, { ...match, id: 'm2', article_id: 2, story_id: 's2' }]).execute();
    // Keys as 32 bands of 4 rows made them (band 0 to v), and one for the story whose signature cannot be read.
    await old.insertInto('story_bands').values([{ topic_id: 't', band: '0:1a2b3c', story_id: 's1' }, { topic_id: 't', band: 'v:4d5e6f', story_id: 's1' }, { topic_id: 't', band: '0:abc', story_id: 's2' }]).execute();
    await old.destroy();

    const store = await openStore(`sqlite:${file}`);
    try {
      expect(fingerprint.bands).toHaveLength(BANDS);
      const found = await store.transaction((tx) => tx.storyCandidates('t', { bands: [fingerprint.bands[BANDS - 1]!], primaryCode: null, since: new Date(0) }));
      expect(found.map((c) => c.id)).toEqual(['s1']);
      const byOldKey = await store.transaction((tx) => tx.storyCandidates('t', { bands: ['0:1a2b3c', 'v:4d5e6f'], primaryCode: null, since: new Date(0) }));
      expect(byOldKey).toEqual([]);
      const unreadable = await store.transaction((tx) => tx.storyCandidates('t', { bands: ['0:abc'], primaryCode: null, since: new Date(0) }));
      expect(unreadable.map((c) => c.id)).toEqual(['s2']);
    } finally {
      await store.close();
    }
    const raw = new SQLite(file, { readonly: true });
    try {
      const bands = raw.prepare("select band from story_bands where story_id = 's1' order by band").pluck().all();
      expect(bands).toEqual([...fingerprint.bands].sort());
      expect(raw.prepare("select count(*) from sqlite_master where name = 'story_bands_rebuilt'").pluck().get()).toBe(0);
    } finally {
      raw.close();
    }
  });

  it('indexes only stories with a primary entity for the entity lookup (0009), which still finds them through it', async () => {
    const file = join(dir, 'entity.db');
    const old = await storeAt(file, '0008_story_bands_8x2');
    const story = { topic_id: 't', topic_name: 'T', headline: 'h', primary_name: null, key_terms: '[]', entities: '[]', sources: '["S"]', article_count: 1, first_seen_at: 1, last_seen_at: 2 };
    await old
      .insertInto('stories')
      .values([
        { ...story, id: 's1', primary_code: 'KZ' },
        { ...story, id: 's2', primary_code: null },
      ])
      .execute();
    await old.destroy();

    const store = await openStore(`sqlite:${file}`);
    try {
      const candidates = await store.transaction((tx) => tx.storyCandidates('t', { bands: [], primaryCode: 'KZ', since: new Date(0) }));
      expect(candidates.map((c) => c.id)).toEqual(['s1']);
    } finally {
      await store.close();
    }
    const db = new SQLite(file, { readonly: true });
    try {
      const lookup = 'select * from stories where last_seen_at >= 0 and first_seen_at <= 9 and topic_id = ? and primary_code = ?';
      const plan = db.prepare(`explain query plan ${lookup}`).all('t', 'KZ') as { detail: string }[];
      expect(plan.map((p) => p.detail).join('; ')).toContain('USING INDEX stories_topic_entity');
      // A partial index: the story without a primary entity has no entry in it.
      const indexes = db.pragma('index_list(stories)') as { name: string; partial: number }[];
      expect(indexes.find((i) => i.name === 'stories_topic_entity')?.partial).toBe(1);
    } finally {
      db.close();
    }
  });
});
