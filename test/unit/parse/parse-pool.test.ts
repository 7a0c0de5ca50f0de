import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { NewswatchError } from '../../../src/errors.js';
import { closeParsePool, createParsePool, parseFeed, parseFeedInWorker } from '../../../src/parse/index.js';
import type { ParsedFeed, ParsePool } from '../../../src/parse/index.js';

// The worker runs compiled JavaScript: dist/ after `npm run build` (npm test builds first), or NEWSWATCH_DIST.
const DIST = path.resolve(process.env.NEWSWATCH_DIST ?? 'dist');
const WORKER = path.join(DIST, 'parse', 'parse-worker.js');
const built = existsSync(WORKER);
const workerUrl = pathToFileURL(WORKER);

const fixture = (name: string): Buffer => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url));
const opts = { feedId: 'harbour', baseUrl: 'https://feeds.harbour-gazette.test/rss.xml' };

/** An RSS feed of about `bytes` bytes. */
function bigFeed(bytes: number): string {
  const items: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const item = `<item><guid>g${i}</guid><title>Item ${i} about harbours &amp; ferries</title><link>https://big.test/${i}</link><description>&lt;p&gt;Paragraph ${i} ${'lorem ipsum dolor sit amet '.repeat(90)}&lt;/p&gt;</description><pubDate>Wed, 15 May 2024 08:10:00 GMT</pubDate></item>`;
    items.push(item);
    size += item.length;
  }
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${items.join('')}</channel></rss>`;
}

/** Longest gap between ticks of a 10 ms interval while `work` runs. */
async function longestTickGap(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(longest, performance.now() - last);
}

afterAll(() => closeParsePool());

describe('parseFeedInWorker from TypeScript sources', () => {
  it('parses in-thread with the result of parseFeed', async () => {
    const body = fixture('rss2-harbour-gazette.xml');
    expect(await parseFeedInWorker(body, opts)).toEqual(await parseFeed(body, opts));
  });
});

describe.skipIf(!built)('parse pool with the compiled worker', () => {
  const pools: ParsePool[] = [];
  const pool = (options: Parameters<typeof createParsePool>[0] = {}): ParsePool => {
    const p = createParsePool({ workerUrl, ...options });
    pools.push(p);
    return p;
  };
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it('returns what parseFeed returns, Dates included', async () => {
    const body = fixture('rss2-harbour-gazette.xml');
    const result = await pool().parse(body, opts);
    expect(result).toEqual(await parseFeed(body, opts));
    expect(result.articles[0]!.published).toBeInstanceOf(Date);
  });

  it('passes a NewswatchError back with its code', async () => {
    const err = await pool().parse(fixture('not-a-feed.html'), opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NewswatchError);
    expect(err).toMatchObject({ code: 'NOT_A_FEED', message: 'got an HTML page, not a feed' });
  });

  it('parses a 5 MB feed while the main event loop keeps ticking', async () => {
    const body = Buffer.from(bigFeed(5 * 1024 * 1024));
    const p = pool({ size: 1 });
    await p.parse('<rss version="2.0"><channel/></rss>', opts); // start the worker outside the measurement
    let inWorker: ParsedFeed | null = null;
    let inThread: ParsedFeed | null = null;
    const gap = await longestTickGap(async () => {
      inWorker = await p.parse(body, opts);
    });
    const inThreadGap = await longestTickGap(async () => {
      inThread = await parseFeed(body, opts);
    });
    const items = inWorker!.articles.length;
    // Articles come back in batches: the reassembled result is the same, in the same order.
    expect(inWorker).toEqual(inThread);
    console.log(`5 MB feed: longest event-loop gap ${gap.toFixed(0)} ms in the worker, ${inThreadGap.toFixed(0)} ms in-thread`);
    expect(items).toBeGreaterThan(1_500);
    // What is left on the main thread is copying the body and deserialising ~2,000 articles.
    expect(gap).toBeLessThan(400);
    // Well-formed RSS takes the fast XML path (fast-xml-feed.ts), so parsing in-thread costs only ~3× that.
    expect(inThreadGap).toBeGreaterThan(gap * 2);
  });

  it('fails a parse past its deadline with PARSE_FAILED, and keeps working with a fresh worker', async () => {
    const p = pool({ size: 1, timeoutMs: 5 });
    const err = await p.parse(bigFeed(2 * 1024 * 1024), opts).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PARSE_FAILED', message: 'parsing took longer than 5 ms' });
    const relaxed = pool({ size: 1 });
    expect((await relaxed.parse(fixture('rss2-harbour-gazette.xml'), opts)).articles).toHaveLength(4);
  });

  it('queues parses beyond its size and answers each', async () => {
    const p = pool({ size: 2 });
    const body = fixture('rss2-harbour-gazette.xml');
    const results = await Promise.all(Array.from({ length: 7 }, () => p.parse(body, opts)));
    expect(results.map((r) => r.articles.length)).toEqual(Array(7).fill(4));
  });

  it('rejects parses after close', async () => {
    const p = pool();
    await p.close();
    await expect(p.parse('<rss/>', opts)).rejects.toMatchObject({ code: 'PARSE_FAILED', message: 'the parse pool is closed' });
  });

  it('does not keep a process alive once its parses are done', () => {
    const pool = pathToFileURL(path.join(DIST, 'parse', 'parse-pool.js')).href;
    const script = `const { parseFeedInWorker } = await import(${JSON.stringify(pool)});
      const feed = await parseFeedInWorker('<rss version="2.0"><channel><title>T</title></channel></rss>', { feedId: 'x' });
      console.log(feed.title);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
    expect(run.stdout.trim()).toBe('T');
    expect(run.status).toBe(0);
  });
});
