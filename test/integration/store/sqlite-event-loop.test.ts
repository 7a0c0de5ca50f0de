import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';

describe('SQLite store transactions queued together', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nw-event-loop-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('let timers and sockets run between them instead of running back to back in microtasks', async () => {
    const store = await openStore(`sqlite:${join(dir, 'store.db')}`);
    try {
      const order: string[] = [];
      const feeds = Array.from({ length: 8 }, (_, i) => `feed-${i}`);
      // Other work the event loop has to do, queued while the first transaction runs: a callback of the next turn.
      let otherWorkDone!: () => void;
      const otherWork = new Promise<void>((resolve) => (otherWorkDone = resolve));
      // Eight feeds' transactions queued at once, as eight fetch jobs finishing together queue them.
      const writes = feeds.map((feedId, i) =>
        store.transaction(async (tx) => {
          order.push(feedId);
          if (i === 0) {
            setImmediate(() => {
              order.push('other work');
              otherWorkDone();
            });
          }
          const article = { key: 'k', feedId, source: 'S', url: null, title: 't', summary: '', content: '', published: null };
          return tx.insertArticles(feedId, [{ article, urlKey: `${feedId}-key`, fingerprint: null }], new Date());
        }),
      );
      await Promise.all([...writes, otherWork]);
      // The driver settles each query at once; without a turn of the event loop per transaction, all eight would
      // commit before that callback could run. (A 0 ms timer would do too, but could also fire before the first.)
      const otherAt = order.indexOf('other work');
      expect(otherAt).toBeGreaterThan(0);
      expect(otherAt).toBeLessThan(order.length - 1);
      expect(order.filter((o) => o !== 'other work')).toEqual(feeds);
    } finally {
      await store.close();
    }
  });
});
