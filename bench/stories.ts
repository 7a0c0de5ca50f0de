/**
 * `npm run bench -- stories [--json] [--stored N] [--queries N]`: the pure part of adding an article to a topic
 * holding N stored articles — fingerprint, LSH band lookup in an in-memory index, the topic's stories within the
 * window, `chooseStory` — against a naive scan of every stored fingerprint in the same run. The SQLite-backed path
 * is measured elsewhere.
 */
import { parseArgs } from 'node:util';
import {
  chooseStory,
  fingerprintArticle,
  mergeKeyTerms,
  similarity,
  STORY_DEFAULTS,
  type StoryCandidate,
  type StoryFingerprint,
} from '../src/stories/index.js';
import {
  copyArticle,
  createCorpus,
  createEvent,
  createRandom,
  reportEvent,
  type Corpus,
  type CorpusArticle,
} from './stories-corpus.js';
import { measureStoreGrouping } from './stories-store.js';

const HOUR_MS = 3_600_000;
const END = Date.UTC(2025, 10, 6);
const WARMUP = 200;
const NAIVE_ARTICLES = 300;

interface StoredStory extends StoryCandidate {
  fingerprints: StoryFingerprint[];
  keyTerms: string[];
}

/** Band key → stored article ids; a lone id is kept unboxed, as most band keys belong to one article. */
class BandIndex {
  private readonly buckets = new Map<string, number | number[]>();

  add(keys: readonly string[], id: number): void {
    for (const key of keys) {
      const bucket = this.buckets.get(key);
      if (bucket === undefined) this.buckets.set(key, id);
      else if (typeof bucket === 'number') this.buckets.set(key, [bucket, id]);
      else bucket.push(id);
    }
  }

  lookup(keys: readonly string[], into: Set<number>): void {
    for (const key of keys) {
      const bucket = this.buckets.get(key);
      if (typeof bucket === 'number') into.add(bucket);
      else if (bucket !== undefined) for (const id of bucket) into.add(id);
    }
  }
}

interface Topic {
  index: BandIndex;
  fingerprints: StoryFingerprint[];
  storyOf: Int32Array;
  stories: StoredStory[];
  /** Each entity's stories by lastSeen ascending, for the window query the store runs (same entity, recent). */
  byEntity: Map<string, StoredStory[]>;
}

function storeCorpus(articles: readonly CorpusArticle[]): Topic {
  const index = new BandIndex();
  const fingerprints: StoryFingerprint[] = [];
  const storyOf = new Int32Array(articles.length);
  const storyByEvent = new Map<number, StoredStory>();
  articles.forEach((article, id) => {
    const fingerprint = fingerprintArticle(article);
    fingerprints.push(fingerprint);
    index.add(fingerprint.bands, id);
    let story = storyByEvent.get(article.eventId);
    if (story === undefined) {
      const seen = article.published;
      const id = String(article.eventId);
      story = { id, primaryEntity: article.entity, firstSeen: seen, lastSeen: seen, keyTerms: [], fingerprints: [] };
      storyByEvent.set(article.eventId, story);
    }
    story.lastSeen = article.published;
    story.keyTerms = mergeKeyTerms(story.keyTerms, fingerprint.keyTerms);
    story.fingerprints = [...story.fingerprints, fingerprint].slice(-STORY_DEFAULTS.maxStoryFingerprints);
    storyOf[id] = article.eventId;
  });
  const stories: StoredStory[] = [];
  for (const [eventId, story] of storyByEvent) stories[eventId] = story;
  const byEntity = new Map<string, StoredStory[]>();
  for (const story of storyByEvent.values()) {
    const list = byEntity.get(story.primaryEntity ?? '') ?? [];
    list.push(story);
    byEntity.set(story.primaryEntity ?? '', list);
  }
  for (const list of byEntity.values()) list.sort((a, b) => a.lastSeen.getTime() - b.lastSeen.getTime());
  return { index, fingerprints, storyOf, stories, byEntity };
}

function storiesInWindow(topic: Topic, entity: string, published: Date): StoredStory[] {
  const stories = topic.byEntity.get(entity) ?? [];
  const from = published.getTime() - STORY_DEFAULTS.windowMs;
  let low = 0;
  let high = stories.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (stories[mid]!.lastSeen.getTime() < from) low = mid + 1;
    else high = mid;
  }
  return stories.slice(low);
}

type Lookup = (topic: Topic, fingerprint: StoryFingerprint) => Iterable<number>;

const lookupBands: Lookup = (topic, fingerprint) => {
  const hits = new Set<number>();
  topic.index.lookup(fingerprint.bands, hits);
  return hits;
};

const scanAll: Lookup = (topic, fingerprint) => {
  const hits: number[] = [];
  topic.fingerprints.forEach((stored, id) => {
    if (similarity(fingerprint, stored) >= STORY_DEFAULTS.nearDuplicate) hits.push(id);
  });
  return hits;
};

interface Added {
  storyId: string | null;
  candidates: number;
}

function addArticle(topic: Topic, article: CorpusArticle, lookup: Lookup): Added {
  const fingerprint = fingerprintArticle(article);
  const candidates = new Set<StoryCandidate>(storiesInWindow(topic, article.entity, article.published));
  for (const id of lookup(topic, fingerprint)) candidates.add(topic.stories[topic.storyOf[id]!]!);
  const input = { fingerprint, primaryEntity: article.entity, published: article.published };
  const choice = chooseStory(input, [...candidates]);
  return { storyId: choice?.storyId ?? null, candidates: candidates.size };
}

/** Wire copies of recent articles, reworded reports of recent events and new events, a third each. */
function createQueries(random: () => number, corpus: Corpus, count: number): CorpusArticle[] {
  const recent = corpus.articles.filter((a) => a.published.getTime() > END - 24 * HOUR_MS);
  return Array.from({ length: count }, (_, i) => {
    const published = END + random() * 2 * HOUR_MS;
    const original = recent[Math.floor(random() * recent.length)]!;
    if (i % 3 === 0) return copyArticle(random, original, published);
    if (i % 3 === 1) return reportEvent(random, corpus.events[original.eventId]!, published);
    return reportEvent(random, createEvent(random, corpus.events.length + i, published), published);
  });
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function timeEach(topic: Topic, queries: readonly CorpusArticle[], lookup: Lookup) {
  const micros: number[] = [];
  const choices: (string | null)[] = [];
  let candidates = 0;
  queries.forEach((article, i) => {
    const start = process.hrtime.bigint();
    const result = addArticle(topic, article, lookup);
    const elapsed = Number(process.hrtime.bigint() - start) / 1000;
    if (i < WARMUP) return;
    micros.push(elapsed);
    choices.push(result.storyId);
    candidates += result.candidates;
  });
  micros.sort((a, b) => a - b);
  const perArticle = candidates / micros.length;
  return { median: quantile(micros, 0.5), p99: quantile(micros, 0.99), candidates: perArticle, choices };
}

/** Runs the benchmark and prints a table, or one JSON object with --json. */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      stored: { type: 'string', default: '100000' },
      queries: { type: 'string', default: '2000' },
      'store-added': { type: 'string', default: '500' },
    },
  });
  const stored = Number(values.stored);
  const added = Number(values.queries);
  const random = createRandom(0x5eed);
  const buildStart = performance.now();
  const corpus = createCorpus(random, stored, 365, END);
  const topic = storeCorpus(corpus.articles);
  const buildMs = performance.now() - buildStart;
  const queries = createQueries(random, corpus, WARMUP + added);
  const indexed = timeEach(topic, queries, lookupBands);
  // The scan is ~100× slower: a few hundred articles give a stable median.
  const naive = timeEach(topic, queries.slice(0, WARMUP + Math.min(added, NAIVE_ARTICLES)), scanAll);
  const same = naive.choices.filter((choice, i) => choice === indexed.choices[i]).length / naive.choices.length;
  const round = (x: number): number => Math.round(x * 10) / 10;
  const sqlite = await measureStoreGrouping(stored, Number(values['store-added']));
  if (values.json) {
    const json = {
      bench: 'stories',
      stored,
      median_us: round(indexed.median),
      p99_us: round(indexed.p99),
      naive_median_us: round(naive.median),
      sqlite_median_ms: Math.round(sqlite.medianMs * 100) / 100,
      sqlite_p99_ms: Math.round(sqlite.p99Ms * 100) / 100,
    };
    process.stdout.write(`${JSON.stringify(json)}\n`);
    return;
  }
  const table = [
    ['path', 'median µs', 'p99 µs', 'candidates'],
    ['LSH bands + window', indexed.median, indexed.p99, indexed.candidates],
    ['naive scan', naive.median, naive.p99, naive.candidates],
  ].map((row) => row.map((cell, i) => {
    const text = typeof cell === 'number' ? String(round(cell)) : cell;
    return i === 0 ? text.padEnd(20) : text.padStart(12);
  }));
  process.stdout.write(
    `stories: ${stored} stored articles, ${corpus.events.length} events (built in ${Math.round(buildMs)} ms); ` +
      `${added} articles added (naive scan: ${naive.choices.length})\n` +
      `${table.map((row) => row.join('')).join('\n')}\n` +
      `naive / indexed median: ${round(naive.median / indexed.median)}×; same story chosen as the naive scan: ` +
      `${(same * 100).toFixed(1)}%\n` +
      `SQLite path (recordArticles in a real store holding ${sqlite.stored} articles, filled in ${sqlite.buildS.toFixed(0)} s): ` +
      `median ${sqlite.medianMs.toFixed(2)} ms, p99 ${sqlite.p99Ms.toFixed(2)} ms per added article (target: median < 5 ms)\n`,
  );
}
