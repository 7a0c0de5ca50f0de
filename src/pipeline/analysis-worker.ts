/** Worker-thread entry of the article analyser (article-analysis.ts): compiles the topics once, then analyses batches. */
import { parentPort, workerData } from 'node:worker_threads';
import { compileTopics, reuseTextUnits, type MatchableText, type TopicQueryConfig } from '../match/index.js';
import { analyseArticles, type ArticleAnalysis } from './article-analysis.js';

export interface AnalysisRequest {
  id: number;
  articles: MatchableText[];
}

/** `ready` once the topics are compiled (the deadline of each analysis runs from then), then one reply per request. */
export type AnalysisReply = { ready: true } | { id: number; ok: true; analyses: ArticleAnalysis[] } | { id: number; ok: false; message: string };

if (parentPort) {
  const port = parentPort;
  // The queries were checked on the main thread, so compiling them here does not fail.
  const matcher = compileTopics((workerData as { topics: TopicQueryConfig[] }).topics);
  port.postMessage({ ready: true } satisfies AnalysisReply);
  port.on('message', (request: AnalysisRequest) => {
    let reply: AnalysisReply;
    try {
      reply = { id: request.id, ok: true, analyses: analyseArticles(matcher, request.articles) };
    } catch (err) {
      reply = { id: request.id, ok: false, message: err instanceof Error ? err.message : String(err) };
    } finally {
      // Nothing of the batch's tokenised text outlives it: the next batch reuses its code-unit memory.
      reuseTextUnits();
    }
    port.postMessage(reply);
  });
}
