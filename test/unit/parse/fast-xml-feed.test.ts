import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCorpus, createRandom } from '../../../bench/match-corpus.js';
import { mutated } from '../../../bench/parse.js';
import { renderFeed } from '../../../bench/pipeline-farm.js';
import { decodeFeedText } from '../../../src/parse/decode-text.js';
import { readWellFormedXmlFeed } from '../../../src/parse/fast-xml-feed.js';
import { parsedHtmlText, simpleHtmlText } from '../../../src/parse/html-to-text.js';
import { normaliseFeed, parseFeed } from '../../../src/parse/parse-feed.js';
import type { ParsedFeed } from '../../../src/parse/parse-feed.js';
import { parseXmlFeed } from '../../../src/parse/xml-feed.js';

// The fast reader must give exactly what rss-parser gives, or null (and rss-parser runs). Compared here on the
// shared corpus (absent on machines without shared/), our fixtures and feeds shaped like the benchmark farm's.
const CORPUS = path.resolve(process.cwd(), '../shared/corpus/feeds');
const MANIFEST = path.join(CORPUS, 'MANIFEST.tsv');
const present = existsSync(MANIFEST);
const FIXTURES = new URL('../../fixtures/feeds/', import.meta.url);
const opts = { feedId: 'equal', baseUrl: 'https://equal.test/feed.xml' };

/**
 * Well-formed RSS/Atom corpus files the fast path leaves to rss-parser, each for its reason. Asserted exactly, so
 * a change in what the fast path accepts shows up here.
 */
const LEFT_TO_RSS_PARSER: ReadonlyArray<{ path: string; reason: string }> = [
  { path: 'edge/feedjira/AtomEscapedHTMLInPreTag.xml', reason: 'xhtml content (xml2js.Builder)' },
  { path: 'edge/feedparser/wellformed__atom10__entry_content_inline_markup.xml', reason: 'xhtml content' },
  { path: 'edge/feedparser/wellformed__atom10__entry_content_src.xml', reason: 'empty <content src> (xml2js.Builder)' },
  { path: 'edge/feedparser/wellformed__namespace__rss2.0NSwithModulesNoDefNSLocalNameClash.xml', reason: 'root <r:rss>' },
  { path: 'edge/feedparser/wellformed__rdf__doctype_contains_entity_decl.xml', reason: 'DOCTYPE with an internal subset' },
  { path: 'edge/feedparser/wellformed__rss__entity_in_doctype.xml', reason: 'DOCTYPE with an internal subset' },
  { path: 'edge/feedparser/wellformed__rss__item_description_naked_markup.xml', reason: 'description of markup only' },
  { path: 'edge/feedsmith/atom-03.xml', reason: 'xhtml content' },
  { path: 'edge/feedsmith/atom-10.xml', reason: 'xhtml content' },
  { path: 'edge/feedvalidator/rss__must__rss91n_entity.xml', reason: 'an HTML entity (&uuml;) from the DTD' },
  { path: 'edge/gofeed/atom__atom10_feed_entry_content_xhtml_inline_markup.xml', reason: 'xhtml content' },
  { path: 'edge/laminas/xxe-atom10.xml', reason: 'DOCTYPE with an internal subset' },
  { path: 'edge/node-feedparser/nondefaultnamespace.atom', reason: 'root <a:feed>' },
  { path: 'edge/node-feedparser/unknown-namespace.atom', reason: 'xhtml content' },
  { path: 'edge/rome/atom_1.0_prefix.xml', reason: 'root <atom:feed>' },
  { path: 'edge/sample-feeds-gpl3/wikipedia-atom-example__9271eb94347e058f3f7b8400ea18496e.xml', reason: 'xhtml content' },
  { path: 'real/fastfeedparser-bench/jekyll-double-escaped-title__c81b774804d7fd57.xml', reason: 'an empty <summary type="html"> (xml2js.Builder)' },
  { path: 'real/feedjira/FeedBurnerXHTML.xml', reason: 'xhtml content' },
  { path: 'real/node-feedparser/intertwingly.atom', reason: 'xhtml content' },
  { path: 'real/rss-parser/reddit-atom.rss', reason: 'descriptions of markup only' },
  { path: 'real/rss-parser/reddit-home.rss', reason: 'xhtml content' },
];

interface Row {
  path: string;
  format: string;
  wellformed: boolean;
}

function readManifest(): Row[] {
  const [header, ...lines] = readFileSync(MANIFEST, 'utf8').trimEnd().split('\n');
  const columns = header!.split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    return {
      path: cells[columns.indexOf('path')]!,
      format: cells[columns.indexOf('format')]!,
      wellformed: cells[columns.indexOf('wellformed')] === 'yes',
    };
  });
}

/** The answer without the fast path: rss-parser alone (the text is well-formed, so no repair pass would run). */
async function referenceFeed(text: string): Promise<ParsedFeed> {
  return { ...normaliseFeed(await parseXmlFeed(text), opts), warnings: [] };
}

/** Whether the fast path accepted `body`; when it did, asserts its RawFeed and ParsedFeed equal rss-parser's. */
async function compare(body: Buffer | string): Promise<boolean> {
  const text = decodeFeedText(body).trimStart();
  const fast = readWellFormedXmlFeed(text);
  if (fast === null) return false;
  expect(fast).toEqual(await parseXmlFeed(text));
  expect(await parseFeed(body, opts)).toEqual(await referenceFeed(text));
  return true;
}

const rows = present ? readManifest() : [];
const xmlRows = rows.filter((r) => !r.path.endsWith('.json'));
const feedFormats = new Set(['rss2', 'rss1', 'rss091', 'atom']);

describe.skipIf(!present)('fast XML path on the shared corpus', () => {
  it('gives the same RawFeed and ParsedFeed as rss-parser on every file it accepts', async () => {
    const accepted = new Set<string>();
    for (const row of xmlRows) {
      if (await compare(readFileSync(path.join(CORPUS, row.path)))) accepted.add(row.path);
    }
    const wellformedFeeds = xmlRows.filter((r) => r.wellformed && feedFormats.has(r.format)).map((r) => r.path);
    const left = wellformedFeeds.filter((p) => !accepted.has(p));
    expect(left.sort()).toEqual(LEFT_TO_RSS_PARSER.map((l) => l.path).sort());
    // Reported, not asserted: how much of the corpus takes the fast path.
    console.info(`fast XML path: ${accepted.size} of ${xmlRows.length} XML corpus files, ${wellformedFeeds.length - left.length} of ${wellformedFeeds.length} well-formed RSS/Atom`);
  }, 120_000);
});

describe.skipIf(!present)('fast XML path on broken copies of the real-world feeds (bench/parse.ts mutations)', () => {
  it('returns null wherever rss-parser fails, and rss-parser\'s result wherever it accepts', async () => {
    const originals = xmlRows
      .filter((r) => r.wellformed && r.path.startsWith('real/') && ['rss2', 'atom', 'rss1'].includes(r.format))
      .map((r) => decodeFeedText(readFileSync(path.join(CORPUS, r.path))).trimStart());
    let accepted = 0;
    let rejectedByRssParser = 0;
    for (const text of mutated(originals)) {
      const fast = readWellFormedXmlFeed(text);
      let slow: Awaited<ReturnType<typeof parseXmlFeed>> | null = null;
      try {
        slow = await parseXmlFeed(text);
      } catch {
        rejectedByRssParser++;
      }
      if (fast === null) continue;
      accepted++;
      expect(slow).not.toBeNull();
      expect(fast).toEqual(slow);
      expect(normaliseFeed(fast, opts)).toEqual(normaliseFeed(slow!, opts));
    }
    console.info(`mutated feeds: fast path accepted ${accepted}, rss-parser rejected ${rejectedByRssParser}`);
    expect(accepted).toBeGreaterThan(0);
  }, 120_000);
});

describe('fast XML path on our feeds', () => {
  const fixtures = readdirSync(FIXTURES).filter((f) => /\.(xml|rdf)$/.test(f));

  // atom-city-desk.xml has xhtml content, which rss-parser serialises with xml2js.Builder.
  it.each(fixtures.map((name) => [name, name !== 'atom-city-desk.xml'] as const))(
    'gives rss-parser\'s result on fixture %s (fast path taken: %s)',
    async (name, accepted) => {
      expect(await compare(readFileSync(new URL(name, FIXTURES)))).toBe(accepted);
    },
  );

  it('accepts the benchmark farm\'s RSS 2.0 and Atom feeds and gives rss-parser\'s result', async () => {
    const corpus = createCorpus(createRandom(20_251_031), 5_000, 500);
    for (let feed = 0; feed < 10; feed++) {
      const xml = renderFeed(corpus, feed, 0, 20, Date.parse('2025-06-01T12:00:00Z'));
      expect(await compare(Buffer.from(xml))).toBe(true);
    }
  });
});

const rss = (items: string, head = '<?xml version="1.0" encoding="UTF-8"?>', attrs = ' version="2.0"'): string =>
  `${head}<rss${attrs}><channel><title>T</title><link>https://t.test/</link>${items}</channel></rss>`;
const item = (inner: string): string => `<item><title>A</title><link>https://t.test/a</link>${inner}</item>`;

describe('fast XML path fallbacks', () => {
  it.each([
    ['a DOCTYPE with an internal subset', rss('', '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "y">]>')],
    ['an entity beyond the XML five', rss(item('<description>a&nbsp;b</description>'))],
    ['an upper-case XML entity (sax reads it)', rss(item('<description>a&AMP;b</description>'))],
    ['a numeric reference to a non-XML character', rss(item('<description>a&#1;b</description>'))],
    ['a bare ampersand', rss(item('<description>fish & chips</description>'))],
    ['an unknown root', '<?xml version="1.0"?><channel><title>T</title></channel>'],
    ['a prefixed root', '<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"><atom:title>T</atom:title></atom:feed>'],
    ['a mismatched close tag', rss(item('<description>x</summary>'))],
    ['an unclosed root', rss('').slice(0, -6)],
    ['text after the root', `${rss('')}trailing`],
    ['a second element after the root', `${rss('')}<rss/>`],
    ['a space after <', rss(item('< description>x</description>'))],
    ['a duplicate attribute', rss(item('<guid isPermaLink="false" isPermaLink="true">g</guid>'))],
    ['an unquoted attribute', rss(item('<guid isPermaLink=false>g</guid>'))],
    ['a < in an attribute value', rss(item('<guid a="<">g</guid>'))],
    ['a comment with --', rss(item('<!-- a -- b -->'))],
    ['a lower-case CDATA marker', rss(item('<description><![cdata[x]]></description>'))],
    ['an element named _ (xml2js\'s text key)', rss(item('<_>x</_>'))],
    ['an element named cdata (xml2js\'s flag)', rss(item('<cdata>x</cdata>'))],
    ['a non-ASCII element name', rss(item('<tïtle>x</tïtle>'))],
    ['an empty rss root', '<rss/>'],
    ['a description of markup only (rss-parser runs xml2js.Builder)', rss(item('<description><b>x</b></description>'))],
    ['Atom xhtml content', '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>i</id><content type="xhtml"><div>x</div></content></entry></feed>'],
    ['an Atom <published> with attributes', '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>i</id><published a="b">2024-01-01T00:00:00Z</published></entry></feed>'],
  ])('leaves %s to rss-parser', (_name, xml) => {
    expect(readWellFormedXmlFeed(xml)).toBeNull();
  });

  it.each([
    ['a DOCTYPE naming an external DTD', rss('', '<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">', ' version="0.91"')],
    ['comments and processing instructions around and inside', `<?xml version="1.0"?><!-- c --><?xml-stylesheet href="s.xsl"?>${rss(item('<description>a<!-- x -->b<?pi x?>c</description>'), '')}<!-- end -->`],
    ['numeric references and the five entities', rss(item('<description>&lt;p&gt;&#8217;&#x1F600;&quot;&apos;&amp;&lt;/p&gt;</description>'))],
    ['whitespace-only and CDATA-only text', rss(item('<description>  </description><guid><![CDATA[ ]]></guid><content:encoded>\n</content:encoded>'))],
    ['an empty CDATA section (sax reports none)', rss(item('<guid isPermaLink="false"><![CDATA[]]></guid><description><![CDATA[]]> </description>'))],
    ['titles with child elements', rss(item('<title>A <b>bold</b> claim</title>'))],
    ['RSS 1.0', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>T</title></channel><item rdf:about="https://t.test/1"><title>One</title><dc:date>2024-05-01T10:00:00Z</dc:date></item></rdf:RDF>'],
    ['itunes summaries', rss(item('<itunes:summary>Sum</itunes:summary>'), '', ' version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"')],
    ['Atom links without rel, text links and odd dates', '<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">A &amp;amp; B</title><link href="https://t.test/"/><entry><title>E</title><link>https://t.test/e</link><published>yesterday</published><updated>2024-05-01T10:00:00+02:00</updated><summary type="html">&lt;p&gt;s&lt;/p&gt;</summary></entry><entry/></feed>'],
    ['ttl and syndication hints', rss('<ttl>30</ttl><sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>')],
  ])('accepts %s with rss-parser\'s result', async (_name, xml) => {
    expect(await compare(xml)).toBe(true);
  });
});

describe('fast XML path on generated documents', () => {
  const pieces = fc.constantFrom(
    '<item>', '</item>', '<title>', '</title>', '<link>', '</link>', '<description>', '</description>', '<guid>', '</guid>',
    '<guid isPermaLink="false">', '<pubDate>', '</pubDate>', '<dc:date>', '</dc:date>', '<source url="https://s.test/">',
    '</source>', '<content:encoded>', '</content:encoded>', '<b>', '</b>', '<br/>', '<category/>', '<![CDATA[', ']]>',
    '<![CDATA[]]>', '<![CDATA[<p>x</p>]]>', '<!-- c -->', '<!-- a -- b -->', '<?pi x?>', '&amp;', '&lt;', '&#38;',
    '&#x1F600;', '&#0;', '&nbsp;', '&AMP;', '&', '<', '>', ']]>', 'Mon, 01 Jan 2024 10:00:00 GMT', 'https://t.test/a',
    'text', '  ', '\n', '\u00a0', '\u0001', 'é', '<_>', '</_>', '<a b="1" b="2">', '</a>', '< x>', '<x y=z>',
  );

  it('returns null or exactly rss-parser\'s RawFeed', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(pieces, { maxLength: 40 }), fc.boolean(), async (parts, atom) => {
        const body = parts.join('');
        const text = atom
          ? `<feed xmlns="http://www.w3.org/2005/Atom"><entry>${body.replace(/item>/g, 'entry>').replace(/description>/g, 'summary>')}</entry></feed>`
          : rss(`<item>${body}</item>`);
        const fast = readWellFormedXmlFeed(text);
        if (fast === null) return;
        accepted++;
        const slow = await parseXmlFeed(text);
        expect(fast).toEqual(slow);
        expect(normaliseFeed(fast, opts)).toEqual(normaliseFeed(slow, opts));
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });
});

describe('simpleHtmlText', () => {
  const fragments = fc.constantFrom(
    '<p>', '</p>', '<P class="x">', '<div>', '</div>', '<br>', '<br/>', '</br>', '<li>', '</li>', '<ul>', '</ul>',
    '<a href="https://x.test/?a=1&amp;b=2">', '</a>', '<b>', '</b>', '<img src=x.png alt=\'a > b\'>', '</img>',
    '<h2>', '</h2>', '<table>', '<tr>', '<td>', '</td>', '</tr>', '</table>', '<hr>', '<input>', '<select>', '<option>',
    '<dd>', '<dt>', '<span title="t">', '</span>', '<tbody>', '<tfoot>', '<script>x</script>', '<!-- c -->', '<![CDATA[c]]>',
    '&amp;', '&lt;', '&nbsp;', '&eacute;', '&#8217;', '&#x27;', '&#150;', '&#0;', '&notit;', '&copy2', '& ', '&', 'AT&T',
    '<', ' < ', '<3', '< b', '>', 'text', ' words here ', '\n', '\t', '</ p>', '</x y>', '<a-b>', '<svg>', '<title>',
  );

  it('gives htmlparser2\'s text whenever it accepts a fragment', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(fragments, { maxLength: 30 }), (parts) => {
        const html = parts.join('');
        const fast = simpleHtmlText(html);
        if (fast === null) return;
        accepted++;
        expect(fast).toBe(parsedHtmlText(html));
      }),
      { numRuns: 5000 },
    );
    expect(accepted).toBeGreaterThan(500);
  });

  it.each([
    ['<p>One</p><p>Two</p>', ' One  Two '],
    ['a <b>b</b> &amp; c', 'a b & c'],
    ['x</p>y', 'x  y'],
    ['<script>x</script>', null],
    ['<!-- c -->x', null],
    ['AT&Tx', null],
  ])('reads %j as %j', (html, text) => {
    expect(simpleHtmlText(html)).toBe(text);
  });
});
