import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NewswatchError } from '../../../src/errors.js';
import { parseFeed } from '../../../src/parse/index.js';
import type { ParsedFeed } from '../../../src/parse/index.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');
const BASES = [fixture('rss2-harbour-gazette.xml'), fixture('atom-city-desk.xml'), fixture('rss1-science-notes.rdf'), fixture('google-news-search.xml')];
const MAX_PARSE_MS = 2_000;

const INSERTS = ['&', '<', '>', '\u0000', '\u0001', '\u000b', '\ufffe', '&amp', '&#0;', '&nbsp;', '</', '<b>', '<![CDATA[', ']]>', '<!--', '<?xml?>', '<!DOCTYPE x [', '"', "'", '='];

type Mutation = (text: string) => string;

const at = (pos: number, text: string): number => Math.floor(pos * text.length);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...INSERTS)).map(([pos, s]) => (t: string) => t.slice(0, at(pos, t)) + s + t.slice(at(pos, t))),
  fc.double({ min: 0, max: 1, noNaN: true }).map((pos) => (t: string) => t.slice(0, at(pos, t))),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 0xffff })).map(
    ([pos, code]) => (t: string) => t.slice(0, at(pos, t)) + String.fromCharCode(code) + t.slice(at(pos, t) + 1),
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 })).map(
    ([pos, n]) => (t: string) => t.slice(0, at(pos, t)) + t.slice(at(pos, t) + n),
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 3_000 }), fc.boolean()).map(
    ([pos, depth, closed]) => (t: string) =>
      t.slice(0, at(pos, t)) + '<x>'.repeat(depth) + 'deep' + (closed ? '</x>'.repeat(depth) : '') + t.slice(at(pos, t)),
  ),
);

async function outcome(body: Buffer | string): Promise<ParsedFeed | NewswatchError> {
  try {
    return await parseFeed(body, { feedId: 'p', baseUrl: 'https://p.test/feed' });
  } catch (err) {
    if (err instanceof NewswatchError) return err;
    throw err;
  }
}

function expectValid(result: ParsedFeed | NewswatchError): void {
  if (result instanceof NewswatchError) {
    expect(['PARSE_FAILED', 'NOT_A_FEED']).toContain(result.code);
    expect(result.message).not.toMatch(/[\r\n]/);
    return;
  }
  for (const w of result.warnings) expect(w).not.toMatch(/[\r\n]/);
  for (const a of result.articles) {
    expect(typeof a.title).toBe('string');
    expect(typeof a.summary).toBe('string');
    expect(a.key).not.toBe('');
    if (a.url !== null) expect(a.url).toMatch(/^https?:\/\//);
    if (a.published !== null) expect(Number.isNaN(a.published.getTime())).toBe(false);
  }
}

describe('parseFeed on mutated feeds (fast-check)', () => {
  it('ends every mutated feed in articles or a NewswatchError, within a bounded time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...BASES), fc.array(mutation, { minLength: 1, maxLength: 6 }), async (base, mutations) => {
        const text = mutations.reduce((t, m) => m(t), base);
        const started = performance.now();
        const result = await outcome(text);
        expect(performance.now() - started).toBeLessThan(MAX_PARSE_MS);
        expectValid(result);
      }),
      { numRuns: 400 },
    );
  });

  it('survives byte flips in the encoded body (charset sniffing included)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...BASES),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }),
        async (base, flips) => {
          const bytes = Buffer.from(base, 'utf8');
          for (const [pos, value] of flips) bytes[Math.min(bytes.length - 1, Math.floor(pos * bytes.length))] = value;
          expectValid(await outcome(bytes));
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    ['200,000 nested elements in a title', `<rss version="2.0"><channel><item><title>${'<b>'.repeat(200_000)}x${'</b>'.repeat(200_000)}</title></item></channel></rss>`],
    ['200,000 unclosed elements', `<rss version="2.0"><channel><item><title>${'<b>'.repeat(200_000)}`],
    ['a 2 MB attribute', `<rss version="2.0"><channel><item a="${'x'.repeat(2_000_000)}"><title>T</title></item></channel></rss>`],
    ['100,000 bare ampersands', `<rss version="2.0"><channel><title>${'& '.repeat(100_000)}</title></channel></rss>`],
  ])('handles %s quickly', async (_name, text) => {
    const started = performance.now();
    expectValid(await outcome(text));
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
