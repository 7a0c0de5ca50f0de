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
      // Eight feeds' transactions queued at once, as eight fetch jobs finishing together queue them.
      const writes = feeds.map((feedId) =>
        store.transaction(async (tx) => {
          order.push(feedId);
          const article = { key: 'k', feedId, source: 'S', url: null, title: 't', summary: '', content: '', published: null };
          return tx.insertArticles(feedId, [{ article, urlKey: `${feedId}-key`, fingerprint: null }], new Date());
        }),
      );
      const timerFired = new Promise<void>((resolve) =>
        setTimeout(() => {
          order.push('timer');
          resolve();
        }, 0),
      );
      await Promise.all([...writes, timerFired]);
      // The driver settles each query at once; without a turn of the event loop per transaction, all eight would
      // commit before a 0 ms timer could fire.
      const timerAt = order.indexOf('timer');
      expect(timerAt).toBeGreaterThan(0);
      expect(timerAt).toBeLessThan(order.length - 1);
      expect(order.filter((o) => o !== 'timer')).toEqual(feeds);
    } finally {
      await store.close();
    }
  });
});
