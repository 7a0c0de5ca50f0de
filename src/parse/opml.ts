/**
 * OPML subscription lists → feeds to add.
 *
 * Rules this module owns:
 * - The document must be well-formed XML with an <opml> root; anything the repair pass would have to fix (a bare
 *   `&`, an unclosed <outline>, a truncated file) is a PARSE_FAILED naming the defects, so a broken export is
 *   noticed rather than half-imported. HTML named entities are the one tolerated defect.
 * - A feed is an <outline> at any depth with an `xmlUrl` (attribute names compared case-insensitively) whose
 *   `type` is absent or rss / atom / feed; folders and link or include outlines are skipped. Only http(s) URLs
 *   count. title: `title`, else `text`, else the URL. Duplicates (same canonical URL) keep the first.
 */
import { Parser } from 'htmlparser2';
import { NewswatchError } from '../errors.js';
import { canonicalUrl } from './canonical-url.js';
import { repairXml } from './repair-xml.js';
import { rootElementName } from './xml-feed.js';

/** One feed listed in an OPML file. */
export interface OpmlFeed {
  title: string;
  url: string;
  htmlUrl?: string;
}

const FEED_TYPES = new Set(['', 'rss', 'atom', 'feed']);

/**
 * The feeds listed in an OPML document, in document order, without duplicates.
 * @throws NewswatchError PARSE_FAILED for malformed XML or a document that is not OPML.
 */
export function parseOpml(text: string): OpmlFeed[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const root = rootElementName(body.trimStart());
  if (root?.toLowerCase() !== 'opml') {
    throw new NewswatchError('PARSE_FAILED', `not an OPML file: ${root === null ? 'no XML root element' : `root element is <${root}>`}`);
  }
  const { text: wellFormed, repairs } = repairXml(body.trimStart());
  // HTML named entities (&eacute; in a title) are unambiguous and common in hand-edited exports: tolerated.
  const defects = repairs.filter((r) => r !== 'HTML entities');
  if (defects.length > 0) throw new NewswatchError('PARSE_FAILED', `malformed OPML: ${defects.join(', ')}`);

  const feeds: OpmlFeed[] = [];
  const seen = new Set<string>();
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name.toLowerCase() !== 'outline') return;
        const attr = lowerKeys(attributes);
        const type = (attr.type ?? '').trim().toLowerCase();
        const url = canonicalUrl(attr.xmlurl ?? '');
        if (url === null || !FEED_TYPES.has(type) || seen.has(url)) return;
        seen.add(url);
        const title = (attr.title ?? '').trim() || (attr.text ?? '').trim() || url;
        const htmlUrl = canonicalUrl(attr.htmlurl ?? '');
        feeds.push(htmlUrl === null ? { title, url } : { title, url, htmlUrl });
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(wellFormed);
  return feeds;
}

function lowerKeys(attributes: Record<string, string>): Record<string, string | undefined> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) out[name.toLowerCase()] = value;
  return out;
}
