import { type Kysely, type Migration, type MigrationProvider } from 'kysely';

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
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
