/** Bytes → normalised articles: RSS/Atom through rss-parser, JSON Feed, charset, item identity, plain text. */
export { parseFeed } from './parse-feed.js';
export type { ParsedFeed, ParseOptions } from './parse-feed.js';
export { canonicalUrl } from './canonical-url.js';
export { htmlToText } from './html-to-text.js';
export { urlIdentityKey } from './url-identity.js';
