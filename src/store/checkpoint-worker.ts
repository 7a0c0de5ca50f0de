/**
 * Worker-thread entry of the SQLite checkpointer (checkpointer.ts): copies committed WAL pages into the database
 * file on its own connection, so the event loop never pays for checkpoint writes and their fsync.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { file, intervalMs, walResetFrames, resetWanted } = workerData as { file: string; intervalMs: number; walResetFrames: number; resetWanted: Int32Array };
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

/**
 * A passive checkpoint never waits, but SQLite only rewinds the WAL when a write starts after a complete one: with
 * back-to-back transactions that never happens, and the WAL grew past 5 GB while filling a 300 MB store (every
 * page is rewritten in every transaction that touches it). Past the bound, the main thread is asked to pause its
 * writes for a RESTART checkpoint, which then has only the frames the passive pass left to copy.
 */
const timer = setInterval(() => {
  const result = checkpoint('PASSIVE');
  if (result && result.log >= walResetFrames) Atomics.store(resetWanted, 0, 1);
}, intervalMs);

parentPort!.on('message', (message: string) => {
  if (message === 'reset') {
    // RESTART, not TRUNCATE: the next writes reuse the file's blocks instead of growing it again (journal_size_limit
    // on the writer's connection trims it back to the bound).
    checkpoint('RESTART');
    Atomics.store(resetWanted, 0, 0);
    parentPort!.postMessage('reset-done');
  } else if (message === 'close') {
    clearInterval(timer);
    checkpoint('TRUNCATE');
    db.close();
    parentPort!.postMessage('closed');
  }
});
