import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  await migrateToLatest(db);
  return new KyselyStore('sqlite', db);
}
