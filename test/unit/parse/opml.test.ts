import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NewswatchError } from '../../../src/errors.js';
import { parseOpml } from '../../../src/parse/index.js';

const OPML = readFileSync(new URL('../../fixtures/feeds/subscriptions.opml', import.meta.url), 'utf8');

function opmlError(text: string): NewswatchError {
  try {
    parseOpml(text);
  } catch (err) {
    expect(err).toBeInstanceOf(NewswatchError);
    return err as NewswatchError;
  }
  throw new Error('expected parseOpml to throw');
}

describe('parseOpml', () => {
  it('lists the feed outlines at any depth, deduplicated, skipping folders, links, includes and non-http URLs', () => {
    expect(parseOpml(OPML)).toEqual([
      { title: 'The Harbour Gazette', url: 'https://feeds.harbour-gazette.test/rss.xml', htmlUrl: 'https://news.harbour-gazette.test/' },
      { title: 'City Desk (no type)', url: 'https://citydesk.test/atom.xml?section=local' },
      { title: 'Gull Island Post', url: 'https://gull-island-post.test/feed' },
      { title: 'Café Notes', url: 'https://cafe.test/rss' },
    ]);
  });

  it('tolerates a BOM and HTML named entities', () => {
    const text = '\ufeff<opml version="1.0"><body><outline text="Caf&eacute;" xmlUrl="https://c.test/f"/></body></opml>';
    expect(parseOpml(text)).toEqual([{ title: 'Café', url: 'https://c.test/f' }]);
  });

  it('returns no feeds for an OPML file without feed outlines', () => {
    expect(parseOpml('<opml version="2.0"><head/><body><outline text="Empty folder"/></body></opml>')).toEqual([]);
  });

  it.each([
    ['a truncated file', OPML.slice(0, OPML.indexOf('<outline text="Islands">') + 30), /^malformed OPML: .*truncated document/],
    ['a bare ampersand', '<opml><body><outline text="A & B" xmlUrl="https://a.test/f"/></body></opml>', /^malformed OPML: bare &$/],
    ['an unclosed outline', '<opml><body><outline text="A" xmlUrl="https://a.test/f"></body></opml>', /^malformed OPML: unclosed <outline>$/],
    ['an RSS feed', '<rss version="2.0"><channel/></rss>', /^not an OPML file: root element is <rss>$/],
    ['plain text', 'https://a.test/feed.xml', /^not an OPML file: no XML root element$/],
  ])('rejects %s with a one-line PARSE_FAILED', (_name, text, message) => {
    const err = opmlError(text);
    expect(err.code).toBe('PARSE_FAILED');
    expect(err.message).toMatch(message);
  });
});
