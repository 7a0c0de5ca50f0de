/**
 * Worker-thread entry of the SQLite checkpointer (sqlite-store.ts): copies committed WAL pages into the database
 * file on its own connection, so the event loop never pays for checkpoint writes and their fsync.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { file, intervalMs, walResetFrames } = workerData as { file: string; intervalMs: number; walResetFrames: number };
const db = new SQLite(file);
db.pragma('busy_timeout = 5000');

interface CheckpointResult {
  busy: number;
  /** Frames in the WAL. */
  log: number;
  checkpointed: number;
}

const checkpoint = (mode: 'PASSIVE' | 'TRUNCATE'): CheckpointResult | undefined => {
  try {
    return (db.pragma(`wal_checkpoint(${mode})`) as CheckpointResult[])[0];
  } catch {
    // A busy database is checkpointed next time.
    return undefined;
  }
};

/**
 * A passive checkpoint never waits, but SQLite only rewinds the WAL when a write starts after a complete one: with
 * back-to-back transactions that never happens and the WAL grew to gigabytes while filling a 300 MB store (every
 * page rewritten in every transaction that touches it). Past the bound, a TRUNCATE checkpoint holds writers off
 * for the few frames the passive pass left, then empties the file.
 */
const tick = (): void => {
  const result = checkpoint('PASSIVE');
  if (result && result.log >= walResetFrames) checkpoint('TRUNCATE');
};

const timer = setInterval(tick, intervalMs);
parentPort!.on('message', (message: string) => {
  if (message !== 'close') return;
  clearInterval(timer);
  checkpoint('TRUNCATE');
  db.close();
  parentPort!.postMessage('closed');
});
