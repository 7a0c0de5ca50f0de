/**
 * Feed parsing off the event loop: a small pool of worker threads running parseFeed.
 *
 * Rules this module owns:
 * - Workers start lazily, are unref'd while idle (an idle pool never keeps the process alive) and ref'd while they
 *   parse. Each worker has a heap limit, so a pathological document kills its worker, not the daemon.
 * - Each parse has a deadline (default 10 s): past it the worker is terminated, a fresh one replaces it on demand,
 *   and the parse fails with PARSE_FAILED. A crashed worker fails its parse the same way.
 * - Articles come back in batches, one message each, so deserialising a large result does not stall the loop either.
 * - The worker is `parse-worker.js` next to this module, which exists only in the compiled dist/. When this module
 *   runs from TypeScript sources (vitest), parsing happens in-thread instead unless a `workerUrl` is given; the
 *   result is the same, only the event loop is not spared.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { NewswatchError } from '../errors.js';
import { compiledWorkerScript, workerExecArgv } from '../worker-script.js';
import { parseFeed } from './parse-feed.js';
import type { ParsedFeed, ParseOptions } from './parse-feed.js';
import type { ParseReply, ParseRequest } from './parse-worker.js';

export const DEFAULT_PARSE_TIMEOUT_MS = 10_000;
const WORKER_HEAP_MB = 512;
/**
 * Young generation of a parser thread: 2 MB semi-spaces instead of V8's 16 MB. One feed's parse garbage dies young
 * either way, and the default's 32 MB of committed new space stayed resident (cold round: worker heap 50 -> 27 MB
 * at 4 MB semi-spaces; 2 MB gave back 4 MB more once matching took a thread of its own).
 */
const WORKER_YOUNG_MB = 6;

export interface ParsePoolOptions {
  /** Worker threads; default 1 on a 2-core machine, else 2. */
  size?: number;
  /** Deadline of one parse in the worker; default 10 s. */
  timeoutMs?: number;
  /** Worker script; default parse-worker.js beside this module, or in-thread parsing when running from .ts. */
  workerUrl?: URL | null;
}

/** A pool of parser threads; `parse` has the contract of parseFeed. */
export interface ParsePool {
  /** @throws NewswatchError as parseFeed does, and PARSE_FAILED when the deadline passes or the worker dies. */
  parse(body: Buffer | string, opts: ParseOptions): Promise<ParsedFeed>;
  /** Terminates the workers; parses still running fail. */
  close(): Promise<void>;
}

interface Task {
  request: ParseRequest;
  articles: ParsedFeed['articles'];
  resolve(feed: ParsedFeed): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  timer: NodeJS.Timeout | null;
}

/** Builds a pool; nothing starts until the first parse. */
export function createParsePool(options: ParsePoolOptions = {}): ParsePool {
  const size = Math.max(1, options.size ?? Math.min(2, Math.max(1, availableParallelism() - 1)));
  const timeoutMs = options.timeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS;
  const workerUrl =
    options.workerUrl !== undefined ? options.workerUrl : compiledWorkerScript(import.meta.url, 'parse-worker.js');
  const slots: Slot[] = [];
  const queue: Task[] = [];
  let nextId = 1;
  let closed = false;

  const finish = (slot: Slot, outcome: { feed: ParsedFeed } | { error: Error }): void => {
    const task = slot.task;
    if (slot.timer) clearTimeout(slot.timer);
    slot.task = null;
    slot.timer = null;
    if (slots.includes(slot)) slot.worker.unref();
    if (task) 'feed' in outcome ? task.resolve(outcome.feed) : task.reject(outcome.error);
    dispatch();
  };

  const retire = (slot: Slot, error: Error): Promise<unknown> => {
    const at = slots.indexOf(slot);
    if (at !== -1) slots.splice(at, 1);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    // Ref'd until it has exited, or an awaited close() could leave nothing keeping the process alive to finish it.
    slot.worker.ref();
    const terminated = slot.worker.terminate();
    finish(slot, { error });
    return terminated;
  };

  const start = (): Slot => {
    const worker = new Worker(workerUrl!, {
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
      execArgv: workerExecArgv(),
    });
    const slot: Slot = { worker, task: null, timer: null };
    worker.on('message', (reply: ParseReply) => {
      const task = slot.task;
      if (task?.request.id !== reply.id) return;
      if ('articles' in reply) task.articles.push(...reply.articles);
      else finish(slot, reply.ok ? { feed: { ...reply.feed, articles: task.articles } } : { error: replyError(reply.error) });
    });
    worker.on('error', (err) => retire(slot, workerFailure(`the parser thread failed: ${err.message}`, err)));
    worker.on('exit', (code) => retire(slot, workerFailure(`the parser thread exited (code ${code})`)));
    worker.unref();
    slots.push(slot);
    return slot;
  };

  function dispatch(): void {
    while (queue.length > 0 && !closed) {
      const slot = slots.find((s) => s.task === null) ?? (slots.length < size ? start() : null);
      if (slot === null) return;
      const task = queue.shift()!;
      slot.task = task;
      slot.worker.ref();
      slot.timer = setTimeout(() => retire(slot, workerFailure(`parsing took longer than ${timeoutMs} ms`)), timeoutMs);
      const body = task.request.body;
      slot.worker.postMessage(task.request, typeof body === 'string' ? [] : [body.buffer as ArrayBuffer]);
    }
  }

  return {
    parse(body, opts) {
      if (workerUrl === null) return parseFeed(body, opts);
      if (closed) return Promise.reject(workerFailure('the parse pool is closed'));
      // A copy that can be transferred: the caller's Buffer may be a slice of a shared pool.
      const payload = typeof body === 'string' ? body : new Uint8Array(body);
      return new Promise<ParsedFeed>((resolve, reject) => {
        queue.push({ request: { id: nextId++, body: payload, opts }, articles: [], resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const task of queue.splice(0)) task.reject(workerFailure('the parse pool is closed'));
      await Promise.all([...slots].map((slot) => retire(slot, workerFailure('the parse pool is closed'))));
    },
  };
}

function replyError(error: Extract<ParseReply, { ok: false }>['error']): Error {
  if (error.code === null) return new Error(error.message);
  return new NewswatchError(error.code, error.message, { retryable: error.retryable });
}

function workerFailure(message: string, cause?: unknown): NewswatchError {
  return new NewswatchError('PARSE_FAILED', message, cause === undefined ? {} : { cause });
}

let shared: ParsePool | null = null;

/**
 * parseFeed in the shared worker pool (started on first use, closed by closeParsePool).
 * @throws NewswatchError as parseFeed does, and PARSE_FAILED after 10 s or when the worker dies.
 */
export function parseFeedInWorker(body: Buffer | string, opts: ParseOptions): Promise<ParsedFeed> {
  shared ??= createParsePool();
  return shared.parse(body, opts);
}

/** Terminates the shared pool's workers (at shutdown); a later parseFeedInWorker starts a new pool. */
export async function closeParsePool(): Promise<void> {
  const pool = shared;
  shared = null;
  await pool?.close();
}
