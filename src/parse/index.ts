/** Bytes → normalised articles: RSS/Atom through rss-parser (with a repair pass), JSON Feed, charset, identity, OPML. */
export { parseFeed } from './parse-feed.js';
export type { ParsedFeed, ParseOptions } from './parse-feed.js';
export { closeParsePool, createParsePool, parseFeedInWorker } from './parse-pool.js';
export type { ParsePool, ParsePoolOptions } from './parse-pool.js';
export { canonicalUrl } from './canonical-url.js';
export { htmlToText } from './html-to-text.js';
export { urlIdentityKey } from './url-identity.js';
export { unwrapGoogleNewsLink } from './google-news.js';
export type { GoogleNewsItem } from './google-news.js';
export { parseOpml } from './opml.js';
export type { OpmlFeed } from './opml.js';
