/**
 * The SQLite-backed half of `npm run bench -- stories`: the real `recordArticles` path (URL identity, fingerprint,
 * story candidates from the store's band and entity indexes, `chooseStory`, writes) adding one article at a time to
 * a topic that already holds N stored articles in a real SQLite file. Matching and entity extraction are replaced by
 * fixed answers (they are measured by the match bench); everything the store does is real.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TopicConfig } from '../src/config/types.js';
import type { EntityTracker } from '../src/match/entities/index.js';
import type { TopicMatcher } from '../src/match/index.js';
import { analyseArticles } from '../src/pipeline/article-analysis.js';
import { recordArticles, type RecordDeps } from '../src/pipeline/record-articles.js';
import { openStore } from '../src/store/index.js';
import type { Article } from '../src/types.js';
import { createCorpus, createRandom, reportEvent, type CorpusArticle } from './stories-corpus.js';

const END = Date.UTC(2025, 10, 6);
const BATCH = 1000;

export interface StoreGroupingFigures {
  stored: number;
  buildS: number;
  medianMs: number;
  p99Ms: number;
}

export async function measureStoreGrouping(stored: number, added: number): Promise<StoreGroupingFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-stories-'));
  const store = await openStore(`sqlite:${join(dir, 'bench.db')}`);
  const entityOf = new WeakMap<object, string>();
  const topic: TopicConfig = {
    id: 'bench',
    name: 'Bench topic',
    query: 'x',
    notify: [],
    entities: { type: 'country', known: [], ignore: [] },
    alert: 'story',
    updates: false,
    updateEveryMs: 3_600_000,
    storyWindowMs: 48 * 3_600_000,
    priority: 'normal',
  };
  const matcher = { topics: [], matchArticle: () => [{ topicId: 'bench', score: 1, matchedTerms: ['x'] }] } as unknown as TopicMatcher;
  const tracker: EntityTracker = {
    find: (a) => {
      const code = entityOf.get(a) ?? 'KZ';
      return [{ code, name: code, primary: true, known: false, mentions: 1 }];
    },
  } as EntityTracker;
  const deps: RecordDeps = { topics: new Map([['bench', topic]]), entityTrackers: new Map([['bench', tracker]]), notifierPolicies: {}, backfillMs: 0 };
  const analysed = (articles: Article[]) => analyseArticles(matcher, articles).map((analysis, i) => ({ article: articles[i]!, analysis }));
  let n = 0;
  const toArticle = (c: CorpusArticle): Article => {
    const a: Article = { key: `k${n}`, feedId: 'bench', source: `outlet-${n % 50}`, url: `https://outlet-${n % 50}.example/a/${n}`, title: c.title, summary: c.summary, content: c.content, published: c.published };
    n++;
    entityOf.set(a, c.entity);
    return a;
  };

  const random = createRandom(0x5702e);
  const corpus = createCorpus(random, stored, 365, END);
  const buildStart = performance.now();
  for (let i = 0; i < corpus.articles.length; i += BATCH) {
    const batch = corpus.articles.slice(i, i + BATCH).map(toArticle);
    const last = batch.at(-1)!.published!;
    await store.transaction((tx) => recordArticles(tx, deps, 'bench', analysed(batch), last));
  }
  const buildS = (performance.now() - buildStart) / 1000;

  const times: number[] = [];
  for (let i = 0; i < added; i++) {
    const event = corpus.events[Math.floor(random() * corpus.events.length)]!;
    const article = toArticle(reportEvent(random, event, Math.min(END, event.start + random() * 24 * 3_600_000)));
    // Timed from the analysis on, which the daemon runs on another thread: matching and the fingerprint are part of
    // what a new article costs, as they were when they ran inside the transaction.
    const start = performance.now();
    // Articles arrive soon after they are published.
    const arrival = new Date(article.published!.getTime() + 60_000);
    const input = analysed([article]);
    await store.transaction((tx) => recordArticles(tx, deps, 'bench', input, arrival));
    times.push(performance.now() - start);
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { stored, buildS, medianMs: q(0.5), p99Ms: q(0.99) };
}
