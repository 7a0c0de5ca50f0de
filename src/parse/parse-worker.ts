/** Worker-thread entry of the parse pool (parse-pool.ts): parses one feed per message and answers with the result. */
import { parentPort } from 'node:worker_threads';
import { NewswatchError } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import { parseFeed } from './parse-feed.js';
import type { ParsedFeed, ParseOptions } from './parse-feed.js';

export interface ParseRequest {
  id: number;
  body: Uint8Array | string;
  opts: ParseOptions;
}

/** Articles are sent in batches before the final reply, so the main thread deserialises them a batch per turn. */
export const ARTICLES_PER_MESSAGE = 200;

export type ParseReply =
  | { id: number; articles: ParsedFeed['articles'] }
  | { id: number; ok: true; feed: ParsedFeed }
  | { id: number; ok: false; error: { code: ErrorCode | null; message: string; retryable: boolean } };

parentPort?.on('message', (request: ParseRequest) => {
  const body = typeof request.body === 'string' ? request.body : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
  parseFeed(body, request.opts).then(
    (feed) => {
      for (let i = 0; i < feed.articles.length; i += ARTICLES_PER_MESSAGE) {
        parentPort!.postMessage({ id: request.id, articles: feed.articles.slice(i, i + ARTICLES_PER_MESSAGE) } satisfies ParseReply);
      }
      parentPort!.postMessage({ id: request.id, ok: true, feed: { ...feed, articles: [] } } satisfies ParseReply);
    },
    (err: unknown) => {
      const error =
        err instanceof NewswatchError
          ? { code: err.code, message: err.message, retryable: err.retryable }
          : { code: null, message: err instanceof Error ? err.message : String(err), retryable: false };
      parentPort!.postMessage({ id: request.id, ok: false, error } satisfies ParseReply);
    },
  );
});
