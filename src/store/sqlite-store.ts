import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import { startCheckpointer, WAL_LIMIT_BYTES } from './checkpointer.js';
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
  // The default 2 MB page cache holds little of a store of 100k articles; reads then go to the kernel on every
  // lookup. A larger cache keeps indexes and recent rows at memory speed. It stays resident for the daemon's life, so
  // it is no larger than it pays: without memory-mapped reads the stories bench's median is 2.41 ms at 32 MB and
  // 2.58 ms at 16 MB, and the 10k-topic cold round's peak RSS 296-299 MB and 279-288 MB.
  database.pragma('cache_size = -16384');
  // No memory-mapped reads: every page read through a map stays in the daemon's RSS. On a 180 MB store (10k
  // topics) a round that read stories across the file peaked at 425 MB instead of 284, for no measurable speed.
  database.pragma('mmap_size = 0');
  // A WAL that overshot 64 MB in a burst is cut back to it when the log restarts (the checkpointer, when it runs,
  // takes that over: see checkpointer.ts).
  database.pragma(`journal_size_limit = ${WAL_LIMIT_BYTES}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  // Holding Kysely's one connection keeps every query waiting (the event loop stays free) while the WAL is emptied.
  const checkpointer = file === ':memory:' ? null : startCheckpointer(database, file, (work) => db.connection().execute(work));
  await migrateToLatest(db);
  // The checkpointer closes last: its final checkpoint then empties and removes the WAL.
  return new KyselyStore('sqlite', db, { beforeWrite: async () => checkpointer?.beforeWrite(), afterClose: async () => checkpointer?.close() });
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every statement on every call; preparing costs more than running our small indexed queries, so
 * statements are reused by SQL text. Safe because the dialect runs one statement at a time on one connection.
 *
 * Kysely also begins transactions DEFERRED. A deferred transaction that reads and then writes gets SQLITE_BUSY at
 * once, without waiting, when another connection holds the write lock (the checkpointer emptying the WAL, a CLI
 * command); IMMEDIATE takes the lock at BEGIN, where busy_timeout waits for it.
 */
function withStatementCache(database: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      const sql = text === 'begin' ? 'begin immediate' : text;
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
