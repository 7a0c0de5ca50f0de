import { describe, expect, it } from 'vitest';
import { articleKey } from '../../../src/parse/article-key.js';
import { parseFeed } from '../../../src/parse/index.js';

const published = new Date('2024-05-01T10:00:00Z');

describe('articleKey', () => {
  it.each([
    ['uses the id', { id: 'guid-1', url: 'https://a.test/x', rawLink: 'https://a.test/x' }, 'guid-1'],
    ['trims the id', { id: '  guid-1\n', url: null, rawLink: '' }, 'guid-1'],
    ['falls back to the canonical url for an empty id', { id: '', url: 'https://a.test/x', rawLink: 'x' }, 'https://a.test/x'],
    ['falls back to the canonical url for a blank id', { id: '   ', url: 'https://a.test/x', rawLink: 'x' }, 'https://a.test/x'],
  ])('%s', (_name, fields, key) => {
    expect(articleKey({ title: 'T', published, ...fields })).toBe(key);
  });

  it('hashes title, date and raw link when there is neither id nor url', () => {
    const base = { id: '', url: null, title: 'Storm warning', published, rawLink: '' };
    const key = articleKey(base);
    expect(key).toMatch(/^h:[0-9a-f]{64}$/);
    expect(articleKey({ ...base })).toBe(key);
    expect(articleKey({ ...base, title: 'Storm warning lifted' })).not.toBe(key);
    expect(articleKey({ ...base, published: null })).not.toBe(key);
    expect(articleKey({ ...base, rawLink: 'javascript:void(0)' })).not.toBe(key);
  });
});

describe('item identity through parseFeed', () => {
  const feed = `<rss version="2.0"><channel><title>Desk</title>
    <item><title>With guid</title><guid>desk-1</guid><link>https://desk.test/1?utm_source=x</link></item>
    <item><title>Empty guid</title><guid></guid><link>https://desk.test/2?utm_source=x#top</link></item>
    <item><title>Guid with attribute only</title><guid isPermaLink="false"></guid><link>https://desk.test/3</link></item>
    <item><title>No link</title><pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate></item>
    <item><title>Permalink guid</title><guid>https://desk.test/5</guid></item>
  </channel></rss>`;

  it('applies guid → canonical link → hash, the same way on every parse', async () => {
    const first = await parseFeed(feed, { feedId: 'desk' });
    const second = await parseFeed(Buffer.from(feed), { feedId: 'desk' });
    const keys = first.articles.map((a) => a.key);
    expect(keys.slice(0, 3)).toEqual(['desk-1', 'https://desk.test/2', 'https://desk.test/3']);
    expect(keys[3]).toMatch(/^h:/);
    expect(keys[4]).toBe('https://desk.test/5');
    expect(first.articles[4]!.url).toBe('https://desk.test/5');
    expect(second.articles.map((a) => a.key)).toEqual(keys);
  });
});
