/**
 * RSS/Atom text → RawFeed, recovering from the breakage real feeds have.
 *
 * Well-formed feeds in the subset fast-xml-feed.ts understands are read there (the same RawFeed, faster). Otherwise
 * rss-parser reads the text first, as it is. Only when it rejects it (PARSE_FAILED, or NOT_A_FEED for a root with a
 * namespace prefix such as `<atom:feed>`) is the text run through the repair pass and read again; the feed then
 * carries a warning naming the repairs and the original error. When the repaired text fails too, the ORIGINAL
 * error is thrown: it names the real defect and its line.
 *
 * No lenient second parser is used: on the shared corpus and on mutated corpus feeds, @rowanmanning/feed-parser
 * and feedsmith recovered nothing the repair pass did not (docs/feeds.md has the figures).
 */
import { NewswatchError } from '../errors.js';
import { readWellFormedXmlFeed } from './fast-xml-feed.js';
import type { RawFeed } from './raw-feed.js';
import { repairXml } from './repair-xml.js';
import { parseXmlFeed, rootElementName } from './xml-feed.js';

/** A feed read from XML, with what had to be repaired to read it. */
export interface RecoveredXmlFeed {
  raw: RawFeed;
  warnings: string[];
}

/**
 * Reads RSS 0.9x/1.0/2.0 or Atom text, repairing it when rss-parser rejects it.
 * @throws NewswatchError PARSE_FAILED or NOT_A_FEED (rss-parser's own error) when even the repaired text fails.
 */
export async function readXmlFeed(text: string): Promise<RecoveredXmlFeed> {
  // The common case, well-formed RSS or Atom, at a fraction of rss-parser's cost and with the same result.
  const fast = readFast(text);
  if (fast !== null) return { raw: fast, warnings: [] };
  try {
    return { raw: await parseXmlFeed(text), warnings: [] };
  } catch (err) {
    if (!(err instanceof NewswatchError) || !worthRepairing(err, text)) throw err;
    const repaired = repairXml(text);
    if (repaired.text === '' || repaired.text === text) throw err;
    let raw: RawFeed;
    try {
      raw = await parseXmlFeed(repaired.text);
    } catch {
      throw err;
    }
    const what = repaired.repairs.length > 0 ? repaired.repairs.join(', ') : 'markup rewritten';
    return { raw, warnings: [`recovered by repairing the XML (${what}) after: ${err.message}`] };
  }
}

/** readWellFormedXmlFeed, where a bug (it is not meant to throw) costs speed, never the feed: rss-parser reads it. */
function readFast(text: string): RawFeed | null {
  try {
    return readWellFormedXmlFeed(text);
  } catch {
    return null;
  }
}

function worthRepairing(err: NewswatchError, text: string): boolean {
  if (err.code === 'PARSE_FAILED') return true;
  if (err.code !== 'NOT_A_FEED') return false;
  return /^[^:]+:(rss|feed)$/.test(rootElementName(text) ?? '');
}
