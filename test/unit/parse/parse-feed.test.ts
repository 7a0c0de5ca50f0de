import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NewswatchError } from '../../../src/errors.js';
import { parseFeed } from '../../../src/parse/index.js';
import type { ParsedFeed } from '../../../src/parse/index.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url));

async function parseError(body: Buffer | string, contentType?: string): Promise<NewswatchError> {
  const err: unknown = await parseFeed(body, { feedId: 'f', contentType }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NewswatchError);
  return err as NewswatchError;
}

describe('parseFeed on RSS 2.0', () => {
  const parse = (): Promise<ParsedFeed> =>
    parseFeed(fixture('rss2-harbour-gazette.xml'), {
      feedId: 'harbour',
      baseUrl: 'https://feeds.harbour-gazette.test/rss.xml',
    });

  it('reads the channel and every item that carries something', async () => {
    const feed = await parse();
    expect(feed.title).toBe('The Harbour Gazette');
    expect(feed.link).toBe('https://news.harbour-gazette.test/');
    expect(feed.articles.map((a) => a.title)).toEqual([
      'Ferry service resumes after winter storms',
      'Council’s budget vote: fish & chips tax dropped',
      'Lighthouse reopens to visitors',
      'Harbour master warns of fog',
    ]);
  });

  it('normalises the first item: guid key, canonical url, plain-text summary and content', async () => {
    const [first] = (await parse()).articles;
    expect(first).toEqual({
      key: 'hg-2024-0117',
      feedId: 'harbour',
      source: 'The Harbour Gazette',
      url: 'https://news.harbour-gazette.test/2024/ferry-resumes?id=42',
      title: 'Ferry service resumes after winter storms',
      summary: 'The morning ferry to Gull Island ran again on Wednesday.',
      content: 'The morning ferry to Gull Island ran again on Wednesday. Crews spent two weeks repairing the pier.',
      published: new Date('2024-01-17T08:30:00Z'),
    });
  });

  it('keys an item with an empty guid by its link, resolved against the channel link', async () => {
    const second = (await parse()).articles[1]!;
    expect(second.url).toBe('https://news.harbour-gazette.test/2024/budget-vote');
    expect(second.key).toBe('https://news.harbour-gazette.test/2024/budget-vote');
    expect(second.published).toBeNull();
    expect(second.content).toBe('');
  });

  it('keys an item with neither guid nor link by a hash, and reads dc:date', async () => {
    const third = (await parse()).articles[2]!;
    expect(third.url).toBeNull();
    expect(third.key).toMatch(/^h:[0-9a-f]{64}$/);
    expect(third.published).toEqual(new Date('2024-01-15T12:00:00Z'));
  });

  it('drops a javascript: link but keeps the item', async () => {
    const fourth = (await parse()).articles[3]!;
    expect(fourth.url).toBeNull();
    expect(fourth.key).toMatch(/^h:/);
    expect(fourth.published).toEqual(new Date('2024-01-15T05:00:00Z'));
  });

  it('gives the same keys on a second parse', async () => {
    const [a, b] = await Promise.all([parse(), parse()]);
    expect(b.articles.map((x) => x.key)).toEqual(a.articles.map((x) => x.key));
  });

  it('prefers the configured source name', async () => {
    const feed = await parseFeed(fixture('rss2-harbour-gazette.xml'), { feedId: 'harbour', sourceName: 'HG' });
    expect(new Set(feed.articles.map((a) => a.source))).toEqual(new Set(['HG']));
  });
});

describe('parseFeed on Atom', () => {
  it('reads html and xhtml titles, xhtml content and the alternate link', async () => {
    const feed = await parseFeed(fixture('atom-city-desk.xml'), { feedId: 'city' });
    expect(feed.title).toBe('City Desk & Metro');
    expect(feed.link).toBe('https://citydesk.test/');
    const [tram, library] = feed.articles;
    expect(tram).toMatchObject({
      key: 'tag:citydesk.test,2024:tram-extension',
      url: 'https://citydesk.test/metro/tram-extension',
      title: 'Tram line extension approved',
      summary: 'The planning board approved four new stops.',
      published: new Date('2024-02-03T08:15:00Z'),
      source: 'City Desk & Metro',
    });
    // KNOWN GAP: xml2js (under rss-parser) loses the order of text around inline XHTML elements
    // ("approved new stops.four"), so only the text after the inline element is checked here.
    expect(tram!.content).toContain('Work starts in spring.');
    expect(library).toMatchObject({
      title: 'Library hours extended',
      url: 'https://citydesk.test/culture/library-hours',
      summary: 'The central library will stay open until 9 pm.',
      content: '',
    });
  });

  it('falls back to <updated> when <published> is not a date, instead of failing the feed', async () => {
    const feed = await parseFeed(fixture('atom-city-desk.xml'), { feedId: 'city' });
    expect(feed.articles[1]!.published).toEqual(new Date('2024-02-02T18:00:00Z'));
  });
});

describe('parseFeed on RSS 1.0 (RDF)', () => {
  it('reads items, dc:date and uses rdf:about as the id', async () => {
    const feed = await parseFeed(fixture('rss1-science-notes.rdf'), { feedId: 'sci' });
    expect(feed.title).toBe('Science Notes');
    expect(feed.articles).toHaveLength(2);
    expect(feed.articles[0]).toMatchObject({
      key: 'https://science-notes.test/comet',
      url: 'https://science-notes.test/comet',
      title: 'Comet visible without a telescope this week',
      summary: 'Look low on the western horizon just after sunset.',
      published: new Date('2024-03-10T19:00:00Z'),
    });
  });
});

describe('parseFeed on JSON Feed', () => {
  it('reads items, strips tracking parameters and drops an empty item', async () => {
    const feed = await parseFeed(fixture('json-feed-morning-briefing.json'), { feedId: 'mb' });
    expect(feed.title).toBe('Morning Briefing');
    expect(feed.link).toBe('https://briefing.test/');
    expect(feed.articles).toHaveLength(2);
    expect(feed.articles[0]).toEqual({
      key: 'mb-2024-04-02-rail',
      feedId: 'mb',
      source: 'Morning Briefing',
      url: 'https://briefing.test/2024/04/02/rail-strike?page=2',
      title: 'Rail strike called off after late-night talks',
      summary: 'Trains run as normal today.',
      content: 'Unions and operators reached a deal shortly before midnight.',
      published: new Date('2024-04-02T03:45:00Z'),
    });
    expect(feed.articles[1]).toMatchObject({
      key: '1712036700',
      summary: 'Highs of 17 degrees in the afternoon.',
      content: '',
      published: null,
    });
  });

  it('rejects JSON that is not a JSON Feed as NOT_A_FEED and broken JSON as PARSE_FAILED', async () => {
    expect((await parseError('{"rss": {"channel": {}}}')).code).toBe('NOT_A_FEED');
    expect((await parseError('{"version": "https://jsonfeed.org/version/1.1", "items": [')).code).toBe('PARSE_FAILED');
  });
});

describe('parseFeed input validation', () => {
  it('does not trust element shapes: nested markup in a title becomes text, __proto__ stays data', async () => {
    const xml = `<rss version="2.0"><channel><title>T</title><item>
      <title><b>Bold</b> claim</title><link>https://a.test/x</link><__proto__><polluted>yes</polluted></__proto__>
      <pubDate><span>Item 1</span></pubDate></item></channel></rss>`;
    const feed = await parseFeed(xml, { feedId: 'f' });
    expect(feed.articles[0]!.title).toContain('Bold');
    expect(feed.articles[0]!.published).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('caps the summary at 2,000 characters, cut at a word', async () => {
    const long = Array.from({ length: 600 }, (_, i) => `word${i}`).join(' ');
    const xml = `<rss version="2.0"><channel><item><title>Long</title><description>${long}</description></item></channel></rss>`;
    const [article] = (await parseFeed(xml, { feedId: 'f' })).articles;
    expect(article!.summary.length).toBeLessThanOrEqual(2000);
    expect(article!.summary).toMatch(/word\d+…$/);
  });

  it.each([
    ['RFC 822 with GMT', 'Wed, 17 Jan 2024 08:30:00 GMT', '2024-01-17T08:30:00.000Z'],
    ['RFC 822 with a numeric zone', 'Wed, 17 Jan 2024 08:30:00 +0100', '2024-01-17T07:30:00.000Z'],
    ['RFC 822 with CEST', 'Wed, 17 Jul 2024 08:30:00 CEST', '2024-07-17T06:30:00.000Z'],
    ['ISO 8601', '2024-01-17T08:30:00+02:00', '2024-01-17T06:30:00.000Z'],
    ['text without a year', 'Item 1', null],
    ['not a date', 'yesterday', null],
  ])('reads a pubDate given as %s', async (_name, pubDate, iso) => {
    const xml = `<rss version="2.0"><channel><item><title>T</title><pubDate>${pubDate}</pubDate></item></channel></rss>`;
    const [article] = (await parseFeed(xml, { feedId: 'f' })).articles;
    expect(article!.published?.toISOString() ?? null).toBe(iso);
  });

  it('reads an Atom <published> with a zone abbreviation rss-parser cannot read', async () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title>
      <published>Wed, 17 Jul 2024 08:30:00 CEST</published></entry></feed>`;
    const [article] = (await parseFeed(xml, { feedId: 'f' })).articles;
    expect(article!.published).toEqual(new Date('2024-07-17T06:30:00Z'));
  });

  it('keeps a date far in the future as it is', async () => {
    const xml = `<rss version="2.0"><channel><item><title>Soon</title><pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item></channel></rss>`;
    const [article] = (await parseFeed(xml, { feedId: 'f' })).articles;
    expect(article!.published).toEqual(new Date('2100-01-01T00:00:00Z'));
  });

  it('accepts the HTML entities the XML parser knows (&nbsp; &hellip;) in an undeclared document', async () => {
    const xml = `<rss version="2.0"><channel><item><title>Wait&hellip;&nbsp;what</title></item></channel></rss>`;
    const [article] = (await parseFeed(xml, { feedId: 'f' })).articles;
    expect(article!.title).toBe('Wait… what');
  });

  it('reads an <rss> root without a version as RSS 2.0', async () => {
    const xml = `<rss><channel><title>No version</title><item><title>Still read</title></item></channel></rss>`;
    const feed = await parseFeed(xml, { feedId: 'f' });
    expect(feed.articles.map((a) => a.title)).toEqual(['Still read']);
  });
});

describe('parseFeed errors', () => {
  it.each([
    ['an empty body', Buffer.alloc(0), 'NOT_A_FEED', /empty body/],
    ['only whitespace', '  \n\t', 'NOT_A_FEED', /empty body/],
    ['an HTML page', fixture('not-a-feed.html'), 'NOT_A_FEED', /got an HTML page, not a feed/],
    ['an HTML page without doctype', '<html><body>hi</body></html>', 'NOT_A_FEED', /HTML page/],
    ['binary bytes', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'NOT_A_FEED', /neither XML nor JSON/],
    ['a JSON array', '[{"title": "x"}]', 'NOT_A_FEED', /not a JSON Feed/],
    ['XML that is not a feed', '<?xml version="1.0"?><note><to>Tove</to></note>', 'NOT_A_FEED', /root <note>/],
    ['XML cut inside its root tag', '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/', 'PARSE_FAILED', /^invalid feed XML: /],
    ['a comment and nothing else', '<!-- nothing here -->', 'PARSE_FAILED', /^invalid feed XML: /],
  ])('rejects %s', async (_name, body, code, message) => {
    const err = await parseError(body);
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.retryable).toBe(false);
  });

  it('does not expand a DTD entity (no billion laughs, no XXE): the references stay literal text', async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
      <!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&b;&x;</title></channel></rss>`;
    const started = Date.now();
    const feed = await parseFeed(xml, { feedId: 'f' });
    expect(feed.title).toBe('&b;&x;');
    expect(feed.warnings).toEqual([expect.stringMatching(/^recovered by repairing the XML \(unknown entity\) after: invalid feed XML: /)]);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('parseFeed freshness hints', () => {
  const rss = (channel: string): string => `<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>T</title>${channel}</channel></rss>`;

  it.each([
    ['no hint', '', null, null],
    ['<ttl>', '<ttl>90</ttl>', 90, null],
    ['a zero or junk <ttl>', '<ttl>0</ttl>', null, null],
    ['sy:updatePeriod alone', '<sy:updatePeriod>hourly</sy:updatePeriod>', null, 60],
    ['sy:updatePeriod ÷ sy:updateFrequency', '<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>', null, 720],
    ['an unknown period', '<sy:updatePeriod>fortnightly</sy:updatePeriod>', null, null],
    ['both', '<ttl>30</ttl><sy:updatePeriod> Weekly </sy:updatePeriod>', 30, 10_080],
  ])('reads %s', async (_name, channel, ttl, period) => {
    const feed = await parseFeed(rss(channel), { feedId: 'f' });
    expect(feed.ttlMinutes).toBe(ttl);
    expect(feed.updatePeriodMinutes).toBe(period);
  });

  it('reads sy:updatePeriod from an RSS 1.0 channel', async () => {
    const xml = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
      <channel rdf:about="https://s.test/"><title>S</title><sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency></channel></rdf:RDF>`;
    expect((await parseFeed(xml, { feedId: 'f' })).updatePeriodMinutes).toBe(15);
  });
});

describe('parseFeed recovery of broken XML', () => {
  it.each([
    ['a bare ampersand', '<rss version="2.0"><channel><title>A & B</title></channel></rss>', 'A & B', 'bare &'],
    ['an unknown entity', '<rss version="2.0"><channel><title>&nosuch;</title></channel></rss>', '&nosuch;', 'unknown entity'],
    ['a < in text', '<rss version="2.0"><channel><title>1 < 2</title></channel></rss>', '1 < 2', 'bare <'],
    ['mismatched tags', '<rss version="2.0"><channel><title>T</title></item></channel></rss>', 'T', 'stray closing tag </item>'],
    ['an <rss:rss> root', '<rss:rss xmlns:rss="http://backend.userland.com/rss2" version="2.0"><rss:channel><rss:title>T</rss:title></rss:channel></rss:rss>', 'T', 'prefixed feed element names'],
  ])('reads a feed with %s and records a one-line warning', async (_name, xml, title, repair) => {
    const feed = await parseFeed(xml, { feedId: 'f' });
    expect(feed.title).toBe(title);
    expect(feed.warnings).toHaveLength(1);
    expect(feed.warnings[0]).toMatch(new RegExp(`^recovered by repairing the XML \\(.*${repair.replace(/[<>/]/g, '.')}.*\\) after: `));
    expect(feed.warnings[0]).not.toMatch(/\n/);
  });

  it('keeps the items after an unclosed <b> in a description and a truncated body', async () => {
    const xml = `<rss version="2.0"><channel><title>T</title>
      <item><title>One</title><description>Bold <b>claim</description><link>https://t.test/1</link></item>
      <item><title>Two</title><link>https://t.test/2</link></item>
      <item><title>Three</title><link>https://t.test/3</li`;
    const feed = await parseFeed(xml, { feedId: 'f' });
    expect(feed.articles.map((a) => [a.title, a.summary, a.url])).toEqual([
      ['One', 'Bold claim', 'https://t.test/1'],
      ['Two', '', 'https://t.test/2'],
      ['Three', '', 'https://t.test/3'],
    ]);
    expect(feed.warnings[0]).toMatch(/unclosed <b>.*truncated document/);
  });

  it('reads an <atom:feed> root', async () => {
    const xml = '<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"><atom:title>A</atom:title><atom:entry><atom:id>e1</atom:id><atom:title>E</atom:title><atom:link href="https://a.test/e"/></atom:entry></atom:feed>';
    const feed = await parseFeed(xml, { feedId: 'f' });
    expect(feed.articles.map((a) => [a.key, a.title, a.url])).toEqual([['e1', 'E', 'https://a.test/e']]);
  });
});
