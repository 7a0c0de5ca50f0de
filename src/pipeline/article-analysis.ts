/**
 * Matching off the event loop: which topics each new article matches, with a snippet per match, and the story
 * fingerprint of every matched article. This is the CPU-heavy part of recording a feed's new items (tokenising,
 * probing the topic index, MinHash), so it runs on a worker thread of its own while the event loop fetches, stores
 * and delivers.
 *
 * Rules this module owns:
 * - One worker holds the compiled topic index (the index is the memory; a second copy would double it). It starts
 *   on `ready()`, `warm()` or the first `analyse`, is unref'd while idle and ref'd while it works.
 * - A bad query fails where the config is loaded: the constructor checks every query on the calling thread.
 * - A worker that dies, or takes longer than the deadline (30 s) over one batch once it has compiled the topics (which
 *   takes seconds for tens of thousands of topics, and is not timed), fails the analyses in flight with
 *   MATCH_FAILED (retryable: the feed check is retried and nothing is recorded meanwhile); the next `analyse` starts
 *   a fresh worker.
 * - `close` lets analyses in flight finish, then stops the worker (a reload swaps analysers while feeds are checked).
 * - The worker is `analysis-worker.js` beside this module, which exists only in the compiled dist/. Run from
 *   TypeScript sources (vitest), analysis happens in-thread unless a `workerUrl` is given; same results.
 */
import { Worker } from 'node:worker_threads';
import { NewswatchError } from '../errors.js';
import { compiledWorkerScript, workerExecArgv } from '../worker-script.js';
import { assertQueriesValid, compileTopics, snippet, type MatchableText, type TopicMatcher, type TopicQueryConfig } from '../match/index.js';
import { fingerprintArticle, serializeFingerprint, type StoryFingerprint } from '../stories/index.js';
import type { TopicMatch } from '../types.js';
import type { AnalysisReply, AnalysisRequest } from './analysis-worker.js';

/** What recording an article needs from matching. */
export interface ArticleAnalysis {
  /** Matching topics in config order, each with the snippet its alert shows. */
  matches: (TopicMatch & { snippet: string })[];
  /** Only matched articles are grouped into stories, so only they carry a fingerprint (and its stored form). */
  fingerprint: { value: StoryFingerprint; serialized: string } | null;
}

export interface ArticleAnalyser {
  /**
   * One analysis per article, in order.
   * @throws NewswatchError MATCH_FAILED (retryable) when the worker dies or the analyser is closed.
   */
  analyse(articles: readonly MatchableText[]): Promise<ArticleAnalysis[]>;
  /** Starts the worker (which compiles the topics) now rather than at the first analysis. */
  warm(): void;
  /**
   * Starts the worker and waits until it has compiled the topics, so that the compile does not compete with the
   * daemon's first feed checks.
   * @throws NewswatchError MATCH_FAILED when the worker dies first.
   */
  ready(): Promise<void>;
  /** Waits for analyses in flight, then stops the worker. */
  close(): Promise<void>;
}

/** The analysis itself, on whichever thread holds the matcher. */
export function analyseArticles(matcher: TopicMatcher, articles: readonly MatchableText[]): ArticleAnalysis[] {
  return articles.map((article) => {
    const matches = matcher.matchArticle(article).map((m) => ({ ...m, snippet: snippet(article, m.matchedTerms) }));
    if (matches.length === 0) return { matches, fingerprint: null };
    const value = fingerprintArticle(article);
    return { matches, fingerprint: { value, serialized: serializeFingerprint(value) } };
  });
}

/** An analyser on the calling thread (sources run without a build). */
function inThreadAnalyser(matcher: TopicMatcher): ArticleAnalyser {
  return { analyse: async (articles) => analyseArticles(matcher, articles), warm: () => {}, ready: async () => {}, close: async () => {} };
}

/**
 * Young generation of the analysis thread: a batch's garbage (tokens, shingles) dies with the batch, and V8's default
 * 32 MB of new space would stay resident. 4 MB (semi-spaces of ~1.3 MB) costs a few more scavenges.
 */
const WORKER_YOUNG_MB = 4;
/** One batch is a feed's new items: milliseconds of work. Past this the thread is taken to be stuck. */
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The analyser for these topics: on a worker thread when running from the build.
 * @throws NewswatchError (QUERY_INVALID) when a topic's query does not parse.
 */
export function createArticleAnalyser(topics: readonly TopicQueryConfig[], options: { workerUrl?: URL | null; timeoutMs?: number } = {}): ArticleAnalyser {
  const workerUrl =
    options.workerUrl !== undefined ? options.workerUrl : compiledWorkerScript(import.meta.url, 'analysis-worker.js');
  if (workerUrl === null) return inThreadAnalyser(compileTopics(topics));
  assertQueriesValid(topics);
  const queries = topics.map(({ id, name, query }) => ({ id, name, query }));

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pending = new Map<number, { resolve(analyses: ArticleAnalysis[]): void; reject(err: Error): void; timer: NodeJS.Timeout | null }>();
  let worker: Worker | null = null;
  /** The current worker has compiled the topics: analyses sent to it are timed from now on. */
  let compiled = false;
  /** Callers of `ready()` waiting for the current worker's topics: told when it is ready, or when it is lost. */
  let readyWaiters: { resolve(): void; reject(err: Error): void }[] = [];
  const startTimer = (): NodeJS.Timeout => setTimeout(() => void discard(`matching took longer than ${timeoutMs} ms`), timeoutMs);
  let nextId = 1;
  let closing: Promise<void> | null = null;
  let drained: (() => void) | null = null;

  const settled = (): void => {
    if (pending.size > 0) return;
    worker?.unref();
    drained?.();
  };
  const failAll = (message: string): void => {
    for (const { reject, timer } of pending.values()) {
      if (timer) clearTimeout(timer);
      reject(new NewswatchError('MATCH_FAILED', message, { retryable: true }));
    }
    pending.clear();
    for (const waiter of readyWaiters.splice(0)) waiter.reject(new NewswatchError('MATCH_FAILED', message, { retryable: true }));
    settled();
  };
  /** Stops the current worker and fails what it was doing; the next analysis starts another. */
  const discard = (message: string): Promise<unknown> | undefined => {
    const stopping = worker;
    worker = null;
    stopping?.removeAllListeners();
    stopping?.on('error', () => {});
    failAll(message);
    return stopping?.terminate();
  };
  const start = (): Worker => {
    const started = new Worker(workerUrl, {
      workerData: { topics: queries },
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
      execArgv: workerExecArgv(),
    });
    compiled = false;
    started.on('message', (reply: AnalysisReply) => {
      if ('ready' in reply) {
        compiled = true;
        for (const waiting of pending.values()) waiting.timer ??= startTimer();
        for (const waiter of readyWaiters.splice(0)) waiter.resolve();
        if (pending.size === 0) started.unref();
        return;
      }
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (waiting.timer) clearTimeout(waiting.timer);
      if (reply.ok) waiting.resolve(reply.analyses);
      else waiting.reject(new NewswatchError('MATCH_FAILED', `matching failed: ${reply.message}`, { retryable: true }));
      settled();
    });
    const lost = (message: string) => {
      if (worker === started) void discard(message);
    };
    started.on('error', (err) => lost(`the matching thread failed: ${err.message}`));
    started.on('exit', (code) => lost(`the matching thread exited (code ${code})`));
    started.unref();
    return started;
  };

  return {
    analyse(articles) {
      if (closing) return Promise.reject(new NewswatchError('MATCH_FAILED', 'the analyser is closed', { retryable: true }));
      if (articles.length === 0) return Promise.resolve([]);
      worker ??= start();
      worker.ref();
      const id = nextId++;
      // Only the text matching reads crosses the thread boundary.
      const request: AnalysisRequest = { id, articles: articles.map(({ title, summary, content }) => ({ title, summary, content })) };
      return new Promise<ArticleAnalysis[]>((resolve, reject) => {
        pending.set(id, { resolve, reject, timer: compiled ? startTimer() : null });
        worker!.postMessage(request);
      });
    },
    warm() {
      if (!closing) worker ??= start();
    },
    ready() {
      if (closing) return Promise.reject(new NewswatchError('MATCH_FAILED', 'the analyser is closed', { retryable: true }));
      worker ??= start();
      if (compiled) return Promise.resolve();
      // Ref'd while compiling, so a process with nothing else to do waits for it.
      worker.ref();
      return new Promise<void>((resolve, reject) => readyWaiters.push({ resolve, reject }));
    },
    close() {
      closing ??= (async () => {
        // Analyses in flight end within their deadline, one way or the other.
        if (pending.size > 0) await new Promise<void>((resolve) => (drained = resolve));
        await discard('the analyser is closed');
      })();
      return closing;
    },
  };
}
