import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type CompiledQuery } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StatementTemplates } from '../../../src/store/statement-templates.js';

interface Db {
  items: { id: number | null; feed: string; key: string; note: string | null; seen: number };
}

/** Compiled statements on a real SQLite file: each call must do exactly what Kysely's own statement would. */
describe('StatementTemplates (real SQLite file)', () => {
  let dir: string;
  let db: Kysely<Db>;
  const executed: CompiledQuery[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-templates-'));
    db = new Kysely<Db>({ dialect: new SqliteDialect({ database: new SQLite(join(dir, 'items.db')) }), log: (event) => void executed.push(event.query) });
    await sql`create table items (id integer primary key, feed text not null, key text not null, note text, seen integer not null, unique (feed, key))`.execute(db);
    executed.length = 0;
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = (feed: string, keys: string[], seen: number) => keys.map((key, i) => ({ feed, key, note: i % 2 === 0 ? null : `note ${key}`, seen }));
  const insert = (templates: StatementTemplates, values: ReturnType<typeof rows>) =>
    templates.execute(db, 'items', values, (v) =>
      db
        .insertInto('items')
        .values(v)
        .onConflict((oc) => oc.columns(['feed', 'key']).doNothing())
        .returning(['id', 'key']),
    );

  it('stores every value in its own column and returns what RETURNING gives, for each row count', async () => {
    const templates = new StatementTemplates();
    expect(await insert(templates, rows('a', ['k1', 'k2', 'k3'], 1))).toHaveLength(3);
    // Same row count again: the template is reused with new values, and the conflict clause still applies.
    const second = await insert(templates, rows('b', ['k1', 'k2', 'k3'], 2));
    expect(second.map((r) => r.key).sort()).toEqual(['k1', 'k2', 'k3']);
    expect(await insert(templates, rows('a', ['k3', 'k4', 'k5'], 3))).toEqual([expect.objectContaining({ key: 'k4' }), expect.objectContaining({ key: 'k5' })]);
    expect(await insert(templates, rows('c', ['only'], 4))).toHaveLength(1);
    expect(await insert(templates, [])).toEqual([]);

    const stored = await db.selectFrom('items').select(['feed', 'key', 'note', 'seen']).orderBy('feed').orderBy('key').execute();
    expect(stored).toEqual([
      ...rows('a', ['k1', 'k2', 'k3'], 1),
      { feed: 'a', key: 'k4', note: 'note k4', seen: 3 },
      { feed: 'a', key: 'k5', note: null, seen: 3 },
      ...rows('b', ['k1', 'k2', 'k3'], 2),
      ...rows('c', ['only'], 4),
    ]);
    // The reused template ran the same SQL text as the first call of that row count.
    const threeRowTexts = new Set(executed.filter((q) => q.parameters.length === 12).map((q) => q.sql));
    expect(threeRowTexts.size).toBe(1);
  });

  it('builds the statement every time when a value does not become a parameter, with the same result', async () => {
    const templates = new StatementTemplates();
    const build = (v: ReturnType<typeof rows>) => db.insertInto('items').values(v.map((r) => ({ ...r, seen: sql<number>`42` })));
    await templates.execute(db, 'literal', rows('a', ['k1', 'k2'], 1), build);
    await templates.execute(db, 'literal', rows('b', ['k1', 'k2'], 1), build);
    const stored = await db.selectFrom('items').select(['feed', 'key', 'seen']).orderBy('feed').orderBy('key').execute();
    expect(stored).toEqual([
      { feed: 'a', key: 'k1', seen: 42 },
      { feed: 'a', key: 'k2', seen: 42 },
      { feed: 'b', key: 'k1', seen: 42 },
      { feed: 'b', key: 'k2', seen: 42 },
    ]);
  });

  it('builds multi-row statements with list fields every time, since their lists may differ in length', async () => {
    const templates = new StatementTemplates();
    await insert(templates, rows('a', ['k1', 'k2', 'k3'], 1));
    const notes = (lists: string[][]) =>
      templates.execute(db, 'notes', lists.map((keys) => ({ keys })), (v) =>
        db.selectFrom('items').select('key').where('key', 'in', v.flatMap((r) => r.keys)).orderBy('key'),
      );
    expect(await notes([['k1'], ['k2', 'k3']])).toEqual([{ key: 'k1' }, { key: 'k2' }, { key: 'k3' }]);
    expect(await notes([['k1', 'k3'], ['k2']])).toEqual([{ key: 'k1' }, { key: 'k2' }, { key: 'k3' }]);
    expect(await notes([['k3'], ['k9']])).toEqual([{ key: 'k3' }]);
  });

  it('runs single-row selects and updates with the values of each call, IN lists included', async () => {
    const templates = new StatementTemplates();
    await insert(templates, rows('a', ['k1', 'k2', 'k3', 'k4'], 1));
    await insert(templates, rows('b', ['k1', 'k2'], 1));
    const keysIn = (feed: string, keys: string[]) =>
      templates.one(db, 'keys', { feed, keys }, (v) => db.selectFrom('items').select('key').where('feed', '=', v.feed).where('key', 'in', v.keys).orderBy('key'),
      );
    expect(await keysIn('a', ['k2', 'k4', 'k9'])).toEqual([{ key: 'k2' }, { key: 'k4' }]);
    // Same shape, other values: nothing of the first call is frozen into the template.
    expect(await keysIn('b', ['k1', 'k3', 'k2'])).toEqual([{ key: 'k1' }, { key: 'k2' }]);
    expect(await keysIn('b', ['k2'])).toEqual([{ key: 'k2' }]);

    const touch = (feed: string, key: string, seen: number) =>
      templates.one(db, 'touch', { seen, feed, key }, (v) =>
        db
          .updateTable('items')
          .set((eb) => ({ seen: eb('seen', '+', v.seen), note: 'touched' }))
          .where('feed', '=', v.feed)
          .where('key', '=', v.key),
      );
    await touch('a', 'k1', 10);
    await touch('b', 'k2', 20);
    const stored = await db.selectFrom('items').select(['feed', 'key', 'note', 'seen']).where('note', '=', 'touched').orderBy('feed').execute();
    expect(stored).toEqual([
      { feed: 'a', key: 'k1', note: 'touched', seen: 11 },
      { feed: 'b', key: 'k2', note: 'touched', seen: 21 },
    ]);
    // Each statement was compiled once: both updates ran the same SQL text.
    expect(new Set(executed.filter((q) => q.sql.startsWith('update')).map((q) => q.sql)).size).toBe(1);
  });
});
