/**
 * Preloaded into the daemon to time SQLite per statement, in the pipeline benchmark or anywhere else:
 *
 *   NEWSWATCH_SQL_TIMER_FILE=/tmp/sql NODE_OPTIONS="--import ./dist-bench/bench/sqlite-statement-timer.js" \
 *     npm run bench -- pipeline --peers none --rounds cold --topics 10000
 *
 * better-sqlite3 runs a statement synchronously inside `run`/`all`/`get`, so wrapping those times SQLite's own work
 * (binding, the B-tree, the WAL writes of a COMMIT) without the caller's. Each process on the main thread writes
 * `<file>-<pid>.txt`: total ms, calls and the statement's first 110 characters, slowest first, every 5 s and at exit.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const file = process.env.NEWSWATCH_SQL_TIMER_FILE;

if (file && isMainThread) {
  // The repository's better-sqlite3: the one the daemon in dist/ loads too (a module is loaded once per process).
  const SQLite = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
  const probe = new SQLite(':memory:');
  const prototype = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();
  const totals = new Map<string, { calls: number; ms: number }>();
  for (const method of ['run', 'all', 'get']) {
    const original = prototype[method]!;
    prototype[method] = function timed(this: { source: string }, ...args: unknown[]) {
      const start = process.hrtime.bigint();
      try {
        return original.apply(this, args);
      } finally {
        const key = `${method} ${this.source.replace(/\s+/g, ' ').slice(0, 110)}`;
        const total = totals.get(key) ?? { calls: 0, ms: 0 };
        total.calls++;
        total.ms += Number(process.hrtime.bigint() - start) / 1e6;
        totals.set(key, total);
      }
    };
  }
  const write = () => {
    const lines = [...totals].sort((a, b) => b[1].ms - a[1].ms).map(([key, t]) => `${t.ms.toFixed(0).padStart(7)} ms ${String(t.calls).padStart(7)}  ${key}`);
    writeFileSync(`${file}-${process.pid}.txt`, `${lines.join('\n')}\n`);
  };
  process.on('exit', write);
  setInterval(write, 5000).unref();
}
