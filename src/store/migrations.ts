import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { deserializeFingerprint } from '../stories/index.js';

/**
 * Schema migrations, in order. Never edit a shipped migration: add the next one. Written with Kysely's schema
 * builder so the same list serves SQLite and (later) PostgreSQL; `autoIncrement` is the one dialect-specific bit.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('feeds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('etag', 'text')
        .addColumn('last_modified', 'text')
        .addColumn('next_check_at', 'bigint', (c) => c.notNull())
        .addColumn('last_checked_at', 'bigint')
        .addColumn('last_status', 'text')
        .addColumn('last_http_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('feeds_due').on('feeds').columns(['enabled', 'next_check_at']).execute();

      await db.schema
        .createTable('articles')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('feed_id', 'text', (c) => c.notNull())
        .addColumn('item_key', 'text', (c) => c.notNull())
        .addColumn('url', 'text')
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('published_at', 'bigint')
        .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('articles_feed_item', ['feed_id', 'item_key'])
        .execute();

      await db.schema
        .createTable('matches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('topic_id', 'text', (c) => c.notNull())
        .addColumn('topic_name', 'text', (c) => c.notNull())
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id'))
        .addColumn('score', 'real', (c) => c.notNull())
        .addColumn('matched_terms', 'text', (c) => c.notNull())
        .addColumn('snippet', 'text', (c) => c.notNull())
        .addColumn('alerted', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('matches_topic_article', ['topic_id', 'article_id'])
        .execute();
      await db.schema.createIndex('matches_created').on('matches').columns(['created_at']).execute();

      await db.schema
        .createTable('deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('match_id', 'text', (c) => c.notNull().references('matches.id'))
        .addColumn('notifier_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('delivered_at', 'bigint')
        .addUniqueConstraint('deliveries_match_notifier', ['match_id', 'notifier_id'])
        .execute();
      await db.schema.createIndex('deliveries_status').on('deliveries').columns(['status', 'created_at']).execute();
    },
  },
  '0002_stories': {
    async up(db: Kysely<any>) {
      // Where an article was seen: the same article syndicated by several feeds is stored once, seen many times.
      await db.schema
        .createTable('article_sightings')
        .addColumn('feed_id', 'text', (c) => c.notNull())
        .addColumn('item_key', 'text', (c) => c.notNull())
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id'))
        .addColumn('url', 'text')
        .addColumn('seen_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('article_sightings_pk', ['feed_id', 'item_key'])
        .execute();
      await db
        .insertInto('article_sightings')
        .columns(['feed_id', 'item_key', 'article_id', 'url', 'seen_at'])
        .expression((eb: any) => eb.selectFrom('articles').select(['feed_id', 'item_key', 'id', 'url', 'first_seen_at']))
        .execute();
      await db.schema.alterTable('articles').addColumn('fingerprint', 'text').execute();
      await db.schema.alterTable('articles').addColumn('duplicate_of', 'integer').execute();
      // The URL identity key (see parse/url-identity): www/m/amp variants and tracking parameters compare equal.
      await db.schema.alterTable('articles').addColumn('url_key', 'text').execute();
      await db.updateTable('articles').set((eb: any) => ({ url_key: eb.ref('url') })).execute();
      await db.schema.createIndex('articles_url_key').on('articles').column('url_key').execute();

      await db.schema
        .createTable('stories')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('topic_id', 'text', (c) => c.notNull())
        .addColumn('topic_name', 'text', (c) => c.notNull())
        .addColumn('headline', 'text', (c) => c.notNull())
        .addColumn('primary_code', 'text')
        .addColumn('primary_name', 'text')
        .addColumn('key_terms', 'text', (c) => c.notNull())
        // The entities of the article that opened the story, with `new` as decided then: what its alerts say.
        .addColumn('entities', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('sources', 'text', (c) => c.notNull())
        .addColumn('article_count', 'integer', (c) => c.notNull())
        .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('last_alert_at', 'bigint')
        .addColumn('last_update_at', 'bigint')
        .execute();
      await db.schema.createIndex('stories_topic_entity').on('stories').columns(['topic_id', 'primary_code', 'last_seen_at']).execute();
      await db.schema.createIndex('stories_topic_seen').on('stories').columns(['topic_id', 'last_seen_at']).execute();

      // LSH band keys of each story's articles: near-duplicate lookup without scanning history.
      await db.schema
        .createTable('story_bands')
        .addColumn('topic_id', 'text', (c) => c.notNull())
        .addColumn('band', 'text', (c) => c.notNull())
        .addColumn('story_id', 'text', (c) => c.notNull().references('stories.id'))
        .addPrimaryKeyConstraint('story_bands_pk', ['topic_id', 'band', 'story_id'])
        .execute();

      // Primary entities a topic has seen: an entity is "new" until its first story is stored.
      await db.schema
        .createTable('topic_entities')
        .addColumn('topic_id', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('story_id', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('topic_entities_pk', ['topic_id', 'code'])
        .execute();

      await db.schema.alterTable('matches').addColumn('story_id', 'text').execute();
      await db.schema.alterTable('matches').addColumn('entities', 'text', (c) => c.notNull().defaultTo('[]')).execute();
      await db.schema.createIndex('matches_story').on('matches').column('story_id').execute();

      await db.schema.alterTable('deliveries').addColumn('story_id', 'text').execute();
      await db.schema.alterTable('deliveries').addColumn('is_update', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('deliveries').addColumn('thread_id', 'text').execute();
      await db.schema.createIndex('deliveries_story').on('deliveries').columns(['story_id', 'notifier_id']).execute();
    },
  },
  '0003_delivery_policies': {
    async up(db: Kysely<any>) {
      // One message for many alerts: held deliveries of a digest notifier point to the digest that carried them.
      await db.schema
        .createTable('digests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('notifier_id', 'text', (c) => c.notNull())
        .addColumn('period_start', 'bigint', (c) => c.notNull())
        .addColumn('period_end', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('delivered_at', 'bigint')
        .addUniqueConstraint('digests_notifier_period', ['notifier_id', 'period_end'])
        .execute();
      await db.schema.alterTable('deliveries').addColumn('digest_id', 'text').execute();
      await db.schema.createIndex('deliveries_held').on('deliveries').columns(['notifier_id', 'status', 'created_at']).execute();

      // A notifier whose endpoint said it is gone (410) stays disabled until a successful `notify test`.
      await db.schema
        .createTable('notifier_state')
        .addColumn('notifier_id', 'text', (c) => c.primaryKey())
        .addColumn('disabled_at', 'bigint')
        .addColumn('disabled_reason', 'text')
        .execute();
    },
  },
  '0004_feed_health': {
    async up(db: Kysely<any>) {
      // ok | unhealthy (N failures in a row) | gone (410: paused until its URL changes).
      await db.schema.alterTable('feeds').addColumn('health', 'text', (c) => c.notNull().defaultTo('ok')).execute();
      await db.schema.alterTable('feeds').addColumn('warning', 'text').execute();
      // The feed's own freshness hints (RSS ttl, sy:updatePeriod) from its last body: a 304 has none of its own.
      await db.schema.alterTable('feeds').addColumn('hint_interval_ms', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
    },
  },
  '0005_story_lookup': {
    async up(db: Kysely<any>) {
      // Grouping reads the newest articles of a few candidate stories: with (story_id, created_at, article_id) that
      // is a short covering index range per story, not a scan of the topic's every match (which grew with history).
      await db.schema.createIndex('matches_story_created').on('matches').columns(['story_id', 'created_at', 'article_id']).execute();
      await db.schema.dropIndex('matches_story').execute();
      // A fingerprint stored after an article's body sits in its overflow pages: reading it read the whole body.
      await db.schema
        .createTable('article_fingerprints')
        .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id'))
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into article_fingerprints (article_id, fingerprint) select id, fingerprint from articles where fingerprint is not null`.execute(db);
      await db.schema.alterTable('articles').dropColumn('fingerprint').execute();
      // Band rows are looked up by their key only: as a WITHOUT ROWID table they are one B-tree instead of a table
      // plus an index repeating every column, so a new article's 32 bands dirty half the pages (SQLite-only syntax).
      await db.schema
        .createTable('story_bands_keyed')
        .addColumn('topic_id', 'text', (c) => c.notNull())
        .addColumn('band', 'text', (c) => c.notNull())
        .addColumn('story_id', 'text', (c) => c.notNull().references('stories.id'))
        .addPrimaryKeyConstraint('story_bands_keyed_pk', ['topic_id', 'band', 'story_id'])
        .modifyEnd(sql`without rowid`)
        .execute();
      await sql`insert into story_bands_keyed (topic_id, band, story_id) select topic_id, band, story_id from story_bands`.execute(db);
      await db.schema.dropTable('story_bands').execute();
      await db.schema.alterTable('story_bands_keyed').renameTo('story_bands').execute();
    },
  },
  '0006_sightings_keyed': {
    async up(db: Kysely<any>) {
      // Sightings are only ever reached by (feed_id, item_key): as a WITHOUT ROWID table that key is the table,
      // instead of a rowid B-tree plus an index repeating the key, so each new item writes one B-tree, not two.
      await db.schema
        .createTable('article_sightings_keyed')
        .addColumn('feed_id', 'text', (c) => c.notNull())
        .addColumn('item_key', 'text', (c) => c.notNull())
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id'))
        .addColumn('url', 'text')
        .addColumn('seen_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('article_sightings_keyed_pk', ['feed_id', 'item_key'])
        .modifyEnd(sql`without rowid`)
        .execute();
      await sql`insert into article_sightings_keyed (feed_id, item_key, article_id, url, seen_at) select feed_id, item_key, article_id, url, seen_at from article_sightings`.execute(db);
      await db.schema.dropTable('article_sightings').execute();
      await db.schema.alterTable('article_sightings_keyed').renameTo('article_sightings').execute();
    },
  },
  '0007_delivery_lease': {
    async up(db: Kysely<any>) {
      // A delivery its creator sends at once, without a queued job, is leased to it until then: the tick's
      // reconcile leaves it alone, and takes it over if the creator died before trying it.
      await db.schema.alterTable('deliveries').addColumn('lease_until', 'bigint').execute();
    },
  },
  '0008_story_bands_8x2': {
    async up(db: Kysely<any>) {
      // Band keys are now 8 bands of 2 signature rows (were 32 of 4; see BANDS in src/stories): each story's keys
      // are derived again from the stored signatures of its matched articles, and replace its old keys. A story none
      // of whose signatures can be read keeps the rows it had.
      await db.schema
        .createTable('story_bands_rebuilt')
        .addColumn('topic_id', 'text', (c) => c.notNull())
        .addColumn('band', 'text', (c) => c.notNull())
        .addColumn('story_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('story_bands_rebuilt_pk', ['topic_id', 'band', 'story_id'])
        .execute();
      let after = '';
      for (;;) {
        const page: { id: string; topic_id: string; story_id: string; fingerprint: string }[] = await db
          .selectFrom('matches')
          .innerJoin('article_fingerprints', 'article_fingerprints.article_id', 'matches.article_id')
          .select(['matches.id', 'matches.topic_id', 'matches.story_id', 'article_fingerprints.fingerprint'])
          .where('matches.id', '>', after)
          .where('matches.story_id', 'is not', null)
          .orderBy('matches.id')
          .limit(REBUILD_PAGE)
          .execute();
        if (page.length === 0) break;
        after = page[page.length - 1]!.id;
        const rows = page.flatMap((m) =>
          (deserializeFingerprint(m.fingerprint)?.bands ?? []).map((band) => ({ topic_id: m.topic_id, band, story_id: m.story_id })),
        );
        for (let i = 0; i < rows.length; i += REBUILD_PAGE) {
          await db.insertInto('story_bands_rebuilt').values(rows.slice(i, i + REBUILD_PAGE)).onConflict((oc) => oc.doNothing()).execute();
        }
      }
      await sql`delete from story_bands where story_id in (select story_id from story_bands_rebuilt)`.execute(db);
      await sql`insert into story_bands (topic_id, band, story_id) select topic_id, band, story_id from story_bands_rebuilt`.execute(db);
      await db.schema.dropTable('story_bands_rebuilt').execute();
    },
  },
  '0009_stories_entity_partial': {
    async up(db: Kysely<any>) {
      // Only stories with a primary entity are looked up by it (topics that declare `entities`): the others no longer
      // write an index row, which was one more random leaf per new story.
      await db.schema.dropIndex('stories_topic_entity').execute();
      await db.schema
        .createIndex('stories_topic_entity')
        .on('stories')
        .columns(['topic_id', 'primary_code', 'last_seen_at'])
        .where('primary_code', 'is not', null)
        .execute();
    },
  },
};

/** Rows read or written per statement while rebuilding: 3 bound values a band row, under SQLite's 32,766. */
const REBUILD_PAGE = 2_000;

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
