import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import { KyselyStore, migrateToLatest } from './kysely-store.js';
import type { Database } from './schema.js';
import type { Store } from './types.js';

/** Opens (creating when absent) a SQLite store file and migrates it to the latest schema. */
export async function openSqliteStore(file: string): Promise<Store> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  // WAL lets `newswatch matches` read while the daemon writes; busy_timeout rides out a concurrent writer.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  await migrateToLatest(db);
  return new KyselyStore('sqlite', db);
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every statement on every call; preparing costs more than running our small indexed queries, so
 * statements are reused by SQL text. Safe because the dialect runs one statement at a time on one connection.
 */
function withStatementCache(database: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        // Queries with IN lists of varying length make new texts: a full cache starts over rather than grow.
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
        statement = database.prepare(sql);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
