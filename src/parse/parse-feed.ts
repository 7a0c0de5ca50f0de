/**
 * Feed bytes → normalised articles.
 *
 * Rules this module owns:
 * - Sniffing, after charset decoding and BOM removal: empty → NOT_A_FEED; `{` → JSON Feed; an HTML document →
 *   NOT_A_FEED; text that neither starts with `<` nor mentions an XML/feed tag near the start (an image, plain
 *   text) → NOT_A_FEED without parsing; anything else goes to rss-parser, whose errors become PARSE_FAILED unless
 *   the repair pass (recover-xml-feed.ts) makes the text readable, in which case `warnings` says so. Well-formed
 *   RSS/Atom in the subset fast-xml-feed.ts understands is read there instead, with the same result.
 * - Every field is validated here, because parsers hand back objects and arrays where text was expected.
 *   title: plain text. summary: plain text of the description/summary (else of the body), at most 2,000 chars cut
 *   at a word. content: plain text of the full body, at most 100,000 chars, '' when absent or equal to summary.
 *   published: first valid date among the item's dates (it must contain a 4-digit year; a few common zone
 *   abbreviations such as CEST are understood), else null. Dates in the future, even by more than a day, are kept
 *   as they are: clamping would invent a time, and the backfill rule downstream decides what they mean.
 * - Relative item links resolve against the channel's own link (the site), else the feed URL, as Miniflux does.
 * - source: the configured name, else the channel title, else the host of the channel link, else the host of the
 *   feed URL, else the feed id.
 * - Items with no title, no summary and no usable URL carry nothing to match or show, and are dropped.
 * - Google News feeds (channel or item links on news.google.com): each item's link is unwrapped to the publisher
 *   URL where the item carries it, and its `<source>` publisher becomes the article's source (google-news.ts).
 */
import { NewswatchError } from '../errors.js';
import type { Article } from '../types.js';
import { articleKey } from './article-key.js';
import { canonicalUrl } from './canonical-url.js';
import { decodeFeedText } from './decode-text.js';
import { isGoogleNewsUrl, stripPublisherSuffix, unwrapGoogleNewsLink } from './google-news.js';
import { htmlToText } from './html-to-text.js';
import { parseJsonFeed } from './json-feed.js';
import { parseDate } from './parse-date.js';
import { textOf } from './raw-feed.js';
import type { RawFeed, RawItem } from './raw-feed.js';
import { readXmlFeed } from './recover-xml-feed.js';
import { ttlMinutes, updatePeriodMinutes } from './update-hints.js';
import { rootElementName } from './xml-feed.js';

export const MAX_SUMMARY_CHARS = 2_000;
export const MAX_CONTENT_CHARS = 100_000;

export interface ParsedFeed {
  title: string | null;
  link: string | null;
  articles: Article[];
  /** What was wrong with the document but recovered from (one line each), e.g. the XML repairs made. */
  warnings: string[];
  /** RSS <ttl> in minutes, or null. */
  ttlMinutes: number | null;
  /** Interval from sy:updatePeriod ÷ sy:updateFrequency in minutes, or null. */
  updatePeriodMinutes: number | null;
}

export interface ParseOptions {
  feedId: string;
  sourceName?: string | null;
  /** URL the feed was fetched from (after redirects); resolves relative links. */
  baseUrl?: string;
  /** HTTP Content-Type of the response; its charset wins over the XML declaration. */
  contentType?: string | null;
}

/**
 * Parse RSS 0.9x/1.0/2.0, Atom or JSON Feed bytes into articles; throws NewswatchError PARSE_FAILED / NOT_A_FEED.
 * @throws NewswatchError NOT_A_FEED for empty, HTML or non-feed input; PARSE_FAILED for broken XML or JSON.
 */
export async function parseFeed(body: Buffer | string, opts: ParseOptions): Promise<ParsedFeed> {
  const text = decodeFeedText(body, opts.contentType).trimStart();
  if (text.trim() === '') throw new NewswatchError('NOT_A_FEED', 'empty body');

  let raw: RawFeed;
  let warnings: string[] = [];
  if (text.startsWith('{')) {
    raw = parseJsonFeed(text);
  } else if (text.startsWith('[')) {
    throw new NewswatchError('NOT_A_FEED', 'JSON document is not a JSON Feed');
  } else if (looksLikeHtml(text)) {
    throw new NewswatchError('NOT_A_FEED', 'got an HTML page, not a feed');
  } else if (!text.startsWith('<') && !/<(\?xml|rss|feed|rdf:RDF)[\s>]/.test(text.slice(0, 4096))) {
    throw new NewswatchError('NOT_A_FEED', 'not a feed: the body is neither XML nor JSON');
  } else {
    ({ raw, warnings } = await readXmlFeed(text));
  }
  return { ...normaliseFeed(raw, opts), warnings };
}

function looksLikeHtml(text: string): boolean {
  if (/^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<!doctype\s+html[\s>]/i.test(text.slice(0, 8192))) return true;
  return rootElementName(text)?.toLowerCase() === 'html';
}

/** Articles and hints of a RawFeed (exported for the tests that compare XML readers). */
export function normaliseFeed(raw: RawFeed, opts: ParseOptions): Omit<ParsedFeed, 'warnings'> {
  const title = htmlToText(textOf(raw.title)) || null;
  const link = canonicalUrl(textOf(raw.link), opts.baseUrl);
  const itemBase = link ?? opts.baseUrl;
  const source = opts.sourceName?.trim() || title || hostOf(link) || hostOf(opts.baseUrl) || opts.feedId;

  const googleNews = isGoogleNewsUrl(link) || isGoogleNewsUrl(opts.baseUrl);
  const articles: Article[] = [];
  for (const item of raw.items) {
    const article = normaliseItem(item, { feedId: opts.feedId, source, base: itemBase, googleNews });
    if (article !== null) articles.push(article);
  }
  return {
    title,
    link,
    articles,
    ttlMinutes: ttlMinutes(raw.ttl),
    updatePeriodMinutes: updatePeriodMinutes(raw.updatePeriod, raw.updateFrequency),
  };
}

interface ItemContext {
  feedId: string;
  source: string;
  base: string | undefined;
  googleNews: boolean;
}

function normaliseItem(item: RawItem, ctx: ItemContext): Article | null {
  let title = htmlToText(textOf(item.title));
  const id = textOf(item.id);
  let rawLink = textOf(item.link).trim();
  let source = ctx.source;
  if (ctx.googleNews || isGoogleNewsUrl(rawLink)) {
    rawLink = unwrapGoogleNewsLink({ link: rawLink, description: firstRaw(item.summaries) });
    const publisher = htmlToText(textOf(item.source?.name));
    if (publisher !== '') {
      source = publisher;
      title = stripPublisherSuffix(title, publisher);
    }
  }
  let url = rawLink === '' ? null : canonicalUrl(rawLink, ctx.base);
  // An RSS <guid> is a permalink by default and an Atom id is often the article URL: use it when there is no link.
  if (url === null && rawLink === '') url = canonicalUrl(id);

  const contentText = firstText(item.contents);
  const summary = truncateAtWord(firstText(item.summaries) || contentText, MAX_SUMMARY_CHARS);
  let content = truncateAtWord(contentText, MAX_CONTENT_CHARS);
  if (content === summary) content = '';

  if (title === '' && summary === '' && url === null) return null;

  const published = firstDate(item.dates);
  return {
    key: articleKey({ id, url, title, published, rawLink }),
    feedId: ctx.feedId,
    source,
    url,
    title,
    summary,
    content,
    published,
  };
}

function firstText(candidates: unknown[]): string {
  for (const candidate of candidates) {
    const text = htmlToText(textOf(candidate));
    if (text !== '') return text;
  }
  return '';
}

function firstRaw(candidates: unknown[]): string {
  for (const candidate of candidates) {
    const text = textOf(candidate);
    if (text.trim() !== '') return text;
  }
  return '';
}

function firstDate(candidates: unknown[]): Date | null {
  for (const candidate of candidates) {
    const date = parseDate(textOf(candidate));
    if (date !== null) return date;
  }
  return null;
}

/** Text cut to at most `max` chars, at the last word boundary when one is near, ending in '…'. */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (space >= max * 0.8) cut = cut.slice(0, space);
  // Never leave half of a surrogate pair at the end.
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}
