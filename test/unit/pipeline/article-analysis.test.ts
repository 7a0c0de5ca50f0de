import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { NewswatchError } from '../../../src/errors.js';
import { compileTopics } from '../../../src/match/index.js';
import { analyseArticles, createArticleAnalyser, type ArticleAnalyser } from '../../../src/pipeline/article-analysis.js';

// The worker runs compiled JavaScript: dist/ after `npm run build` (npm test builds first), or NEWSWATCH_DIST.
const DIST = path.resolve(process.env.NEWSWATCH_DIST ?? 'dist');
const WORKER = path.join(DIST, 'pipeline', 'analysis-worker.js');
const built = existsSync(WORKER);

const topics = [
  { id: 'accords', name: 'Abraham Accords membership', query: '"Abraham Accords" AND (join* OR member*)' },
  { id: 'steppe', name: 'Central Asia', query: 'Kazakhstan OR Uzbekistan' },
  { id: 'cars', name: 'Honda', query: 'Honda NOT Accords' },
];

const articles = [
  {
    title: 'Kazakhstan set to join the Abraham Accords',
    summary: 'Astana will become the newest member of the normalisation pact, officials in Washington said on Thursday.',
    content: '',
  },
  { title: 'Harbour ferry timetable changes', summary: 'Evening sailings move thirty minutes later from May.', content: '' },
  { title: 'Honda recalls older Civic models', summary: 'The carmaker cites a faulty airbag inflator.', content: 'Owners will be contacted by letter.' },
];

describe('analyseArticles', () => {
  it('gives each article its matches with snippets, and a fingerprint only when it matched', () => {
    const [accord, ferry, recall] = analyseArticles(compileTopics(topics), articles);
    expect(accord!.matches.map((m) => m.topicId)).toEqual(['accords', 'steppe']);
    expect(accord!.matches[1]!.snippet).toContain('Kazakhstan');
    expect(accord!.fingerprint!.value.bands.length).toBeGreaterThan(0);
    expect(accord!.fingerprint!.serialized.length).toBeGreaterThan(0);
    expect(ferry).toEqual({ matches: [], fingerprint: null });
    expect(recall!.matches.map((m) => m.topicId)).toEqual(['cars']);
  });
});

describe.skipIf(!built)('article analyser with the compiled worker', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-analysis-'));
  const analysers: ArticleAnalyser[] = [];
  const analyser = (workerUrl: URL = pathToFileURL(WORKER)) => {
    const created = createArticleAnalyser(topics, { workerUrl });
    analysers.push(created);
    return created;
  };
  afterAll(async () => {
    await Promise.all(analysers.map((a) => a.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers what the analysis gives on the calling thread, batch after batch', async () => {
    const matcher = compileTopics(topics);
    const worker = analyser();
    await worker.ready();
    const fromWorker = await worker.analyse(articles);
    expect(fromWorker).toEqual(analyseArticles(matcher, articles));
    // The signature is a typed array on both sides, not a plain object after crossing threads.
    expect(fromWorker[0]!.fingerprint!.value.signature).toBeInstanceOf(Uint32Array);
    // The worker reuses its tokeniser memory between batches: later batches must not see earlier text.
    const reversed = [...articles].reverse().map((a) => ({ ...a, summary: `${a.summary} Uzbekistan watches closely.` }));
    expect(await worker.analyse(reversed)).toEqual(analyseArticles(matcher, reversed));
    expect(await worker.analyse(articles.slice(0, 1))).toEqual(analyseArticles(matcher, articles.slice(0, 1)));
  });

  it('rejects ready() with MATCH_FAILED when the worker dies before its topics are compiled', async () => {
    const exiting = path.join(dir, 'exiting-worker.mjs');
    writeFileSync(exiting, 'process.exit(5);\n');
    await expect(analyser(pathToFileURL(exiting)).ready()).rejects.toMatchObject({ code: 'MATCH_FAILED', message: expect.stringContaining('code 5') });
  });

  it('fails a bad query where the analyser is created, on the calling thread', () => {
    expect(() => createArticleAnalyser([{ id: 'bad', name: 'Bad', query: '"unclosed' }], { workerUrl: pathToFileURL(WORKER) })).toThrow(
      expect.objectContaining({ code: 'QUERY_INVALID', message: expect.stringContaining('bad') }),
    );
  });

  /** A worker that analyses as the real one does, but ends its thread on an article titled "die" and never answers "hang". */
  const fragileWorker = () => {
    const file = path.join(dir, 'fragile-worker.mjs');
    const dist = (name: string) => JSON.stringify(pathToFileURL(path.join(DIST, name)).href);
    writeFileSync(
      file,
      `import { parentPort, workerData } from 'node:worker_threads';
import { compileTopics } from ${dist('match/index.js')};
import { analyseArticles } from ${dist('pipeline/article-analysis.js')};
const matcher = compileTopics(workerData.topics);
parentPort.postMessage({ ready: true });
parentPort.on('message', (r) => {
  if (r.articles.some((a) => a.title === 'die')) process.exit(3);
  if (r.articles.some((a) => a.title === 'hang')) return;
  parentPort.postMessage({ id: r.id, ok: true, analyses: analyseArticles(matcher, r.articles) });
});`,
    );
    return pathToFileURL(file);
  };

  it('fails analyses in flight when the worker dies, and starts a fresh one for the next', async () => {
    const fragile = analyser(fragileWorker());
    const died = fragile.analyse([{ title: 'die', summary: '', content: '' }]);
    await expect(died).rejects.toBeInstanceOf(NewswatchError);
    await expect(died).rejects.toMatchObject({ code: 'MATCH_FAILED', retryable: true, message: expect.stringContaining('code 3') });
    const [again] = await fragile.analyse(articles.slice(0, 1));
    expect(again!.matches.map((m) => m.topicId)).toEqual(['accords', 'steppe']);
  });

  it('fails an analysis past its deadline, and starts a fresh worker for the next', async () => {
    const slow = createArticleAnalyser(topics, { workerUrl: fragileWorker(), timeoutMs: 300 });
    analysers.push(slow);
    await expect(slow.analyse([{ title: 'hang', summary: '', content: '' }])).rejects.toMatchObject({
      code: 'MATCH_FAILED',
      retryable: true,
      message: 'matching took longer than 300 ms',
    });
    const [again] = await slow.analyse(articles.slice(0, 1));
    expect(again!.matches.map((m) => m.topicId)).toEqual(['accords', 'steppe']);
  });

  it('lets analyses in flight finish on close, and refuses new ones after', async () => {
    const closing = analyser();
    const inFlight = closing.analyse(articles);
    const closed = closing.close();
    expect((await inFlight).map((a) => a.matches.length)).toEqual([2, 0, 1]);
    await closed;
    await expect(closing.analyse(articles)).rejects.toMatchObject({ code: 'MATCH_FAILED' });
  });
});
