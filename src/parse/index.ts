/** Bytes → normalised articles: RSS/Atom through rss-parser, JSON Feed, charset, item identity, plain text. */
export { parseFeed, parseDate, truncateAtWord, MAX_CONTENT_CHARS, MAX_SUMMARY_CHARS } from './parse-feed.js';
export type { ParsedFeed, ParseOptions } from './parse-feed.js';
export { canonicalUrl, TRACKING_PARAMS } from './canonical-url.js';
export { htmlToText } from './html-to-text.js';
export { articleKey } from './article-key.js';
export { decodeFeedText, charsetFromContentType } from './decode-text.js';
