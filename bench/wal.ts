/**
 * `npm run bench -- wal [--mb M]`: why the checkpoint worker, not the writer, truncates an oversized WAL
 * (src/store/checkpoint-worker.ts). Fills a WAL with about M MB (default 400) of committed pages, checkpoints them
 * from a second connection, then times the writer's next commits: with `journal_size_limit` set on the writer
 * (SQLite then cuts the file back inside that commit, on the writer's thread) and without it (the file is left for
 * the worker to truncate).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';

const LIMIT_BYTES = 64 * 1024 * 1024;

function trial(dir: string, mb: number, limit: number): { walMb: number; firstMs: number; nextMs: number; afterMb: number } {
  const file = join(dir, `wal-${limit}.db`);
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  db.pragma(`journal_size_limit = ${limit}`);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const blob = Buffer.alloc(4000, 1);
  const write = db.transaction((rows: number) => {
    for (let i = 0; i < rows; i++) insert.run(blob);
  });
  for (let written = 0; written < mb * 1e6; written += 1000 * 4096) write(1000);
  const walMb = statSync(`${file}-wal`).size / 1e6;
  const other = new SQLite(file);
  other.pragma('wal_checkpoint(PASSIVE)');
  other.close();
  const timed = () => {
    const t = performance.now();
    write(1);
    return performance.now() - t;
  };
  const firstMs = timed();
  const nextMs = timed();
  const afterMb = statSync(`${file}-wal`).size / 1e6;
  db.close();
  return { walMb, firstMs, nextMs, afterMb };
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { mb: { type: 'string', default: '400' } }, strict: true });
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-wal-'));
  try {
    console.log(`wal bench: a ${values.mb} MB WAL, every frame checkpointed, then the writer's next two commits`);
    for (const [name, limit] of [['journal_size_limit 64 MB on the writer', LIMIT_BYTES], ['no limit on the writer', -1]] as const) {
      const r = trial(dir, Number(values.mb), limit);
      console.log(`  ${name.padEnd(40)} WAL ${r.walMb.toFixed(0)} MB → first commit ${r.firstMs.toFixed(1)} ms, next ${r.nextMs.toFixed(1)} ms; WAL after ${r.afterMb.toFixed(0)} MB`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
