/**
 * Google News RSS items point at `news.google.com/rss/articles/<id>` redirect wrappers, not at the publisher.
 *
 * Rules this module owns, in order, for an item whose link is on news.google.com:
 * 1. The legacy article id (base64url of a small protobuf, "CBMi…") carries the publisher URL: decode it.
 *    Newer ids ("AU_yqL…") are opaque and can only be resolved by asking Google, which we do not do.
 * 2. Else the first `<a href>` in the description, when it is not itself a Google link.
 * 3. Else the link is kept as it is.
 * The item's `<source url="…">Publisher</source>` names the publisher's site, not the article: it gives the
 * article's `source` name (and the " - Publisher" suffix Google adds to titles is removed), never its URL.
 */

/** What an item offers for unwrapping; strings as found in the feed. */
export interface GoogleNewsItem {
  link: string;
  /** The item's description HTML. */
  description?: string | null;
}

/** True for a URL on news.google.com (the host of Google News feeds and of their redirect links). */
export function isGoogleNewsUrl(raw: string | null | undefined): boolean {
  if (!raw) return false;
  try {
    return new URL(raw).hostname.toLowerCase() === 'news.google.com';
  } catch {
    return false;
  }
}

/** The publisher URL behind a Google News item's link where the item carries it, else the link unchanged. */
export function unwrapGoogleNewsLink(item: GoogleNewsItem): string {
  const link = item.link.trim();
  if (!isGoogleNewsUrl(link)) return link;
  const decoded = decodeArticleId(link);
  if (decoded !== null) return decoded;
  const href = firstHref(item.description ?? '');
  if (href !== null && isWebUrl(href) && !isGoogleHost(href)) return href;
  return link;
}

/** The title without the " - Publisher" suffix Google News appends, when it ends with that publisher's name. */
export function stripPublisherSuffix(title: string, publisher: string): string {
  const name = publisher.trim();
  if (name === '') return title;
  for (const dash of [' - ', ' – ', ' — ']) {
    const suffix = `${dash}${name}`;
    if (title.endsWith(suffix) && title.length > suffix.length) return title.slice(0, -suffix.length).trimEnd();
  }
  return title;
}

function decodeArticleId(link: string): string | null {
  const match = /\/articles\/([A-Za-z0-9_-]+)/.exec(new URL(link).pathname);
  if (!match) return null;
  const bytes = Buffer.from(match[1]!, 'base64url');
  const at = bytes.indexOf('http');
  if (at < 2) return null;
  // Field 4 (tag 0x22) holds the URL, preceded by its length as a varint of one or two bytes.
  let length: number | null = null;
  if (bytes[at - 2] === 0x22 && bytes[at - 1]! < 0x80) length = bytes[at - 1]!;
  else if (at >= 3 && bytes[at - 3] === 0x22 && bytes[at - 2]! >= 0x80) {
    length = (bytes[at - 2]! & 0x7f) | (bytes[at - 1]! << 7);
  }
  if (length === null || at + length > bytes.length) return null;
  const url = bytes.subarray(at, at + length).toString('utf8');
  return isWebUrl(url) && !isGoogleHost(url) ? url : null;
}

function firstHref(html: string): string | null {
  const match = /<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(html);
  const href = match?.[1] ?? match?.[2] ?? match?.[3];
  return href === undefined ? null : href.replace(/&amp;/g, '&').trim();
}

function isWebUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && !/[\s\u0000-\u001f]/.test(raw);
  } catch {
    return false;
  }
}

function isGoogleHost(raw: string): boolean {
  const host = new URL(raw).hostname.toLowerCase();
  return host === 'google.com' || host.endsWith('.google.com');
}
