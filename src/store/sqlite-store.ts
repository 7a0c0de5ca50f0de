import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
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
  // The default 2 MB page cache holds little of a store of 100k articles; reads then go to the kernel on every
  // lookup. A larger cache and memory-mapped reads keep indexes and recent rows at memory speed.
  database.pragma('cache_size = -65536');
  database.pragma('mmap_size = 268435456');
  const checkpointer = file === ':memory:' ? null : startCheckpointer(database, file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  await migrateToLatest(db);
  // The checkpointer closes last: its final checkpoint then empties and removes the WAL.
  return new KyselyStore('sqlite', db, async () => checkpointer?.close());
}

const CHECKPOINT_INTERVAL_MS = 1000;
/** WAL frames (4 KB pages) past which the checkpointer empties the WAL: 64 MB. */
const WAL_RESET_FRAMES = 16_384;

interface Checkpointer {
  close(): Promise<void>;
}

/**
 * Moves WAL checkpoints to a worker thread. With SQLite's automatic checkpoint, every ~1000 pages one commit on the
 * event loop copies them into the database file and fsyncs: tens of ms, most of the commit time under load.
 * Only when the compiled worker exists (not when running from TypeScript sources): else SQLite's default stays.
 */
function startCheckpointer(database: SQLite.Database, file: string): Checkpointer | null {
  const script = new URL('./checkpoint-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.js') || !existsSync(fileURLToPath(script))) return null;
  const worker = new Worker(script, { workerData: { file, intervalMs: CHECKPOINT_INTERVAL_MS, walResetFrames: WAL_RESET_FRAMES } });
  worker.unref();
  // Once the worker is gone (closed, or died), SQLite checkpoints on the event loop again rather than let the WAL
  // grow without bound.
  worker.once('exit', () => database.open && database.pragma('wal_autocheckpoint = 1000'));
  database.pragma('wal_autocheckpoint = 0');
  return {
    close: () =>
      new Promise<void>((resolve) => {
        worker.once('message', () => void worker.terminate().then(() => resolve()));
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      }),
  };
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
