/**
 * Worker-thread entry of the SQLite checkpointer (sqlite-store.ts): copies committed WAL pages into the database
 * file on its own connection, so the event loop never pays for checkpoint writes and their fsync.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new SQLite(file);
db.pragma('busy_timeout = 5000');
const checkpoint = (mode: 'PASSIVE' | 'TRUNCATE') => {
  try {
    db.pragma(`wal_checkpoint(${mode})`);
  } catch {
    // A busy database is checkpointed next time.
  }
};
const timer = setInterval(() => checkpoint('PASSIVE'), intervalMs);
parentPort!.on('message', (message: string) => {
  if (message !== 'close') return;
  clearInterval(timer);
  checkpoint('TRUNCATE');
  db.close();
  parentPort!.postMessage('closed');
});
