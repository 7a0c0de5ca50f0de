/**
 * What the format adapters (XML via rss-parser, JSON Feed) hand to normalisation. Values stay `unknown`: they come
 * from untrusted documents through a parser that can return strings, objects or arrays for the same field, and
 * normalisation is the one place that validates them.
 */
export interface RawItem {
  /** guid (RSS), id (Atom, JSON Feed) or rdf:about (RSS 1.0). */
  id: unknown;
  title: unknown;
  link: unknown;
  /** Summary candidates in order of preference (HTML or text); the first non-empty one is used. */
  summaries: unknown[];
  /** Full-body candidates in order of preference (HTML or text). */
  contents: unknown[];
  /** Date candidates in order of preference; the first valid one is used. */
  dates: unknown[];
  /** RSS <source url="…">name</source>: the publisher of an aggregated item. */
  source?: { name: unknown; url: unknown } | undefined;
}

export interface RawFeed {
  title: unknown;
  link: unknown;
  items: RawItem[];
  /** RSS <ttl> (minutes). */
  ttl?: unknown;
  /** sy:updatePeriod (hourly, daily, weekly, monthly, yearly) and sy:updateFrequency (times per period). */
  updatePeriod?: unknown;
  updateFrequency?: unknown;
}

const MAX_TEXT_DEPTH = 32;

/**
 * The text inside a parser value: a string as is, a number printed, an xml2js node `{ _: text, $: attrs, child: [...] }`
 * as its text followed by its children's text, an array as its first element. Anything else is ''.
 */
export function textOf(value: unknown, depth = 0): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (depth >= MAX_TEXT_DEPTH || value === null || typeof value !== 'object') return '';
  if (Array.isArray(value)) return value.length === 0 ? '' : textOf(value[0], depth + 1);
  const parts: string[] = [];
  const record = value as Record<string, unknown>;
  if (typeof record._ === 'string') parts.push(record._);
  for (const key of Object.keys(record)) {
    if (key === '_' || key === '$') continue;
    const child = record[key];
    if (Array.isArray(child)) for (const c of child) parts.push(textOf(c, depth + 1));
    else parts.push(textOf(child, depth + 1));
  }
  return parts.join(' ');
}
