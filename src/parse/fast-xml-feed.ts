/**
 * A fast reader for well-formed RSS 0.9x/1.0/2.0 and Atom text, giving exactly the RawFeed that parseXmlFeed
 * (rss-parser over xml2js over sax) gives, at a fraction of the cost — or null, and the caller uses parseXmlFeed.
 *
 * Rules this module owns:
 * - The tokenizer accepts a strict subset of what sax accepts in strict mode, so an accepted document yields the
 *   events sax would: ASCII names; attributes `name="v"` / `name='v'`, no duplicates, no `<` in values; the five
 *   XML entities (lowercase) and numeric references to XML characters; CDATA; comments without `--`; processing
 *   instructions; a DOCTYPE before the root that only names an external DTD (sax reads no DTD). Anything else —
 *   a DOCTYPE with an internal subset (entity declarations), `&nbsp;`, `< tag>`, a mismatched or missing close tag,
 *   text or tags outside the root, an element named `_` or `cdata` (keys xml2js uses itself) — returns null.
 * - From the events it builds the tree xml2js builds (options of rss-parser: explicitArray, `_` for text and `$`
 *   for attributes, text dropped when only whitespace and not CDATA, a childless element as its text), runs the
 *   same cleanTree as parseXmlFeed, then reads the fields rss-parser's builders would set and that rawFeedOf
 *   reads. Shapes where rss-parser would run xml2js.Builder (a description, summary or content element with
 *   attributes or child elements but no text) or where its Atom date code would meet a non-string return null:
 *   the builder can throw there, and reproducing it is not worth it.
 * - The root must be `rss`, `rdf:RDF` or `feed` (what rss-parser recognises); anything else returns null, so its
 *   error (NOT_A_FEED, PARSE_FAILED) and the repair pass stay with parseXmlFeed.
 * - It reads decoded text (after decode-text.ts), so the document's encoding does not change what it accepts.
 */
import type { RawFeed } from './raw-feed.js';
import type { BuilderName } from './xml-feed.js';
import { cleanTree, rawFeedOf, rootElementName } from './xml-feed.js';
import { isXmlChar } from './xml-chars.js';

type XmlObject = Record<string, unknown>;
type Fields = Record<string, unknown>;

interface Frame {
  name: string;
  text: string;
  cdata: boolean;
  attrs: XmlObject | null;
  children: XmlObject | null;
}

// Whitespace as sax counts it (not JavaScript's \s).
const NAME = '[A-Za-z_:][\\w.:-]*';
const OPEN_NAME = new RegExp(`<(${NAME})`, 'y');
const ATTRIBUTE = new RegExp(`[ \\t\\r\\n]+(${NAME})[ \\t\\r\\n]*=[ \\t\\r\\n]*(?:"([^"<]*)"|'([^'<]*)')`, 'y');
const TAG_END = /[ \t\r\n]*(\/?)>/y;
const CLOSE = new RegExp(`</(${NAME})[ \\t\\r\\n]*>`, 'y');
const PI_NAME = new RegExp(NAME, 'y');
/** A DOCTYPE without an internal subset (no `[`): `<!DOCTYPE rss PUBLIC "…" "…">`. */
const DOCTYPE = new RegExp(`<!DOCTYPE[ \\t\\r\\n]+${NAME}(?:[ \\t\\r\\n]+(?:"[^"]*"|'[^']*'|[A-Za-z]+))*[ \\t\\r\\n]*>`, 'y');
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/y;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const WHITESPACE_ONLY = /^[ \t\r\n]*$/;

/** The RawFeed parseXmlFeed would give for `text`, or null when the fast path does not fully understand it. */
export function readWellFormedXmlFeed(text: string): RawFeed | null {
  const tree = parseXmlTree(text);
  if (tree === null || tree.name !== rootElementName(text)) return null;
  const output = buildOutput(tree.name, tree.value);
  return output === null ? null : rawFeedOf(output, tree.name === 'feed');
}

/** Text with the XML entities sax knows in strict mode decoded, or null for any other `&`. */
function decodeText(raw: string): string | null {
  let amp = raw.indexOf('&');
  if (amp === -1) return raw;
  let out = '';
  let from = 0;
  while (amp !== -1) {
    ENTITY.lastIndex = amp;
    const m = ENTITY.exec(raw);
    if (m === null) return null;
    let char: string;
    if (m[1] !== undefined) {
      char = NAMED[m[1]]!;
    } else {
      const code = m[2] !== undefined ? parseInt(m[2], 10) : parseInt(m[3]!, 16);
      if (!isXmlChar(code)) return null;
      char = String.fromCodePoint(code);
    }
    out += raw.slice(from, amp) + char;
    from = ENTITY.lastIndex;
    amp = raw.indexOf('&', from);
  }
  return out + raw.slice(from);
}

/** The document element and its xml2js value, or null when the text leaves the accepted subset. */
function parseXmlTree(text: string): { name: string; value: unknown } | null {
  const stack: Frame[] = [];
  let root: { name: string; value: unknown } | null = null;
  let doctype = false;
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    const end = lt === -1 ? text.length : lt;
    if (end > i) {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (!WHITESPACE_ONLY.test(text.slice(i, end))) return null;
      } else {
        const decoded = decodeText(text.slice(i, end));
        if (decoded === null) return null;
        top.text += decoded;
      }
    }
    if (lt === -1) break;
    const c = text.charCodeAt(lt + 1);
    if (c === 0x2f /* / */) {
      CLOSE.lastIndex = lt;
      const m = CLOSE.exec(text);
      const frame = stack.pop();
      if (m === null || frame === undefined || frame.name !== m[1]) return null;
      const value = valueOf(frame);
      const parent = stack[stack.length - 1];
      if (parent === undefined) root = { name: frame.name, value };
      else addChild(parent, frame.name, value);
      i = CLOSE.lastIndex;
    } else if (c === 0x21 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const close = text.indexOf('-->', lt + 4);
        if (close === -1) return null;
        // sax rejects `--` inside a comment, and a comment ending in `--->`.
        const body = text.slice(lt + 4, close);
        if (body.includes('--') || body.endsWith('-')) return null;
        i = close + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        const top = stack[stack.length - 1];
        const close = text.indexOf(']]>', lt + 9);
        if (top === undefined || close === -1) return null;
        // sax reports no CDATA event for an empty section, so xml2js does not count it as CDATA.
        if (close > lt + 9) {
          top.text += text.slice(lt + 9, close);
          top.cdata = true;
        }
        i = close + 3;
      } else if (root === null && stack.length === 0 && !doctype && text.startsWith('<!DOCTYPE', lt)) {
        // Only an external DTD reference: sax reads no declarations, so an entity it would define stays unknown.
        DOCTYPE.lastIndex = lt;
        if (!DOCTYPE.test(text)) return null;
        doctype = true;
        i = DOCTYPE.lastIndex;
      } else {
        return null;
      }
    } else if (c === 0x3f /* ? */) {
      PI_NAME.lastIndex = lt + 2;
      const close = text.indexOf('?>', lt + 2);
      if (!PI_NAME.test(text) || close === -1) return null;
      i = close + 2;
    } else {
      if (root !== null) return null;
      OPEN_NAME.lastIndex = lt;
      const m = OPEN_NAME.exec(text);
      if (m === null) return null;
      const name = m[1]!;
      if (name === '_' || name === 'cdata') return null;
      let at = OPEN_NAME.lastIndex;
      let attrs: XmlObject | null = null;
      for (;;) {
        ATTRIBUTE.lastIndex = at;
        const a = ATTRIBUTE.exec(text);
        if (a === null) break;
        const key = a[1]!;
        const value = decodeText(a[2] ?? a[3]!);
        attrs ??= Object.create(null) as XmlObject;
        if (value === null || key in attrs) return null;
        attrs[key] = value;
        at = ATTRIBUTE.lastIndex;
      }
      TAG_END.lastIndex = at;
      const e = TAG_END.exec(text);
      if (e === null) return null;
      const frame: Frame = { name, text: '', cdata: false, attrs, children: null };
      if (e[1] === '/') {
        const value = valueOf(frame);
        const parent = stack[stack.length - 1];
        if (parent === undefined) root = { name, value };
        else addChild(parent, name, value);
      } else {
        stack.push(frame);
      }
      i = TAG_END.lastIndex;
    }
  }
  return stack.length === 0 ? root : null;
}

function addChild(parent: Frame, name: string, value: unknown): void {
  parent.children ??= Object.create(null) as XmlObject;
  const list = parent.children[name] as unknown[] | undefined;
  if (list === undefined) parent.children[name] = [value];
  else list.push(value);
}

/** What xml2js makes of a closed element (its onclosetag with rss-parser's options). */
function valueOf(frame: Frame): unknown {
  if (frame.attrs === null && frame.children === null) return frame.text;
  // xml2js puts `_` and `$` before the children; nothing here depends on the order of keys (textOf reads `_` first).
  const obj = frame.children ?? (Object.create(null) as XmlObject);
  // xml2js drops text matching /^\s*$/ (JavaScript whitespace) unless a CDATA section was seen.
  if (frame.cdata || !/^\s*$/.test(frame.text)) obj._ = frame.text;
  if (frame.attrs !== null) obj.$ = frame.attrs;
  return obj;
}

// ---- rss-parser 3.13's builders, for the fields rawFeedOf reads ----

const ABORT = Symbol('abort');

function isRecord(value: unknown): value is XmlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(node: unknown, key: string): unknown {
  return isRecord(node) ? node[key] : undefined;
}

/** rss-parser's utils.copyFromXML for one field: the first value, reduced to its text when it has `_`. */
function copied(node: unknown, key: string): unknown {
  const list = field(node, key);
  if (list === undefined) return undefined;
  const value: unknown = (list as unknown[])[0];
  const text = field(value, '_');
  return typeof text === 'string' && value ? text : value;
}

/** Several copyFromXML fields into one destination: the last present one wins. */
function copiedLast(node: unknown, keys: readonly string[]): unknown {
  let out: unknown;
  for (const key of keys) if (field(node, key) !== undefined) out = copied(node, key);
  return out;
}

/** rss-parser's utils.getContent, except the xml2js.Builder branch (which can throw): ABORT there. */
function content(value: unknown): unknown {
  const text = field(value, '_');
  if (typeof text === 'string') return text;
  if (typeof value === 'object' && value !== null) throw ABORT;
  return value;
}

function getLink(links: unknown, rel: string, fallback: number): unknown {
  if (!Array.isArray(links)) return undefined;
  for (const link of links as XmlObject[]) if (field(link.$, 'rel') === rel) return field(link.$, 'href');
  return links[fallback] ? field((links[fallback] as XmlObject).$, 'href') : undefined;
}

function buildOutput(rootName: string, rootValue: unknown): Fields | null {
  if (!isRecord(rootValue)) return null;
  const xml: XmlObject = { [rootName]: rootValue };
  const version = field(rootValue.$, 'version');
  let builder: BuilderName;
  if (rootName === 'feed') builder = 'buildAtomFeed';
  else if (rootName === 'rss' && typeof version === 'string' && /^2/.test(version)) builder = 'buildRSS2';
  else if (rootName === 'rdf:RDF') builder = 'buildRSS1';
  else if (rootName === 'rss' && typeof version === 'string' && version && /0\.9/.test(version)) builder = 'buildRSS0_9';
  else if (rootName === 'rss') builder = 'buildRSS2';
  else return null;
  try {
    const cleaned = cleanTree(builder, xml);
    return builder === 'buildAtomFeed' ? atomOutput(cleaned.feed as XmlObject) : rssOutput(builder, cleaned);
  } catch (err) {
    if (err === ABORT) return null;
    throw err;
  }
}

const ITEM_FIELDS = {
  title: ['dc:title', 'title'],
  date: ['dc:date'],
} as const;

function rssOutput(builder: BuilderName, xml: XmlObject): Fields {
  const root = (builder === 'buildRSS1' ? xml['rdf:RDF'] : xml.rss) as XmlObject;
  const channel = (root.channel as unknown[])[0] as XmlObject;
  const xmlItems = ((builder === 'buildRSS1' ? root.item : channel.item) ?? []) as unknown[];
  const itunes = builder === 'buildRSS2' && Boolean(field(root.$, 'xmlns:itunes'));
  const items = xmlItems.map((xmlItem) => {
    const item: Fields = {};
    const set = (key: string, value: unknown): void => {
      if (value !== undefined) item[key] = value;
    };
    set('title', copiedLast(xmlItem, ITEM_FIELDS.title));
    set('date', copiedLast(xmlItem, ITEM_FIELDS.date));
    set('link', copied(xmlItem, 'link'));
    set('pubDate', copied(xmlItem, 'pubDate'));
    set('summary', copied(xmlItem, 'summary'));
    set('content:encoded', copied(xmlItem, 'content:encoded'));
    set('titleNode', field(xmlItem, 'title'));
    set('descriptionNode', field(xmlItem, 'description'));
    set('sourceNode', field(xmlItem, 'source'));
    const description = field(xmlItem, 'description');
    if (description) item.content = content((description as unknown[])[0]);
    const guids = field(xmlItem, 'guid');
    if (guids) {
      let guid: unknown = (guids as unknown[])[0];
      const text = field(guid, '_');
      if (text) guid = text;
      item.guid = guid;
    }
    const about = field(field(xmlItem, '$'), 'rdf:about');
    if (about) item['rdf:about'] = about;
    if (itunes) {
      const summary = copied(xmlItem, 'itunes:summary');
      item.itunes = summary === undefined ? {} : { summary };
    }
    return item;
  });
  const output: Fields = { items };
  const setFeed = (key: string, value: unknown): void => {
    if (value !== undefined) output[key] = value;
  };
  setFeed('title', copiedLast(channel, ['dc:title', 'title']));
  setFeed('link', copied(channel, 'link'));
  setFeed('ttl', copied(channel, 'ttl'));
  setFeed('sy:updatePeriod', copied(channel, 'sy:updatePeriod'));
  setFeed('sy:updateFrequency', copied(channel, 'sy:updateFrequency'));
  return output;
}

function atomOutput(feed: XmlObject): Fields {
  const output: Fields = {};
  const period = copied(feed, 'sy:updatePeriod');
  if (period !== undefined) output['sy:updatePeriod'] = period;
  const frequency = copied(feed, 'sy:updateFrequency');
  if (frequency !== undefined) output['sy:updateFrequency'] = frequency;
  if (feed.link) output.link = getLink(feed.link, 'alternate', 0);
  if (feed.title) {
    let title: unknown = (feed.title as unknown[])[0] || '';
    const text = field(title, '_');
    if (text) title = text;
    if (title) output.title = title;
  }
  const entries = (feed.entry ?? []) as XmlObject[];
  output.items = entries.map((entry) => {
    const item: Fields = {};
    if (entry.title !== undefined) item.titleNode = entry.title;
    const links = entry.link as unknown[] | undefined;
    if (links && links.length) item.link = getLink(links, 'alternate', 0);
    const date = atomDate(entry.published) ?? atomDate(entry.updated);
    if (date !== undefined) item.pubDate = date;
    const contents = entry.content as unknown[] | undefined;
    if (contents && contents.length) item.content = content(contents[0]);
    const summaries = entry.summary as unknown[] | undefined;
    if (summaries && summaries.length) item.summary = content(summaries[0]);
    if (entry.id) item.id = (entry.id as unknown[])[0];
    return item;
  });
  return output;
}

/** rss-parser's `new Date(x).toISOString()` on an Atom date that cleanTree left as an ISO string (or removed). */
function atomDate(values: unknown): string | undefined {
  if (!Array.isArray(values) || !values.length) return undefined;
  const first: unknown = values[0];
  if (typeof first !== 'string') throw ABORT;
  return first.length ? new Date(first).toISOString() : undefined;
}
