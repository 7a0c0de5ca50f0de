import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';

/** Another process that takes SQLite's write lock, commits one article after `holdMs`, and exits. */
const LOCK_HOLDER = `
const SQLite = require('better-sqlite3');
const db = new SQLite(process.argv[1]);
db.exec('begin immediate');
db.prepare("insert into articles (feed_id, item_key, url, title, summary, content, source, published_at, first_seen_at, duplicate_of, url_key) values ('other', 'o1', null, 't', '', '', 'S', null, 1, null, 'other-key')").run();
process.stdout.write('locked\\n');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]));
db.exec('commit');
db.close();
`;

describe('SQLite store writes while another connection holds the write lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nw-write-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('waits for the lock instead of failing a transaction that reads before it writes', async () => {
    const file = join(dir, 'store.db');
    const store = await openStore(`sqlite:${file}`);
    try {
      const holder = spawn(process.execPath, ['-e', LOCK_HOLDER, file, '300'], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
      const [chunk] = (await once(holder.stdout!, 'data')) as [Buffer];
      expect(chunk.toString()).toContain('locked');
      const ids = await store.transaction(async (tx) => {
        // A read first: a deferred transaction would hold a snapshot the other commit makes stale.
        await tx.findArticlesByUrlKeys(['mine-key']);
        return tx.insertArticles(
          'mine',
          [{ article: { key: 'm1', feedId: 'mine', source: 'S', url: null, title: 't', summary: '', content: '', published: null }, urlKey: 'mine-key', fingerprint: null }],
          new Date(),
        );
      });
      expect(ids).toHaveLength(1);
      const [code] = (await once(holder, 'exit')) as [number];
      expect(code).toBe(0);
      const found = await store.transaction((tx) => tx.findArticlesByUrlKeys(['mine-key', 'other-key']));
      expect([...found.keys()].sort()).toEqual(['mine-key', 'other-key']);
    } finally {
      await store.close();
    }
  });
});
