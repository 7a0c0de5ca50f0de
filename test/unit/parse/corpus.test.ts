import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NewswatchError } from '../../../src/errors.js';
import { parseFeed } from '../../../src/parse/index.js';
import type { ParsedFeed } from '../../../src/parse/index.js';

// Real-world and edge-case feeds shared by the project (see its SOURCES.md); absent on machines without shared/.
const CORPUS = path.resolve(process.cwd(), '../shared/corpus/feeds');
const MANIFEST = path.join(CORPUS, 'MANIFEST.tsv');
const present = existsSync(MANIFEST);

interface Row {
  path: string;
  format: string;
  wellformed: boolean;
  expected: number | null;
}

function readManifest(): Row[] {
  const [header, ...lines] = readFileSync(MANIFEST, 'utf8').trimEnd().split('\n');
  const columns = header!.split('\t');
  const at = (name: string): number => columns.indexOf(name);
  return lines.map((line) => {
    const cells = line.split('\t');
    const count = cells[at('item_count_expected')] ?? '';
    return {
      path: cells[at('path')]!,
      format: cells[at('format')]!,
      wellformed: cells[at('wellformed')] === 'yes',
      expected: /^\d+$/.test(count) ? Number(count) : null,
    };
  });
}

const FEED_FORMATS = new Set(['rss2', 'rss091', 'rss1', 'atom', 'json']);

/**
 * Well-formed files whose article count differs from the upstream expectation, each for a stated reason. They are
 * asserted to still differ, so a fix shows up as a failing test and the entry must then be removed.
 */
const KNOWN_GAPS: ReadonlyArray<{ path: string; reason: string }> = [
  { path: 'edge/gofeed/rss__issue_217_enclosure_children.xml', reason: 'the item has only an enclosure: dropped (no title, summary or URL)' },
  { path: 'edge/gofeed/rss__issue_36_enclosure_text.xml', reason: 'the item has only an enclosure: dropped (no title, summary or URL)' },
  { path: 'edge/gofeed/rss__rss_channel_item_guid_no_permalink.xml', reason: 'the item has only a non-URL guid: dropped' },
  { path: 'edge/rsparser/authors.json', reason: 'items have only an id, authors and empty content_html: dropped' },
  { path: 'edge/rss-parser/incomplete-fields.atom', reason: 'the entry has only an empty <author>: dropped' },
  { path: 'edge/rss-parser/missing-fields.atom', reason: 'the entry has only a tag: <id>: dropped' },
];

/**
 * Files rss-parser rejects that the repair pass makes readable, each with what was wrong. Asserted exactly: a file
 * that starts needing repair, or stops needing it, fails the test (docs/feeds.md gives the same list as figures).
 */
const REPAIRED: ReadonlyArray<{ path: string; defect: string }> = [
  { path: 'edge/feedparser/wellformed__namespace__rss2.0NSwithModulesNoDefNSLocalNameClash.xml', defect: 'root <r:rss>' },
  { path: 'edge/feedparser/wellformed__rss__entity_in_doctype.xml', defect: 'entity defined in the DOCTYPE (kept literal)' },
  { path: 'edge/laminas/xxe-atom10.xml', defect: 'XXE entity (kept literal, never fetched)' },
  { path: 'edge/node-feedparser/nondefaultnamespace.atom', defect: 'root <a:feed>' },
  { path: 'edge/rome/atom_1.0_prefix.xml', defect: 'root <atom:feed>' },
  { path: 'illformed/fastfeedparser-integration/malformed_rss_namespaced.xml', defect: 'rss: prefixes, unquoted attribute, broken declaration' },
  { path: 'illformed/fastfeedparser-integration/osm-pl.xml', defect: 'truncated inside CDATA' },
  { path: 'illformed/feed-rs/rss_2.0_invalid_1.xml', defect: 'truncated' },
  { path: 'illformed/feedjira/ITunesWithSingleQuotedAttributes.xml', defect: 'unclosed <itunes:category> before the items' },
  { path: 'illformed/feedjira/InvalidDateFormat.xml', defect: 'truncated' },
  { path: 'illformed/feedparser/encoding__bozo_invalid-bytes-with-bom.xml', defect: 'truncated closing tag' },
  { path: 'illformed/feedparser/entities__doesnotexist.xml', defect: 'unknown entity' },
  { path: 'illformed/feedparser/illformed__aaa_illformed.xml', defect: 'truncated closing tag' },
  { path: 'illformed/feedparser/illformed__rss_incomplete_cdata.xml', defect: 'truncated inside CDATA' },
  { path: 'illformed/feedparser/illformed__rss_item_link_corrupted_ampersands.xml', defect: 'truncated closing tag' },
  { path: 'illformed/feedvalidator/rss__must__invalid_xml.xml', defect: 'unclosed <channel>' },
  { path: 'illformed/gofeed/rss__issue_305_bare_ampersand.xml', defect: 'bare &' },
  { path: 'illformed/gofeed/rss__issue_320_legacy_entity_prefix.xml', defect: 'bare & before a legacy entity name' },
  { path: 'illformed/node-feedparser/saxerror.xml', defect: 'bare & in a link' },
];

/** Files that end in an error, each for its reason; every other file parses. */
const UNREADABLE: ReadonlyArray<{ path: string; code: 'PARSE_FAILED' | 'NOT_A_FEED'; reason: string }> = [
  { path: 'edge/feed-rs/atom_entry_1.xml', code: 'NOT_A_FEED', reason: 'an Atom entry document, not a feed' },
  { path: 'edge/feedparser/wellformed__cdf__item_title.xml', code: 'NOT_A_FEED', reason: 'Microsoft CDF, not RSS or Atom' },
  { path: 'edge/feedvalidator/rss__must__unknown_root_element.xml', code: 'NOT_A_FEED', reason: 'root <channel> without <rss>' },
  { path: 'edge/gofeed/universal__unknown_feed.xml', code: 'NOT_A_FEED', reason: 'generic XML' },
  { path: 'illformed/feedparser/illformed__rss_empty_document.xml', code: 'PARSE_FAILED', reason: 'a comment and no element' },
  { path: 'illformed/gofeed/json__invalid.json', code: 'PARSE_FAILED', reason: 'invalid JSON' },
  { path: 'illformed/gofeed/universal__empty_feed.xml', code: 'NOT_A_FEED', reason: 'empty file' },
  { path: 'illformed/miniflux/xml-iso88591_utf8_mismatch.xml', code: 'NOT_A_FEED', reason: 'generic XML' },
  { path: 'illformed/node-feedparser/compressed.xml', code: 'NOT_A_FEED', reason: 'gzip bytes (HTTP decoding happens in fetch)' },
  { path: 'illformed/node-feedparser/invalid-characters-gzipped.xml', code: 'NOT_A_FEED', reason: 'gzip bytes' },
  { path: 'illformed/node-feedparser/notafeed.html', code: 'NOT_A_FEED', reason: 'an HTML page' },
  { path: 'illformed/rsparser/allthis-partial.json', code: 'PARSE_FAILED', reason: 'truncated JSON (not repaired)' },
  { path: 'illformed/rss-parser/unrecognized.rss', code: 'NOT_A_FEED', reason: 'root <head>' },
  { path: 'real/rsparser/ScriptingNews.json', code: 'NOT_A_FEED', reason: 'RSS-in-JSON, not JSON Feed' },
];

const rows = present ? readManifest() : [];
const counted = rows.filter((r) => r.wellformed && FEED_FORMATS.has(r.format) && r.expected !== null);
const gapPaths = new Set(KNOWN_GAPS.map((g) => g.path));
const matching = counted.filter((r) => !gapPaths.has(r.path)).map((r) => [r.path, r.expected!] as const);
const illformed = rows.filter((r) => !r.wellformed).map((r) => r.path);
const illformedCounted = rows.filter((r) => !r.wellformed && r.expected !== null).map((r) => [r.path, r.expected!] as const);

async function parsed(file: string): Promise<ParsedFeed | NewswatchError> {
  const body = readFileSync(path.join(CORPUS, file));
  try {
    return await parseFeed(body, { feedId: 'corpus', baseUrl: 'https://corpus.test/feed' });
  } catch (err) {
    if (err instanceof NewswatchError) return err;
    throw err;
  }
}

async function outcome(file: string): Promise<number | NewswatchError> {
  const result = await parsed(file);
  return result instanceof NewswatchError ? result : result.articles.length;
}

describe.skipIf(!present)('shared feed corpus', () => {
  it('lists every known gap among the counted well-formed files', () => {
    const countedPaths = new Set(counted.map((r) => r.path));
    expect(KNOWN_GAPS.filter((g) => !countedPaths.has(g.path))).toEqual([]);
    expect(matching.length + KNOWN_GAPS.length).toBe(counted.length);
  });

  it.each(matching.length > 0 ? matching : [['(none)', 0] as const])(
    'parses %s into %i articles',
    async (file, expected) => {
      expect(await outcome(file)).toBe(expected);
    },
  );

  it.each(KNOWN_GAPS.length > 0 ? KNOWN_GAPS : [{ path: '(none)', reason: '' }])(
    'still differs on $path: $reason',
    async ({ path: file }) => {
      const expected = counted.find((r) => r.path === file)?.expected;
      expect(await outcome(file)).not.toBe(expected);
    },
  );

  it.each(illformed.length > 0 ? illformed : ['(none)'])(
    'ends ill-formed %s in articles or a NewswatchError',
    async (file) => {
      const result = await outcome(file);
      if (result instanceof NewswatchError) expect(['PARSE_FAILED', 'NOT_A_FEED']).toContain(result.code);
      else expect(result).toBeGreaterThanOrEqual(0);
    },
  );

  it.each(illformedCounted.length > 0 ? illformedCounted : [['(none)', 0] as const])(
    'parses ill-formed %s into its upstream count of %i articles',
    async (file, expected) => {
      expect(await outcome(file)).toBe(expected);
    },
  );

  it('repairs exactly the REPAIRED files, each with a one-line warning, and ends exactly the UNREADABLE ones in their error', async () => {
    const repaired: string[] = [];
    const unreadable: string[] = [];
    for (const row of rows) {
      const result = await parsed(row.path);
      if (result instanceof NewswatchError) {
        expect(result.message).not.toMatch(/[\r\n]/);
        unreadable.push(`${row.path} ${result.code}`);
        continue;
      }
      if (result.warnings.length === 0) continue;
      repaired.push(row.path);
      expect(result.warnings).toEqual([expect.stringMatching(/^recovered by repairing the XML \([^\n]+\) after: [^\n]+$/)]);
    }
    expect(repaired).toEqual(REPAIRED.map((r) => r.path));
    expect(unreadable).toEqual(UNREADABLE.map((r) => `${r.path} ${r.code}`));
  });

  it('never throws anything but a NewswatchError on any corpus file', async () => {
    const others: string[] = [];
    for (const row of rows) {
      try {
        await outcome(row.path);
      } catch (err) {
        others.push(`${row.path}: ${String(err)}`);
      }
    }
    expect(others).toEqual([]);
  });
});
