/**
 * `npm run bench -- match [--json] [--sizes 10,1000,10000,100000]`: the topic matcher on synthetic news
 * (match-corpus.ts) against synthetic topic sets (match-topics.ts). Per size: articles/s for tokenising alone
 * (`normalizeText`, the floor every article pays) and MB/s of UTF-8 text, for the indexed engine (`matchArticle`,
 * tokenising included) and for naive evaluation of every topic (timed on fewer articles when slow), the engine's
 * p99 latency per article — `p99_us` for the whole of `matchArticle` (tokenising included), `p99_match_us` for
 * matching an article already tokenised (`matchNormalized`) — index build time (`compileTopics`: parsing and
 * indexing) and peak RSS (taken before the matching-only latencies, which keep tokenised articles of their own).
 * All times are CPU time of one process (match-measure.ts). Each size runs in its own process, so build time and
 * memory are not coloured by the sizes before it.
 */
import { spawnSync } from 'node:child_process';
import { compileTopics, normalizeText } from '../src/match/index.js';
import type { MatchableText, TopicMatcher } from '../src/match/index.js';
import { createArticle, createCorpus, createRandom } from './match-corpus.js';
import { cpuUs, latenciesUs, peakRssMb, percentile, throughputs } from './match-measure.js';
import { createTopicQueries } from './match-topics.js';

const DEFAULT_SIZES = [10, 1_000, 10_000, 100_000];
const ARTICLE_COUNT = 2_000;
/** Each throughput figure is the best of seven rounds of this much CPU time. */
const ROUND_MS = 300;
const LATENCY_RUNS = 3;
/** CPU time given to naive evaluation (past the first few articles). */
const NAIVE_BUDGET_MS = 2_000;
/** Naive evaluation of 100,000 topics takes a long time per article: a few dozen articles are enough. */
const NAIVE_MIN_ARTICLES = 20;

interface Result {
  bench: 'match';
  topics: number;
  tokenize_per_s: number;
  tokenize_mb_s: number;
  engine_per_s: number;
  naive_per_s: number;
  /** Per article, tokenising and matching (`matchArticle`). */
  p99_us: number;
  /** Per article, matching only: `matchNormalized` of an article tokenised beforehand. */
  p99_match_us: number;
  build_ms: number;
  rss_mb: number;
}

/** Figures printed in the table only. */
interface Extra {
  matchesPerArticle: number;
  matchedShare: number;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function naiveRate(articles: readonly MatchableText[], matcher: TopicMatcher): number {
  let done = 0;
  const started = cpuUs();
  while (done < articles.length && (done < NAIVE_MIN_ARTICLES || cpuUs() - started < NAIVE_BUDGET_MS * 1000)) {
    const text = normalizeText(articles[done]!);
    for (const topic of matcher.topics) topic.match(text);
    done++;
  }
  return (done * 1e6) / (cpuUs() - started);
}

function measure(size: number): { result: Result; extra: Extra } {
  const random = createRandom(20_251_031);
  const corpus = createCorpus(random);
  const articles = Array.from({ length: ARTICLE_COUNT }, () => createArticle(corpus, random));
  const bytes = articles.reduce((sum, a) => sum + Buffer.byteLength(a.title + a.summary + a.content, 'utf8'), 0);
  const topics = createTopicQueries(corpus, createRandom(size), size).map((query, i) => ({ id: `t${i}`, name: `t${i}`, query }));

  const buildStarted = cpuUs();
  const matcher = compileTopics(topics);
  const buildMs = (cpuUs() - buildStarted) / 1000;

  let matches = 0;
  let matched = 0;
  for (const article of articles) {
    const found = matcher.matchArticle(article).length;
    matches += found;
    if (found > 0) matched++;
  }
  const [tokenizePerS, enginePerS] = throughputs(articles.length, ROUND_MS, [
    (i) => normalizeText(articles[i]!),
    (i) => matcher.matchArticle(articles[i]!),
  ]) as [number, number];
  const p99 = percentile(latenciesUs(articles.length, LATENCY_RUNS, (i) => matcher.matchArticle(articles[i]!)), 99);
  // Peak RSS of the engine at work, before the bench keeps tokenised articles of its own.
  const rssMb = peakRssMb();
  // Tokenised beforehand (outside the timing), a few hundred at a time so they do not all stay in memory.
  const matchTimes = new Float64Array(articles.length).fill(Infinity);
  for (let from = 0; from < articles.length; from += 250) {
    const batch = articles.slice(from, from + 250).map((article) => normalizeText(article));
    const times = latenciesUs(batch.length, LATENCY_RUNS, (i) => matcher.matchNormalized(batch[i]!));
    matchTimes.set(times, from);
  }
  const p99Match = percentile(matchTimes, 99);
  const naivePerS = naiveRate(articles, matcher);
  const result: Result = {
    bench: 'match',
    topics: size,
    tokenize_per_s: round(tokenizePerS, 0),
    tokenize_mb_s: round((tokenizePerS * bytes) / articles.length / 1e6, 1),
    engine_per_s: round(enginePerS, 0),
    naive_per_s: round(naivePerS, 1),
    p99_us: round(p99, 1),
    p99_match_us: round(p99Match, 1),
    build_ms: round(buildMs, 0),
    rss_mb: round(rssMb, 0),
  };
  return { result, extra: { matchesPerArticle: matches / articles.length, matchedShare: matched / articles.length } };
}

function parseSizes(args: string[]): number[] {
  const at = args.indexOf('--sizes');
  if (at === -1) return DEFAULT_SIZES;
  const sizes = (args[at + 1] ?? '').split(',').map(Number);
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new Error('--sizes takes a comma-separated list of positive integers, as in --sizes 10,1000');
  }
  return sizes;
}

/** Measures one size in a fresh process (this same bench, one size, machine-readable). */
function measureInChild(size: number): { result: Result; extra: Extra } {
  const child = spawnSync(process.execPath, [process.argv[1]!, 'match', '--child', '--sizes', String(size)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`bench for ${size} topics failed with status ${child.status}`);
  return JSON.parse(child.stdout) as { result: Result; extra: Extra };
}

function printTable(rows: readonly { result: Result; extra: Extra }[]): void {
  const header = ['topics', 'tok art/s', 'tok MB/s', 'engine art/s', 'naive art/s', 'eng/tok', 'eng/naive', 'p99 µs', 'p99 match µs', 'build ms', 'RSS MB', 'matches/art', 'art matched'];
  const lines = rows.map(({ result: r, extra: e }) => [
    String(r.topics),
    String(r.tokenize_per_s),
    r.tokenize_mb_s.toFixed(1),
    String(r.engine_per_s),
    r.naive_per_s.toFixed(1),
    (r.engine_per_s / r.tokenize_per_s).toFixed(2),
    `${(r.engine_per_s / r.naive_per_s).toFixed(0)}×`,
    r.p99_us.toFixed(1),
    r.p99_match_us.toFixed(1),
    String(r.build_ms),
    String(r.rss_mb),
    e.matchesPerArticle.toFixed(2),
    `${(e.matchedShare * 100).toFixed(0)}%`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  for (const line of [header, ...lines]) process.stdout.write(`${line.map((cell, i) => cell.padStart(widths[i]!)).join('  ')}\n`);
}

/** Entry point used by bench/main.ts. */
export async function run(args: string[]): Promise<void> {
  const sizes = parseSizes(args);
  if (args.includes('--child')) {
    process.stdout.write(JSON.stringify(measure(sizes[0]!)));
    return;
  }
  const rows = sizes.map((size) => (sizes.length === 1 ? measure(size) : measureInChild(size)));
  if (args.includes('--json')) {
    for (const { result } of rows) process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    printTable(rows);
  }
}
