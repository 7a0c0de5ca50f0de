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

export type ParseReply =
  | { id: number; ok: true; feed: ParsedFeed }
  | { id: number; ok: false; error: { code: ErrorCode | null; message: string; retryable: boolean } };

parentPort?.on('message', (request: ParseRequest) => {
  const body = typeof request.body === 'string' ? request.body : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
  parseFeed(body, request.opts).then(
    (feed) => parentPort!.postMessage({ id: request.id, ok: true, feed } satisfies ParseReply),
    (err: unknown) => {
      const error =
        err instanceof NewswatchError
          ? { code: err.code, message: err.message, retryable: err.retryable }
          : { code: null, message: err instanceof Error ? err.message : String(err), retryable: false };
      parentPort!.postMessage({ id: request.id, ok: false, error } satisfies ParseReply);
    },
  );
});
