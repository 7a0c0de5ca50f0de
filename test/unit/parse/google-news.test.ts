import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeed, unwrapGoogleNewsLink } from '../../../src/parse/index.js';

const FEED = readFileSync(new URL('../../fixtures/feeds/google-news-search.xml', import.meta.url));
const legacy = (url: string): string =>
  `https://news.google.com/rss/articles/${Buffer.concat([Buffer.from([0x08, 0x13, 0x22, url.length]), Buffer.from(url), Buffer.from([0xd2, 0x01, 0x00])]).toString('base64url')}?oc=5`;

describe('unwrapGoogleNewsLink', () => {
  it.each([
    ['decodes a legacy article id', { link: legacy('https://pub.test/a/1') }, 'https://pub.test/a/1'],
    [
      'falls back to the description link',
      { link: 'https://news.google.com/rss/articles/AU_yqLx?oc=5', description: '<a href="https://pub.test/b?x=1&amp;y=2">B</a>' },
      'https://pub.test/b?x=1&y=2',
    ],
    [
      'keeps the link when the description only links to Google',
      { link: 'https://news.google.com/rss/articles/AU_yqLx?oc=5', description: '<a href="https://news.google.com/rss/articles/AU_yqLx">B</a>' },
      'https://news.google.com/rss/articles/AU_yqLx?oc=5',
    ],
    ['keeps a link that is not on news.google.com', { link: 'https://pub.test/c', description: '<a href="https://other.test/">x</a>' }, 'https://pub.test/c'],
    ['ignores a decoded id that is not a web URL', { link: legacy('javascript:alert(1)//http') }, legacy('javascript:alert(1)//http')],
  ])('%s', (_name, item, expected) => {
    expect(unwrapGoogleNewsLink(item)).toBe(expected);
  });
});

describe('parseFeed on a Google News search feed', () => {
  it('unwraps publisher URLs, names the publisher as source and drops the title suffix', async () => {
    const feed = await parseFeed(FEED, { feedId: 'gn', sourceName: 'Google News: ferry strike' });
    expect(feed.articles.map((a) => [a.title, a.source, a.url])).toEqual([
      ['Ferry strike ends after pay deal', 'The Harbour Gazette', 'https://www.harbour-gazette.test/2024/05/ferry-strike-ends'],
      [
        'Lighthouse keeper retires as ferries resume',
        'Coastal Times',
        `https://www.coastal-times.test/${'news/'.repeat(30)}lighthouse-keeper-retires`,
      ],
      ['Unions welcome ferry agreement', 'Island Radio', 'https://www.island-radio.test/news/unions-welcome-deal'],
      ['Ferry timetable published', 'Gull Island Post', 'https://news.google.com/rss/articles/AU_yqLOpaqueToo?oc=5'],
    ]);
    expect(feed.articles[0]!.key).toBe('CBMiOmh0dHBzOi8vd3d3LmhhcmJvdXItZ2F6ZXR0ZS50ZXN0LzIwMjQvMDUvZmVycnktc3RyaWtlLWVuZHPSAQA');
    expect(feed.warnings).toEqual([]);
  });

  it('leaves the source of an ordinary feed with a <source> element alone', async () => {
    const xml = '<rss version="2.0"><channel><title>Blog</title><item><title>A - Other</title><link>https://blog.test/a</link><source url="https://other.test/rss">Other</source></item></channel></rss>';
    const [article] = (await parseFeed(xml, { feedId: 'b' })).articles;
    expect(article).toMatchObject({ title: 'A - Other', source: 'Blog', url: 'https://blog.test/a' });
  });
});
