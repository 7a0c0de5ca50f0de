import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { openStore as OpenStore } from '../../../src/store/index.js';

// The checkpointer is a compiled worker script: this test runs the built store (`npm test` builds dist first).
const builtStore = resolve('dist/store/index.js');

describe.runIf(existsSync(builtStore))('WAL checkpoints on a worker thread (built store)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nw-checkpoint-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('copies committed pages into the database file without a commit paying for it, and leaves no WAL on close', async () => {
    const { openStore } = (await import(pathToFileURL(builtStore).href)) as { openStore: typeof OpenStore };
    const file = join(dir, 'store.db');
    const store = await openStore(`sqlite:${file}`);
    const body = 'x'.repeat(2_000);
    const rows = Array.from({ length: 600 }, (_, i) => ({
      article: { key: `k${i}`, feedId: 'f', source: 'S', url: null, title: `t${i}`, summary: body, content: body, published: null },
      urlKey: null,
      fingerprint: `fp${i}`,
    }));
    await store.transaction((tx) => tx.insertArticles('f', rows, new Date()));
    // ~2.5 MB committed (~650 pages): under SQLite's own 1,000-page autocheckpoint, so only the worker moves it into the file.
    const before = statSync(file).size;
    const deadline = Date.now() + 10_000;
    while (statSync(file).size < before + 1_500_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(statSync(file).size).toBeGreaterThan(before + 1_500_000);
    await store.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('rewinds the WAL past 64 MB even when transactions run back to back, and truncates the file once the burst is over', async () => {
    const { openStore } = (await import(pathToFileURL(builtStore).href)) as { openStore: typeof OpenStore };
    const file = join(dir, 'store.db');
    const store = await openStore(`sqlite:${file}`);
    const body = 'y'.repeat(4_000);
    const walSize = () => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
    // The WAL header's checkpoint sequence number (bytes 12-15) goes up each time the log starts over.
    const walSequence = () => {
      if (walSize() < 32) return null;
      const handle = openSync(`${file}-wal`, 'r');
      const header = Buffer.alloc(16);
      readSync(handle, header, 0, 16, 0);
      closeSync(handle);
      return header.readUInt32BE(12);
    };
    let largest = 0;
    let firstSequence: number | null = null;
    let rewound = false;
    // ~0.5 MB a transaction with no pause between them: SQLite never rewinds the WAL on its own here.
    const deadline = Date.now() + 15_000;
    for (let t = 0; Date.now() < deadline && !rewound; t++) {
      const rows = Array.from({ length: 64 }, (_, i) => ({
        article: { key: `k${t}-${i}`, feedId: 'f', source: 'S', url: null, title: `t${i}`, summary: body, content: body, published: null },
        urlKey: null,
        fingerprint: `fp${t}-${i}`,
      }));
      await store.transaction((tx) => tx.insertArticles('f', rows, new Date()));
      const size = walSize();
      // The log started over: its sequence number changed (RESTART), or the file was cut back (TRUNCATE, which the
      // worker uses once the file is past the bound).
      const shrank = size < largest;
      largest = Math.max(largest, size);
      const sequence = walSequence();
      firstSequence ??= sequence;
      rewound = shrank || (sequence !== null && firstSequence !== null && sequence !== firstSequence);
    }
    expect(largest).toBeGreaterThan(64 * 1024 * 1024);
    expect(rewound).toBe(true);
    // Once every frame is in the database, the worker truncates the oversized file while the next write waits: the
    // write does not (SQLite's journal_size_limit would cut it to exactly 64 MB, in that write's commit).
    await new Promise((r) => setTimeout(r, 2_500));
    await store.transaction((tx) => tx.insertArticles('f', [{ article: { key: 'after', feedId: 'f', source: 'S', url: null, title: 't', summary: 's', content: 's', published: null }, urlKey: null, fingerprint: 'fp' }], new Date()));
    expect(walSize()).toBeLessThan(1024 * 1024);
    await store.close();
  });
});
