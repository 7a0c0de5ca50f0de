/**
 * Worker-thread entry of the SQLite checkpointer (checkpointer.ts): copies committed WAL pages into the database
 * file on its own connection, so the event loop never pays for checkpoint writes and their fsync.
 */
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { file, intervalMs, walResetFrames, walLimitBytes, resetWanted } = workerData as {
  file: string;
  intervalMs: number;
  walResetFrames: number;
  walLimitBytes: number;
  resetWanted: Int32Array;
};
const db = new SQLite(file);
db.pragma('busy_timeout = 5000');

interface CheckpointResult {
  busy: number;
  /** Frames in the WAL. */
  log: number;
  checkpointed: number;
}

const checkpoint = (mode: 'PASSIVE' | 'RESTART' | 'TRUNCATE'): CheckpointResult | undefined => {
  try {
    return (db.pragma(`wal_checkpoint(${mode})`) as CheckpointResult[])[0];
  } catch {
    // A busy database is checkpointed next time.
    return undefined;
  }
};

/** After a truncation that found the database busy (a reader in another process), when to try again. */
let truncateRetryAt = 0;
const TRUNCATE_RETRY_MS = 60_000;

/**
 * A passive checkpoint never waits, but SQLite only rewinds the WAL when a write starts after a complete one: with
 * back-to-back transactions that never happens, and the WAL grew past 5 GB while filling a 300 MB store (every
 * page is rewritten in every transaction that touches it). Past the bound, the main thread is asked to pause its
 * writes for a RESTART checkpoint, which then has only the frames the passive pass left to copy.
 */
const timer = setInterval(() => {
  const result = checkpoint('PASSIVE');
  if (result === undefined) return;
  // A WAL file a burst grew past the bound is cut back here too, once every frame is in the database: SQLite would
  // otherwise truncate it (journal_size_limit) in the first commit after the log restarts, on the event loop
  // (`npm run bench -- wal`: 135 ms for a 407 MB file).
  const oversized = result.log === result.checkpointed && Date.now() >= truncateRetryAt && walBytes() > walLimitBytes;
  if (result.log >= walResetFrames || oversized) Atomics.store(resetWanted, 0, 1);
}, intervalMs);

function walBytes(): number {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

parentPort!.on('message', (message: string) => {
  if (message === 'reset') {
    // RESTART while the file is within the bound: the next writes reuse its blocks instead of growing it again.
    if (walBytes() <= walLimitBytes) checkpoint('RESTART');
    else {
      const truncated = checkpoint('TRUNCATE');
      // Every write would otherwise wait for another attempt at it while the reader stays.
      if (truncated === undefined || truncated.busy !== 0) truncateRetryAt = Date.now() + TRUNCATE_RETRY_MS;
    }
    Atomics.store(resetWanted, 0, 0);
    parentPort!.postMessage('reset-done');
  } else if (message === 'close') {
    clearInterval(timer);
    checkpoint('TRUNCATE');
    db.close();
    parentPort!.postMessage('closed');
  }
});
