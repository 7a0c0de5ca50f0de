import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import { compiledWorkerScript } from '../worker-script.js';

const CHECKPOINT_INTERVAL_MS = 1000;
/** WAL frames (4 KB pages) past which the WAL is emptied: 64 MB. */
const WAL_RESET_FRAMES = 16_384;
/** Size past which the WAL file is truncated (by the worker, while queries here wait). */
export const WAL_LIMIT_BYTES = 64 * 1024 * 1024;

export interface Checkpointer {
  /** Awaited before each write transaction: empties the WAL first when the worker has asked for it. */
  beforeWrite(): Promise<void>;
  close(): Promise<void>;
}

/** Runs `work` while no query of this process can start (and none is running). */
export type PauseQueries = (work: () => Promise<void>) => Promise<void>;

/**
 * Moves WAL checkpoints to a worker thread (checkpoint-worker.ts). With SQLite's automatic checkpoint, every ~1000
 * pages one commit on the event loop copies them into the database file and fsyncs: tens of ms, most of the commit
 * time under load. Only when the compiled worker exists (not when running from TypeScript sources): else SQLite's
 * default stays.
 *
 * Emptying the WAL needs a moment without writers. Waiting for one in the worker's busy handler never succeeds
 * under back-to-back transactions (the lock is free for microseconds between them), so the worker raises a shared
 * flag, the next write here pauses every query, and the worker empties the WAL while they wait. A flag in shared
 * memory, not a message: a loop of transactions that never yields to the event loop would never read a message.
 */
export function startCheckpointer(database: SQLite.Database, file: string, pauseQueries: PauseQueries): Checkpointer | null {
  const script = compiledWorkerScript(import.meta.url, 'checkpoint-worker.js');
  if (script === null) return null;
  const resetWanted = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(script, {
    workerData: { file, intervalMs: CHECKPOINT_INTERVAL_MS, walResetFrames: WAL_RESET_FRAMES, walLimitBytes: WAL_LIMIT_BYTES, resetWanted },
  });
  worker.unref();
  let exited = false;
  // Once the worker is gone (closed, or died), SQLite checkpoints on the event loop again rather than let the WAL
  // grow without bound.
  worker.once('exit', () => {
    exited = true;
    if (!database.open) return;
    database.pragma('wal_autocheckpoint = 1000');
    database.pragma(`journal_size_limit = ${WAL_LIMIT_BYTES}`);
  });
  database.pragma('wal_autocheckpoint = 0');
  // The worker truncates an oversized WAL file; SQLite would do it in a commit here, blocking the event loop.
  database.pragma('journal_size_limit = -1');
  const reply = (expected: string) =>
    new Promise<void>((resolve) => {
      const done = () => {
        worker.off('message', onMessage);
        worker.off('exit', done);
        resolve();
      };
      const onMessage = (message: unknown) => message === expected && done();
      worker.on('message', onMessage);
      worker.once('exit', done);
    });
  let resetting: Promise<void> | null = null;
  return {
    beforeWrite: async () => {
      if (exited || Atomics.load(resetWanted, 0) === 0) return;
      resetting ??= pauseQueries(async () => {
        const emptied = reply('reset-done');
        worker.postMessage('reset');
        await emptied;
      }).finally(() => (resetting = null));
      await resetting;
    },
    close: async () => {
      if (exited) return;
      const closed = reply('closed');
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}
