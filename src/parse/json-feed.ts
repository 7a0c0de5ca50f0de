import { NewswatchError } from '../errors.js';
import type { RawFeed } from './raw-feed.js';

/**
 * Reads a JSON Feed (https://jsonfeed.org/version/1 and 1.1). A document whose `version` is not a jsonfeed.org URL
 * is still accepted when it has an `items` array, as some publishers write their own version string.
 * @throws NewswatchError PARSE_FAILED for invalid JSON, NOT_A_FEED for JSON that is not a JSON Feed.
 */
export function parseJsonFeed(text: string): RawFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new NewswatchError('PARSE_FAILED', `invalid JSON feed: ${detail}`, { cause: err });
  }
  if (!isRecord(doc)) throw new NewswatchError('NOT_A_FEED', 'JSON document is not a JSON Feed');
  const version = typeof doc.version === 'string' ? doc.version : '';
  const isJsonFeed = /^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/i.test(version.trim());
  if (!Array.isArray(doc.items) || (!isJsonFeed && doc.version !== undefined && typeof doc.version !== 'string')) {
    throw new NewswatchError('NOT_A_FEED', 'JSON document is not a JSON Feed (no items array)');
  }

  return {
    title: doc.title,
    link: doc.home_page_url,
    items: doc.items.filter(isRecord).map((item) => ({
      id: item.id,
      title: item.title,
      link: item.url ?? item.external_url,
      summaries: [item.summary],
      contents: [item.content_html, item.content_text],
      dates: [item.date_published, item.date_modified],
    })),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
