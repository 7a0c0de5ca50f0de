import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NewswatchError } from '../../../src/errors.js';
import { parseFeed } from '../../../src/parse/index.js';

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

const rows = present ? readManifest() : [];
const counted = rows.filter((r) => r.wellformed && FEED_FORMATS.has(r.format) && r.expected !== null);
const gapPaths = new Set(KNOWN_GAPS.map((g) => g.path));
const matching = counted.filter((r) => !gapPaths.has(r.path)).map((r) => [r.path, r.expected!] as const);
const illformed = rows.filter((r) => !r.wellformed).map((r) => r.path);

async function outcome(file: string): Promise<number | NewswatchError> {
  const body = readFileSync(path.join(CORPUS, file));
  try {
    return (await parseFeed(body, { feedId: 'corpus', baseUrl: 'https://corpus.test/feed' })).articles.length;
  } catch (err) {
    if (err instanceof NewswatchError) return err;
    throw err;
  }
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
