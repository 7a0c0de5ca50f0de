import Parser from 'rss-parser';
import { NewswatchError } from '../errors.js';
import { parseDate } from './parse-date.js';
import type { RawFeed, RawItem } from './raw-feed.js';

type Fields = Record<string, unknown>;
type XmlNode = Record<string, unknown>;

// A new parser per document: xml2js keeps state across parseString calls, and after some errors a reused parser
// never calls back again (the previous document's SAX parser marks the new one as ended).
function createParser(): Parser<Fields, Fields> {
  // defaultRSS: an <rss> root with no (or an unknown) version is read as RSS 2.0 instead of being rejected.
  // titleNode: the raw xml2js node, because rss-parser keeps only the text before a child element
  // (`<title><b>Bold</b> claim</title>` would become " claim"); descriptionNode likewise, as rss-parser's
  // `content` drops the child elements of a description with leading text. sourceNode: RSS <source url="…">,
  // which aggregators (Google News) use to name the publisher.
  const parser = new Parser<Fields, Fields>({
    defaultRSS: 2,
    customFields: {
      feed: ['sy:updatePeriod', 'sy:updateFrequency'],
      item: [
        ['title', 'titleNode', { keepArray: true }],
        ['description', 'descriptionNode', { keepArray: true }],
        ['source', 'sourceNode', { keepArray: true }],
      ],
    },
  });
  // rss-parser's builders throw on shapes they do not expect (an unparseable Atom <published> makes
  // `new Date(x).toISOString()` throw, a <link> without attributes or an <rss> without <channel> is
  // dereferenced), failing the whole feed for one odd element. Cleaning the xml2js tree first keeps the rest.
  const internals = parser as unknown as Record<BuilderName, (xml: XmlNode) => unknown>;
  for (const name of BUILDERS) {
    const build = internals[name].bind(parser);
    internals[name] = (xml) => build(cleanTree(name, xml));
  }
  return parser;
}

const BUILDERS = ['buildAtomFeed', 'buildRSS2', 'buildRSS0_9', 'buildRSS1'] as const;
export type BuilderName = (typeof BUILDERS)[number];

const PENDING = Symbol('pending');

/**
 * Parses RSS 0.9x/1.0/2.0 or Atom text with rss-parser.
 * @throws NewswatchError PARSE_FAILED for XML errors, NOT_A_FEED for well-formed XML that is not a feed.
 */
export async function parseXmlFeed(text: string): Promise<RawFeed> {
  let output: Parser.Output<Fields> & Fields;
  try {
    const parsing = createParser().parseString(text);
    // xml2js parses synchronously, so the promise is settled by now; a pending one means no callback ever came.
    const first = await Promise.race([parsing, Promise.resolve().then(() => PENDING)]);
    if (typeof first === 'symbol') {
      parsing.catch(() => {});
      throw new NewswatchError('PARSE_FAILED', 'invalid feed XML: the XML parser gave no result');
    }
    output = first;
  } catch (err) {
    if (err instanceof NewswatchError) throw err;
    throw toParseError(err, text);
  }
  return rawFeedOf(output, rootElementName(text) === 'feed');
}

/** The RawFeed of rss-parser's output (or of the same fields read by fast-xml-feed.ts). */
export function rawFeedOf(output: Fields, atom: boolean): RawFeed {
  const items = Array.isArray(output.items) ? (output.items as Fields[]) : [];
  return {
    title: output.title,
    link: output.link,
    items: items.map((item: Fields) => (atom ? atomItem(item) : rssItem(item))),
    ttl: output.ttl,
    updatePeriod: output['sy:updatePeriod'],
    updateFrequency: output['sy:updateFrequency'],
  };
}

function rssItem(item: Fields): RawItem {
  const itunes = isRecord(item.itunes) ? item.itunes : {};
  return {
    id: item.guid ?? item['rdf:about'],
    title: item.titleNode ?? item.title,
    link: item.link,
    // rss-parser puts the RSS <description> in `content` and <content:encoded> in `content:encoded`.
    summaries: [item.descriptionNode ?? item.content, item.summary, itunes.summary],
    contents: [item['content:encoded']],
    // Not isoDate: rss-parser derives it from the same strings with the laxer `new Date()`.
    dates: [item.pubDate, item.date],
    source: sourceOf(item.sourceNode),
  };
}

function atomItem(item: Fields): RawItem {
  return {
    id: item.id,
    title: item.titleNode ?? item.title,
    link: item.link,
    summaries: [item.summary],
    contents: [item.content],
    dates: [item.pubDate],
  };
}

function sourceOf(node: unknown): RawItem['source'] {
  const first: unknown = Array.isArray(node) ? node[0] : node;
  if (first === undefined) return undefined;
  const attrs = isRecord(first) && isRecord(first.$) ? first.$ : {};
  return { name: first, url: attrs.url };
}

function toParseError(err: unknown, text: string): NewswatchError {
  const message = err instanceof Error ? err.message : String(err);
  if (message.startsWith('Feed not recognized')) {
    return new NewswatchError('NOT_A_FEED', `XML document with root <${rootElementName(text) ?? '?'}> is not RSS or Atom`, {
      cause: err,
    });
  }
  const [first = 'unknown error', ...rest] = message.split('\n');
  const line = rest.find((l) => l.startsWith('Line:'))?.slice(5).trim();
  const where = line === undefined ? '' : ` (line ${Number(line) + 1})`;
  return new NewswatchError('PARSE_FAILED', `invalid feed XML: ${first.trim()}${where}`, { cause: err });
}

/** Name of the document element, skipping the XML declaration, comments, processing instructions and DOCTYPE. */
export function rootElementName(text: string): string | null {
  let i = 0;
  const n = Math.min(text.length, 64 * 1024);
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\ufeff') {
      i++;
      continue;
    }
    if (c !== '<') return null;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i);
      if (end === -1) return null;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i);
      if (end === -1) return null;
      i = end + 3;
    } else if (text.startsWith('<!', i)) {
      i = skipDoctype(text, i);
      if (i === -1) return null;
    } else {
      const match = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(i, i + 256));
      return match?.[1] ?? null;
    }
  }
  return null;
}

function skipDoctype(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return i + 1;
  }
  return -1;
}

/** The fixes applied to the xml2js tree before rss-parser's builder `builder` reads it (see createParser). */
export function cleanTree(builder: BuilderName, xml: XmlNode): XmlNode {
  if (builder === 'buildAtomFeed') return cleanAtomTree(xml);
  const rootName = builder === 'buildRSS1' ? 'rdf:RDF' : 'rss';
  const root = isRecord(xml[rootName]) ? (xml[rootName] as XmlNode) : {};
  if (!Array.isArray(root.channel) || !isRecord(root.channel[0])) root.channel = [{}];
  if (builder !== 'buildRSS1') {
    const channel = (root.channel as XmlNode[])[0]!;
    if (channel.item !== undefined && !Array.isArray(channel.item)) delete channel.item;
  } else if (root.item !== undefined && !Array.isArray(root.item)) {
    delete root.item;
  }
  xml[rootName] = root;
  return xml;
}

function cleanAtomTree(xml: XmlNode): XmlNode {
  const feed = xml.feed;
  if (!isRecord(feed)) return xml;
  if (feed.link !== undefined) feed.link = cleanLinks(feed.link);
  if (Array.isArray(feed.entry)) {
    feed.entry = feed.entry.filter(isRecord).map((entry) => {
      if (entry.link !== undefined) entry.link = cleanLinks(entry.link);
      for (const field of ['published', 'updated']) {
        const values = entry[field];
        if (Array.isArray(values) && typeof values[0] === 'string') {
          // rss-parser runs `new Date(x).toISOString()` on it: hand over a date it can read, or none.
          const date = parseDate(values[0]);
          if (date === null) delete entry[field];
          else values[0] = date.toISOString();
        }
      }
      return entry;
    });
  }
  return xml;
}

/** Every <link> as `{ $: { href, rel? } }`: text-only links and links with the URL as content are common. */
function cleanLinks(links: unknown): XmlNode[] {
  const list = Array.isArray(links) ? links : [links];
  const out: XmlNode[] = [];
  for (const link of list) {
    if (typeof link === 'string') {
      if (link.trim() !== '') out.push({ $: { href: link.trim() } });
    } else if (isRecord(link)) {
      const attrs = isRecord(link.$) ? { ...link.$ } : {};
      if (typeof attrs.href !== 'string' && typeof link._ === 'string') attrs.href = link._.trim();
      if (typeof attrs.href === 'string') out.push({ ...link, $: attrs });
    }
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
